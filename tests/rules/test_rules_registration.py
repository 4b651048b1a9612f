"""R-EN4: IBERS registration lasts a year; one spanning 1 September is renewed then, access paused until."""

from datetime import date

import pytest
from policy_builders import shipped_policy

from microcred.rules.errors import RuleInputError
from microcred.rules.registration import (
    AccessState,
    RegistrationAccess,
    re_registration_due_on,
    registration_access,
    registration_expires_on,
)

RULES = shipped_policy("ibers").registration
assert RULES is not None
MARCH = date(2026, 3, 15)


def test_r_en4_registration_lasts_one_year() -> None:
    assert registration_expires_on(MARCH, RULES) == date(2027, 3, 15)
    assert registration_expires_on(date(2024, 2, 29), RULES) == date(2025, 2, 28)


@pytest.mark.parametrize(
    ("registered_on", "due_on"),
    [
        (date(2026, 3, 15), date(2026, 9, 1)),
        (date(2026, 8, 31), date(2026, 9, 1)),
        (date(2026, 9, 1), None),
        (date(2026, 9, 2), date(2027, 9, 1)),
    ],
)
def test_r_en4_a_registration_spanning_1_september_needs_re_registration(
    registered_on: date, due_on: date | None
) -> None:
    assert re_registration_due_on(registered_on, RULES) == due_on


def test_r_en4_access_is_active_until_the_academic_year_starts() -> None:
    assert registration_access(MARCH, None, date(2026, 8, 31), RULES) == RegistrationAccess(
        AccessState.ACTIVE, date(2027, 3, 15), date(2026, 9, 1), "Registered until 15 March 2027."
    )


def test_r_en4_access_is_paused_from_1_september_until_re_registration() -> None:
    paused = registration_access(MARCH, None, date(2026, 9, 1), RULES)

    assert paused == RegistrationAccess(
        AccessState.PAUSED,
        date(2027, 3, 15),
        date(2026, 9, 1),
        "Access is paused until you re-register for the academic year that began 1 September 2026.",
    )
    assert paused.has_access is False


def test_r_en4_re_registering_in_september_restores_access_and_keeps_the_expiry() -> None:
    access = registration_access(MARCH, date(2026, 9, 3), date(2026, 9, 3), RULES)

    assert (access.state, access.expires_on, access.has_access) == (
        AccessState.ACTIVE,
        date(2027, 3, 15),
        True,
    )


def test_r_en4_re_registering_before_september_does_not_count() -> None:
    assert registration_access(MARCH, date(2026, 8, 20), date(2026, 9, 2), RULES).state is AccessState.PAUSED


def test_r_en4_access_ends_when_the_registration_expires() -> None:
    assert registration_access(MARCH, date(2026, 9, 3), date(2027, 3, 15), RULES) == RegistrationAccess(
        AccessState.EXPIRED, date(2027, 3, 15), date(2026, 9, 1), "The registration expired on 15 March 2027."
    )


def test_r_en4_a_re_registration_before_the_registration_is_invalid_input() -> None:
    with pytest.raises(RuleInputError, match="last_re_registered_on"):
        registration_access(MARCH, date(2026, 3, 1), date(2026, 4, 1), RULES)
