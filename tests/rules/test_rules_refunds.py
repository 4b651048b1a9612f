"""R-EN5: full refund up to 14 days from the course start (anytime: from the day access began), and not
after a summative submission."""

from datetime import date

import pytest
from policy_builders import shipped_policy

from microcred.rules.errors import RuleInputError
from microcred.rules.money import Money
from microcred.rules.refunds import RefundDecision, refund_due
from microcred.rules.starts import StartMode

OU = shipped_policy("ou")
PAID = Money(120000, "GBP")
STARTS = date(2026, 3, 2)


def ou_refund(today: date, *, submitted: bool = False) -> RefundDecision:
    return refund_due(
        paid=PAID,
        start_mode=StartMode.COHORT,
        course_starts_on=STARTS,
        access_began_on=None,
        has_summative_submission=submitted,
        today=today,
        policy=OU,
    )


def test_r_en5_refund_on_day_14_is_allowed_in_full() -> None:
    assert ou_refund(date(2026, 3, 16)) == RefundDecision(
        True, PAID, date(2026, 3, 16), "A full refund of £1,200.00 can be requested until 16 March 2026."
    )


def test_r_en5_refund_on_day_15_is_refused() -> None:
    assert ou_refund(date(2026, 3, 17)) == RefundDecision(
        False, Money(0, "GBP"), date(2026, 3, 16), "The refund period ended on 16 March 2026."
    )


def test_r_en5_refund_before_the_course_starts_is_allowed() -> None:
    assert ou_refund(date(2026, 2, 20)).allowed is True


def test_r_en5_no_refund_after_a_summative_submission() -> None:
    assert ou_refund(date(2026, 3, 5), submitted=True) == RefundDecision(
        False, Money(0, "GBP"), date(2026, 3, 16), "No refund once a final assessment has been submitted."
    )


def test_r_en5_anytime_courses_count_from_the_day_access_began() -> None:
    decision = refund_due(
        paid=Money(49500, "GBP"),
        start_mode=StartMode.ANYTIME,
        course_starts_on=None,
        access_began_on=date(2026, 10, 20),
        has_summative_submission=False,
        today=date(2026, 11, 3),
        policy=shipped_policy("uol"),
    )

    assert (decision.allowed, decision.amount, decision.deadline) == (
        True,
        Money(49500, "GBP"),
        date(2026, 11, 3),
    )


def test_r_en5_a_cohort_enrolment_without_its_start_date_is_invalid_input() -> None:
    with pytest.raises(RuleInputError, match="course_starts_on"):
        refund_due(
            paid=PAID,
            start_mode=StartMode.COHORT,
            course_starts_on=None,
            access_began_on=date(2026, 3, 2),
            has_summative_submission=False,
            today=date(2026, 3, 3),
            policy=OU,
        )
