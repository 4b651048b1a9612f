"""R-EN6: IBERS upgrade deduction, top-ups included, refunds excluded, capped at one 20-credit module."""

from policy_builders import shipped_policy

from microcred.rules.deduction import (
    DeductionDecision,
    MicrocredentialPayment,
    PaymentKind,
    upgrade_deduction,
)
from microcred.rules.money import Money

IBERS = shipped_policy("ibers")


def gbp(amount_minor: int) -> Money:
    return Money(amount_minor, "GBP")


def test_r_en6_courses_and_top_ups_are_deducted_refunds_are_not() -> None:
    payments = [
        MicrocredentialPayment(gbp(10000), PaymentKind.COURSE),
        MicrocredentialPayment(gbp(15000), PaymentKind.TOP_UP),
        MicrocredentialPayment(gbp(25000), PaymentKind.COURSE),
        MicrocredentialPayment(gbp(25000), PaymentKind.COURSE, refunded=True),
    ]

    assert upgrade_deduction(payments, IBERS) == DeductionDecision(
        True, gbp(50000), gbp(50000), gbp(120000), "£500.00 comes off the fee of the first 20-credit module."
    )


def test_r_en6_the_deduction_is_capped_at_one_module_fee() -> None:
    payments = [MicrocredentialPayment(gbp(25000), PaymentKind.COURSE)] * 6

    assert upgrade_deduction(payments, IBERS) == DeductionDecision(
        True,
        gbp(120000),
        gbp(150000),
        gbp(120000),
        "£1,500.00 paid for microcredentials; the deduction is capped at £1,200.00, the fee of one "
        "20-credit module.",
    )


def test_r_en6_nothing_paid_nothing_deducted() -> None:
    assert upgrade_deduction([], IBERS).allowed is False
    assert upgrade_deduction([], IBERS).amount == gbp(0)


def test_r_en6_a_provider_without_the_rule_deducts_nothing() -> None:
    decision = upgrade_deduction(
        [MicrocredentialPayment(gbp(49500), PaymentKind.COURSE)], shipped_policy("uol")
    )

    assert decision == DeductionDecision(
        False, gbp(0), gbp(0), None, "University of London makes no upgrade deduction."
    )
