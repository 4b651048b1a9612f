"""Refunds through ``refund_request`` with the sandbox provider: a refund is a negative ledger entry (R-EN7);
a refused refund is a result that says why and posts nothing (the layer above keeps the enrolment, R-EN5)."""

from collections.abc import Callable

import pytest
from tests.payments.builders import sandbox_pay

from microcred.accounts.models import User
from microcred.payments import selectors, services
from microcred.payments.errors import PaymentInputError
from microcred.payments.models import Checkout, CheckoutStatus, LedgerEntry, Refund, RefundStatus
from microcred.rules.money import Money


def refund(checkout: Checkout, amount_minor: int, reference: str = "enrolment:42") -> Refund:
    return services.refund_request(
        checkout=checkout,
        reference=reference,
        amount=Money(amount_minor, "GBP"),
        reason="R-EN5: asked within 14 days",
        policy_version="uol-2025.2",
    )


@pytest.fixture
def paid_checkout(sandbox_checkout: Callable[..., Checkout]) -> Checkout:
    checkout = sandbox_checkout()
    sandbox_pay(checkout)
    checkout.refresh_from_db()
    return checkout


def test_r_en7_a_full_sandbox_refund_posts_one_negative_entry(paid_checkout: Checkout, learner: User) -> None:
    result = refund(paid_checkout, 49500)

    paid_checkout.refresh_from_db()
    assert (result.status, result.refused_reason) == (RefundStatus.SUCCEEDED, "")
    assert result.provider_refund_id.startswith("sandbox_re_")
    assert paid_checkout.status == CheckoutStatus.REFUNDED
    assert list(
        LedgerEntry.objects.order_by("id").values_list(
            "kind", "amount_minor", "reference", "policy_version", "refund_id"
        )
    ) == [
        ("charge", 49500, "enrolment:42", "uol-2025.1", None),
        ("refund", -49500, "enrolment:42", "uol-2025.2", result.pk),
    ]
    assert selectors.ledger_balance(learner=learner, currency="GBP") == Money(0, "GBP")


def test_partial_refunds_add_up_to_the_line_and_no_further(paid_checkout: Checkout) -> None:
    refund(paid_checkout, 20000)
    paid_checkout.refresh_from_db()
    assert paid_checkout.status == CheckoutStatus.PARTIALLY_REFUNDED

    refund(paid_checkout, 29500)
    paid_checkout.refresh_from_db()
    assert paid_checkout.status == CheckoutStatus.REFUNDED

    with pytest.raises(
        PaymentInputError, match=r"^checkout: is refunded: only a paid checkout can be refunded$"
    ):
        refund(paid_checkout, 1)
    assert sorted(LedgerEntry.objects.values_list("amount_minor", flat=True)) == [-29500, -20000, 49500]


def test_a_refund_larger_than_what_is_left_is_refused_naming_the_amount(paid_checkout: Checkout) -> None:
    refund(paid_checkout, 40000)

    with pytest.raises(PaymentInputError) as raised:
        refund(paid_checkout, 9501)

    assert (raised.value.field, raised.value.reason) == (
        "amount",
        "£95.01 is more than the £95.00 left to refund",
    )
    assert Refund.objects.count() == 1


def test_refund_refused_by_the_provider_says_so_and_posts_nothing(
    sandbox_checkout: Callable[..., Checkout],
) -> None:
    # given: paid with the sandbox's test card whose refunds are refused
    checkout = sandbox_checkout()
    sandbox_pay(checkout, "4000 0000 0000 0341")

    # when
    result = refund(checkout, 49500)

    # then
    checkout.refresh_from_db()
    assert result.status == RefundStatus.REFUSED
    assert (
        result.refused_reason
        == "The sandbox refuses refunds of payments made with test card 4000 0000 0000 0341."
    )
    assert list(LedgerEntry.objects.values_list("kind", "amount_minor")) == [("charge", 49500)]
    assert checkout.status == CheckoutStatus.PAID
    assert Refund.objects.get().status == RefundStatus.REFUSED


@pytest.mark.parametrize(
    ("reference", "amount", "field", "reason"),
    [
        ("enrolment:99", Money(100, "GBP"), "reference", "the checkout has no line 'enrolment:99'"),
        ("enrolment:42", Money(100, "EUR"), "amount", "is in EUR, but the checkout is in GBP"),
        ("enrolment:42", Money(0, "GBP"), "amount", "must be more than nothing, got 0 minor units"),
    ],
)
def test_a_refund_request_that_cannot_be_acted_on_names_the_field(
    paid_checkout: Checkout, reference: str, amount: Money, field: str, reason: str
) -> None:
    with pytest.raises(PaymentInputError) as raised:
        services.refund_request(
            checkout=paid_checkout,
            reference=reference,
            amount=amount,
            reason="asked",
            policy_version="uol-2025.1",
        )

    assert (raised.value.field, raised.value.reason) == (field, reason)
    assert Refund.objects.count() == 0


def test_an_unpaid_checkout_cannot_be_refunded(sandbox_checkout: Callable[..., Checkout]) -> None:
    checkout = sandbox_checkout()

    with pytest.raises(PaymentInputError, match=r"^checkout: is open: only a paid checkout can be refunded$"):
        refund(checkout, 100)

    assert Refund.objects.count() == 0
