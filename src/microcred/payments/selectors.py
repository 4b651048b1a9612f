"""Reads of the payments app: a learner's ledger and balances, and orders, payments and refunds by reference
prefix for registry officers. Balances are always sums of ledger entries (R-EN7), never stored."""

import uuid

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet, Sum

from microcred.payments.models import Checkout, CheckoutStatus, LedgerEntry, LedgerEntryKind, Refund
from microcred.rules.deduction import MicrocredentialPayment, PaymentKind
from microcred.rules.money import Money

_PAYMENT_KINDS = {LedgerEntryKind.CHARGE: PaymentKind.COURSE, LedgerEntryKind.TOP_UP: PaymentKind.TOP_UP}


def checkout_of_learner(*, public_id: uuid.UUID, learner: AbstractBaseUser, provider: str) -> Checkout | None:
    return Checkout.objects.filter(public_id=public_id, learner_id=learner.pk, provider=provider).first()


def checkout_of_reference(*, reference: str) -> Checkout | None:
    """The checkout that paid for ``reference`` (e.g. ``enrolment:42``): the one to refund."""
    entry = (
        LedgerEntry.objects.filter(reference=reference, kind__in=list(_PAYMENT_KINDS), checkout__isnull=False)
        .select_related("checkout")
        .order_by("-created_at", "-id")
        .first()
    )
    return entry.checkout if entry is not None else None


def ledger_of_learner(*, learner: AbstractBaseUser) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(learner_id=learner.pk).order_by("created_at", "id")


def ledger_balance(*, learner: AbstractBaseUser, currency: str, reference_prefix: str = "") -> Money:
    """The sum of a learner's entries in ``currency``: what they have paid, less what was given back."""
    total = LedgerEntry.objects.filter(
        learner_id=learner.pk, currency=currency, reference__startswith=reference_prefix
    ).aggregate(total=Sum("amount_minor"))["total"]
    return Money(int(total or 0), currency)


def microcredential_payments(
    *, learner: AbstractBaseUser, currency: str, reference_prefix: str = ""
) -> tuple[MicrocredentialPayment, ...]:
    """R-EN6: what a learner paid, one value per reference, net of partial refunds and marked refunded when
    nothing of it is left, for ``rules.deduction.upgrade_deduction``."""
    rows = (
        LedgerEntry.objects.filter(
            learner_id=learner.pk, currency=currency, reference__startswith=reference_prefix
        )
        .exclude(kind=LedgerEntryKind.DEDUCTION)
        .order_by("created_at", "id")
        .values_list("reference", "kind", "amount_minor")
    )
    paid: dict[str, int] = {}
    returned: dict[str, int] = {}
    kinds: dict[str, PaymentKind] = {}
    for reference, kind, amount_minor in rows:
        if kind == LedgerEntryKind.REFUND:
            returned[reference] = returned.get(reference, 0) - amount_minor
        else:
            kinds.setdefault(reference, _PAYMENT_KINDS[LedgerEntryKind(kind)])
            paid[reference] = paid.get(reference, 0) + amount_minor
    return tuple(
        MicrocredentialPayment(
            amount=Money(amount - returned.get(reference, 0), currency),
            kind=kinds[reference],
            refunded=amount <= returned.get(reference, 0),
        )
        for reference, amount in paid.items()
    )


def orders_by_reference_prefix(*, prefix: str) -> QuerySet[Checkout]:
    """Checkouts whose order reference starts with ``prefix``, newest first, with their learner."""
    return Checkout.objects.filter(order_reference__startswith=prefix).select_related("learner")


def paid_orders_by_reference_prefix(*, prefix: str) -> QuerySet[Checkout]:
    """Orders that were paid (refunded ones included, as their money moved)."""
    paid = [CheckoutStatus.PAID, CheckoutStatus.PARTIALLY_REFUNDED, CheckoutStatus.REFUNDED]
    return orders_by_reference_prefix(prefix=prefix).filter(status__in=paid)


def payments_by_reference_prefix(*, prefix: str) -> QuerySet[LedgerEntry]:
    """Charges and top-ups whose reference starts with ``prefix``, newest first."""
    return (
        LedgerEntry.objects.filter(reference__startswith=prefix, kind__in=list(_PAYMENT_KINDS))
        .select_related("learner", "checkout")
        .order_by("-created_at", "-id")
    )


def refunds_by_reference_prefix(*, prefix: str) -> QuerySet[Refund]:
    """Refunds (succeeded, pending and refused) whose reference starts with ``prefix``, newest first."""
    return Refund.objects.filter(reference__startswith=prefix).select_related("checkout", "checkout__learner")
