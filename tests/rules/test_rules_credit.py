"""R-CR1 credit and hours, ECTS; R-CR2 levels; R-CR4 credit validity."""

import dataclasses
from datetime import date
from fractions import Fraction

import pytest
from policy_builders import shipped_policy

from microcred.rules.credit import (
    credit_expires_on,
    ects_credits,
    format_ects,
    is_credit_valid,
    is_credit_within_years,
    level_of,
    notional_hours,
)
from microcred.rules.errors import RuleInputError
from microcred.rules.policy import Cycle, EctsConversion

CREDIT = shipped_policy("uol").credit


@pytest.mark.parametrize(("credits", "hours"), [(15, 150), (5, 50), (0, 0), (180, 1800)])
def test_r_cr1_one_credit_is_ten_notional_hours(credits: int, hours: int) -> None:
    assert notional_hours(credits, CREDIT) == hours


@pytest.mark.parametrize(
    ("credits", "ects", "text"),
    [(15, Fraction(15, 2), "7.5"), (5, Fraction(5, 2), "2.5"), (60, Fraction(30), "30")],
)
def test_r_cr1_ects_is_uk_credits_over_two_exactly(credits: int, ects: Fraction, text: str) -> None:
    assert ects_credits(credits, CREDIT) == ects
    assert format_ects(ects_credits(credits, CREDIT)) == text


def test_r_cr1_a_policy_may_state_another_ects_conversion() -> None:
    three_to_two = dataclasses.replace(CREDIT, ects=EctsConversion(uk_credits=3, ects=2))

    assert ects_credits(15, three_to_two) == Fraction(10)
    assert format_ects(ects_credits(5, three_to_two)) == "3.33"


@pytest.mark.parametrize("credits", [-1, True, 1.5])
def test_r_cr1_credits_must_be_a_whole_number_of_zero_or_more(credits: object) -> None:
    with pytest.raises(RuleInputError, match="credits: a whole number of 0 or more is required"):
        notional_hours(credits, CREDIT)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("level", "eqf", "cycle", "description"),
    [
        (4, 5, None, "FHEQ level 4 (EQF level 5)"),
        (5, 5, Cycle.SHORT, "FHEQ level 5 (EQF level 5, QF-EHEA short cycle)"),
        (6, 6, Cycle.FIRST, "FHEQ level 6 (EQF level 6, QF-EHEA first cycle)"),
        (7, 7, Cycle.SECOND, "FHEQ level 7 (EQF level 7, QF-EHEA second cycle)"),
        (8, 8, Cycle.THIRD, "FHEQ level 8 (EQF level 8, QF-EHEA third cycle)"),
    ],
)
def test_r_cr2_fheq_levels_map_to_eqf_and_qf_ehea(
    level: int, eqf: int, cycle: Cycle | None, description: str
) -> None:
    mapped = level_of(level, CREDIT)

    assert (mapped.eqf_level, mapped.cycle, mapped.description) == (eqf, cycle, description)


def test_r_cr2_a_level_outside_the_framework_is_invalid_input() -> None:
    with pytest.raises(RuleInputError, match=r"level: FHEQ has no level 9 \(known: 4, 5, 6, 7, 8\)"):
        level_of(9, CREDIT)


def test_r_cr4_uol_credit_stays_valid() -> None:
    assert credit_expires_on(date(2026, 1, 10), CREDIT) is None
    assert is_credit_valid(date(2026, 1, 10), date(2046, 1, 10), CREDIT) is True


def test_r_cr4_a_policy_may_give_credit_a_currency() -> None:
    five_years = dataclasses.replace(CREDIT, validity_years=5)

    assert credit_expires_on(date(2024, 2, 29), five_years) == date(2029, 2, 28)
    assert is_credit_valid(date(2024, 2, 29), date(2029, 2, 27), five_years) is True
    assert is_credit_valid(date(2024, 2, 29), date(2029, 2, 28), five_years) is False


def test_r_cr4_credit_within_a_qualifications_study_duration() -> None:
    assert is_credit_within_years(date(2020, 6, 1), date(2026, 5, 31), 6) is True
    assert is_credit_within_years(date(2020, 6, 1), date(2026, 6, 1), 6) is False
