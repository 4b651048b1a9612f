"""R-LE3: a help-area answer is due 48 hours after the question; staff see it nearing and past the target."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from policy_builders import shipped_policy

from microcred.rules.errors import RuleInputError
from microcred.rules.help_area import AnswerState, answer_due_at, answer_status

HELP = shipped_policy("ou").help
ASKED = datetime(2026, 10, 24, 12, 0, tzinfo=ZoneInfo("Europe/London"))


def test_r_le3_the_answer_is_due_48_elapsed_hours_later_across_the_clock_change() -> None:
    assert answer_due_at(ASKED, HELP) == datetime(2026, 10, 26, 11, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("hours_later", "state"),
    [
        (35, AnswerState.WAITING),
        (36, AnswerState.NEARING),
        (47, AnswerState.NEARING),
        (48, AnswerState.OVERDUE),
    ],
)
def test_r_le3_staff_see_questions_nearing_or_past_the_target(hours_later: int, state: AnswerState) -> None:
    # Elapsed hours: adding to a London wall-clock time would slip an hour over the October change.
    now = ASKED.astimezone(UTC) + timedelta(hours=hours_later)

    assert answer_status(ASKED, False, now, HELP).state is state


def test_r_le3_an_answered_question_is_answered_however_late() -> None:
    assert answer_status(ASKED, True, ASKED + timedelta(hours=100), HELP).state is AnswerState.ANSWERED


def test_r_le3_now_before_the_question_is_invalid_input() -> None:
    with pytest.raises(RuleInputError, match="now: cannot be before the question was asked"):
        answer_status(ASKED, False, ASKED - timedelta(hours=1), HELP)
