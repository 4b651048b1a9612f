"""The ledger (R-EN7): integer minor units, entries never changed, balances summed from entries; the
selectors registry officers' pages and the R-EN6 upgrade deduction will read."""

from collections.abc import Callable

import pytest
from django.db import IntegrityError, transaction
from tests.payments.builders import course_line, sandbox_pay

from microcred.accounts.models import User
from microcred.payments import selectors, services
from microcred.payments.errors import PaymentInputError
from microcred.payments.models import Checkout, LedgerEntry, LedgerEntryKind
from microcred.rules.deduction import MicrocredentialPayment, PaymentKind
from microcred.rules.money import Money


def post(
    learner: User, kind: LedgerEntryKind, amount_minor: int, key: str, reference: str = "top-up:7"
) -> LedgerEntry:
    return services.ledger_entry_post(
        learner=learner,
        kind=kind,
        amount=Money(amount_minor, "GBP"),
        reference=reference,
        policy_version="ibers-2025.1",
        idempotency_key=key,
    )


def test_r_en7_top_ups_are_positive_and_deductions_negative(learner: User) -> None:
    post(learner, LedgerEntryKind.TOP_UP, 15000, "top-up:7")
    post(learner, LedgerEntryKind.DEDUCTION, 5000, "deduction:3", reference="upgrade:3")

    assert list(LedgerEntry.objects.order_by("id").values_list("kind", "amount_minor", "reference")) == [
        ("top_up", 15000, "top-up:7"),
        ("deduction", -5000, "upgrade:3"),
    ]
    assert selectors.ledger_balance(learner=learner, currency="GBP") == Money(10000, "GBP")


def test_r_en7_the_same_key_posts_once(learner: User) -> None:
    first = post(learner, LedgerEntryKind.TOP_UP, 15000, "top-up:7")

    second = post(learner, LedgerEntryKind.TOP_UP, 15000, "top-up:7")

    assert second.pk == first.pk
    assert LedgerEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("kind", "amount_minor", "field"),
    [
        (LedgerEntryKind.CHARGE, 100, "kind"),
        (LedgerEntryKind.REFUND, 100, "kind"),
        (LedgerEntryKind.TOP_UP, 0, "amount"),
        (LedgerEntryKind.DEDUCTION, -100, "amount"),
    ],
)
def test_only_top_ups_and_deductions_of_some_money_are_posted_directly(
    learner: User, kind: LedgerEntryKind, amount_minor: int, field: str
) -> None:
    with pytest.raises(PaymentInputError) as raised:
        post(learner, kind, amount_minor, "key:1")

    assert raised.value.field == field
    assert LedgerEntry.objects.count() == 0


def test_r_en7_the_database_refuses_an_entry_whose_sign_contradicts_its_kind(learner: User) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            kind=LedgerEntryKind.REFUND,
            amount_minor=500,
            currency="GBP",
            learner=learner,
            reference="enrolment:42",
            idempotency_key="wrong-sign",
        )
    assert LedgerEntry.objects.count() == 0


def test_a_learners_ledger_holds_only_their_own_entries_in_order(
    sandbox_checkout: Callable[..., Checkout], learner: User, other_learner: User
) -> None:
    sandbox_pay(sandbox_checkout())
    post(learner, LedgerEntryKind.TOP_UP, 15000, "top-up:7")
    post(other_learner, LedgerEntryKind.TOP_UP, 15000, "top-up:8", reference="top-up:8")

    ledger = selectors.ledger_of_learner(learner=learner)

    assert [(entry.kind, entry.amount_minor) for entry in ledger] == [("charge", 49500), ("top_up", 15000)]
    assert selectors.ledger_balance(learner=learner, currency="GBP") == Money(64500, "GBP")
    assert selectors.ledger_balance(learner=learner, currency="GBP", reference_prefix="enrolment:") == Money(
        49500, "GBP"
    )
    assert selectors.ledger_balance(learner=learner, currency="EUR") == Money(0, "EUR")


def test_r_en6_payments_for_the_upgrade_deduction_are_net_of_refunds(
    sandbox_checkout: Callable[..., Checkout], learner: User
) -> None:
    # given: two courses paid, one refunded in full, one partly; and a top-up
    checkout = sandbox_checkout(
        lines=(course_line("enrolment:42", 49500), course_line("enrolment:43", 10000))
    )
    sandbox_pay(checkout)
    checkout.refresh_from_db()
    for reference, amount_minor in (("enrolment:42", 49500), ("enrolment:43", 2500)):
        services.refund_request(
            checkout=checkout,
            reference=reference,
            amount=Money(amount_minor, "GBP"),
            reason="asked",
            policy_version="uol-2025.1",
        )
    post(learner, LedgerEntryKind.TOP_UP, 15000, "top-up:7")

    payments = selectors.microcredential_payments(learner=learner, currency="GBP")

    assert payments == (
        MicrocredentialPayment(Money(0, "GBP"), PaymentKind.COURSE, refunded=True),
        MicrocredentialPayment(Money(7500, "GBP"), PaymentKind.COURSE, refunded=False),
        MicrocredentialPayment(Money(15000, "GBP"), PaymentKind.TOP_UP, refunded=False),
    )


def test_orders_payments_and_refunds_by_reference_prefix(
    sandbox_checkout: Callable[..., Checkout], learner: User
) -> None:
    checkout = sandbox_checkout(
        lines=(course_line("uol/enrolment:42", 49500), course_line("ou/enrolment:9", 12000))
    )
    sandbox_pay(checkout)
    checkout.refresh_from_db()
    services.refund_request(
        checkout=checkout,
        reference="uol/enrolment:42",
        amount=Money(49500, "GBP"),
        reason="asked",
        policy_version="uol-2025.1",
    )

    assert list(selectors.orders_by_reference_prefix(prefix="order:")) == [checkout]
    assert list(selectors.paid_orders_by_reference_prefix(prefix="order:")) == [checkout]
    assert [entry.reference for entry in selectors.payments_by_reference_prefix(prefix="uol/")] == [
        "uol/enrolment:42"
    ]
    assert [(r.reference, r.amount_minor) for r in selectors.refunds_by_reference_prefix(prefix="uol/")] == [
        ("uol/enrolment:42", 49500)
    ]
    assert list(selectors.refunds_by_reference_prefix(prefix="ou/")) == []
    assert selectors.checkout_of_reference(reference="ou/enrolment:9") == checkout
    assert selectors.checkout_of_reference(reference="ou/enrolment:10") is None
