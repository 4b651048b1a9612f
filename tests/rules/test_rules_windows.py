"""R-AS2: monthly submission windows, days 1–7 closing 23:59 Europe/London, right across clock changes."""

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from policy_builders import policy_with, shipped_policy

from microcred.rules.errors import RuleInputError
from microcred.rules.windows import (
    is_window_open,
    next_window,
    submission_window_decision,
    window_at,
    windows_in_month,
)

UOL = shipped_policy("uol")
LONDON = ZoneInfo("Europe/London")
# A window over the last days of the month, so it contains the clock changes (28 March 2027, 25 October 2026).
LATE = policy_with("uol", {"assessment.windows.spans": [{"first_day": 24, "last_day": 28}]})


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("at", "is_open"),
    [
        (utc("2026-03-07 23:59:59"), True),  # 23:59:59 GMT
        (utc("2026-03-08 00:00:00"), False),  # 00:00 GMT on the 8th
        (utc("2026-04-07 22:59:59"), True),  # 23:59:59 BST
        (utc("2026-04-07 23:00:00"), False),  # 00:00 BST on the 8th, still the 7th in UTC
        (utc("2026-03-31 22:59:59"), False),  # 23:59:59 BST on 31 March
        (utc("2026-03-31 23:00:00"), True),  # 00:00 BST on 1 April
        (utc("2026-11-07 23:59:59"), True),  # 23:59:59 GMT after the October change
        (utc("2026-11-08 00:00:00"), False),
    ],
)
def test_r_as2_uol_window_edges_at_23_59_london_in_gmt_and_bst(at: datetime, is_open: bool) -> None:
    assert is_window_open(at, UOL) is is_open


def test_r_as2_a_window_spanning_the_march_clock_change_opens_in_gmt_and_closes_in_bst() -> None:
    (window,) = windows_in_month(2027, 3, LATE)

    assert window.opens_at.astimezone(UTC) == utc("2027-03-24 00:00")
    assert window.closes_at.astimezone(UTC) == utc("2027-03-28 22:59")
    assert is_window_open(utc("2027-03-28 22:59:59"), LATE) is True
    assert is_window_open(utc("2027-03-28 23:00:00"), LATE) is False


def test_r_as2_a_window_spanning_the_october_clock_change_opens_in_bst_and_closes_in_gmt() -> None:
    (window,) = windows_in_month(2026, 10, LATE)

    assert window.opens_at.astimezone(UTC) == utc("2026-10-23 23:00")
    assert window.closes_at.astimezone(UTC) == utc("2026-10-28 23:59")
    assert is_window_open(utc("2026-10-23 22:59:59"), LATE) is False
    assert is_window_open(utc("2026-10-23 23:00:00"), LATE) is True
    assert is_window_open(utc("2026-10-28 23:59:59"), LATE) is True
    assert is_window_open(utc("2026-10-29 00:00:00"), LATE) is False


def test_r_as2_a_submission_outside_a_window_is_refused_with_the_next_opening() -> None:
    decision = submission_window_decision(utc("2026-03-20 12:00"), UOL)

    assert (decision.allowed, decision.window, decision.reason) == (
        False,
        None,
        "No submission window is open; the next opens 1 April 2026 at 00:00.",
    )
    assert decision.next_window is not None
    assert decision.next_window.opens_at.astimezone(UTC) == utc("2026-03-31 23:00")
    assert decision.next_window.closes_at.astimezone(UTC) == utc("2026-04-07 22:59")


def test_r_as2_a_submission_inside_a_window_is_allowed_until_it_closes() -> None:
    decision = submission_window_decision(utc("2026-04-03 09:00"), UOL)

    assert (decision.allowed, decision.reason) == (True, "The window is open until 7 April 2026 at 23:59.")
    assert decision.window == window_at(utc("2026-04-03 09:00"), UOL)


def test_r_as2_the_december_window_is_followed_by_january() -> None:
    upcoming = next_window(utc("2026-12-10 00:00"), UOL)

    assert upcoming is not None
    assert upcoming.description == "1 January 2027 at 00:00 to 7 January 2027 at 23:59"


def test_r_as2_continuous_submission_is_always_open() -> None:
    ou = shipped_policy("ou")

    assert submission_window_decision(utc("2026-03-20 12:00"), ou).allowed is True
    assert next_window(utc("2026-03-20 12:00"), ou) is None


def test_r_as2_a_naive_datetime_is_invalid_input() -> None:
    with pytest.raises(RuleInputError, match="at: a timezone-aware datetime is required"):
        is_window_open(datetime(2026, 4, 1, 12, 0), UOL)  # noqa: DTZ001 - the input being refused


# Hypothesis takes naive bounds and attaches the zone itself.
instants = st.datetimes(
    min_value=datetime(2020, 1, 1),  # noqa: DTZ001
    max_value=datetime(2035, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
# Two valid spans of one month, in order and apart: four distinct days, sorted.
span_pairs = (
    st.lists(st.integers(1, 28), min_size=4, max_size=4, unique=True)
    .map(sorted)
    .map(
        lambda days: [
            {"first_day": days[0], "last_day": days[1]},
            {"first_day": days[2], "last_day": days[3]},
        ]
    )
)


@given(instants)
def test_r_as2_uol_window_is_open_exactly_on_local_days_1_to_7(at: datetime) -> None:
    assert is_window_open(at, UOL) is (at.astimezone(LONDON).day <= 7)


@given(instants)
def test_r_as2_the_next_window_opens_after_the_instant_at_local_midnight_on_day_1(at: datetime) -> None:
    upcoming = next_window(at, UOL)

    assert upcoming is not None
    assert upcoming.opens_at > at
    assert upcoming.opens_at - at <= timedelta(days=32)
    assert (upcoming.opens_at.day, upcoming.opens_at.hour, upcoming.opens_at.minute) == (1, 0, 0)


@given(span_pairs, st.integers(2020, 2035), st.integers(1, 12))
def test_r_as2_windows_never_overlap_and_come_in_order(
    spans: list[dict[str, int]], year: int, month: int
) -> None:
    policy = policy_with("uol", {"assessment.windows.spans": spans})
    windows = windows_in_month(year, month, policy) + windows_in_month(
        year + month // 12, month % 12 + 1, policy
    )

    for earlier, later in pairwise(windows):
        assert earlier.opens_at < earlier.closes_at
        assert earlier.closes_at.astimezone(UTC) + timedelta(minutes=1) <= later.opens_at.astimezone(UTC)
