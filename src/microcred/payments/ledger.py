"""Posting to the ledger (R-EN7) for checkouts and refunds, and the refund totals a checkout's status follows.
Private to the payments services: the layer above posts through ``services.ledger_entry_post``."""

from django.db.models import Sum

from microcred.payments.models import (
    Checkout,
    CheckoutStatus,
    LedgerEntry,
    LedgerEntryKind,
    ProviderEvent,
    Refund,
    RefundStatus,
)


def charges_post(checkout: Checkout, provider_event: ProviderEvent) -> None:
    """One entry per line of a paid checkout, each under the line's own reference and policy version. The
    idempotency key makes a second posting for the same checkout fail rather than count twice."""
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            kind=line["kind"],
            amount_minor=line["amount_minor"],
            currency=checkout.currency,
            learner_id=checkout.learner_id,
            reference=line["reference"],
            order_reference=checkout.order_reference,
            policy_version=line["policy_version"],
            idempotency_key=f"checkout:{checkout.public_id}:{line['reference']}",
            checkout=checkout,
            provider_event=provider_event,
        )
        for line in checkout.lines
    )


def refund_post(refund: Refund, provider_event: ProviderEvent | None) -> None:
    checkout = refund.checkout
    LedgerEntry.objects.create(
        kind=LedgerEntryKind.REFUND,
        amount_minor=-refund.amount_minor,
        currency=refund.currency,
        learner_id=checkout.learner_id,
        reference=refund.reference,
        order_reference=checkout.order_reference,
        policy_version=refund.policy_version,
        idempotency_key=f"refund:{refund.public_id}",
        checkout=checkout,
        refund=refund,
        provider_event=provider_event,
    )


def refunded_minor(checkout: Checkout) -> int:
    total = checkout.refunds.filter(status=RefundStatus.SUCCEEDED).aggregate(total=Sum("amount_minor"))[
        "total"
    ]
    return int(total or 0)


def refunds_taken_minor(checkout: Checkout, reference: str) -> int:
    """What refunds already take from one line: succeeded, and pending ones that may yet succeed."""
    taken = checkout.refunds.filter(
        reference=reference, status__in=[RefundStatus.SUCCEEDED, RefundStatus.PENDING]
    ).aggregate(total=Sum("amount_minor"))["total"]
    return int(taken or 0)


def refunded_by_reference(checkout: Checkout) -> dict[str, int]:
    rows = (
        checkout.refunds.filter(status=RefundStatus.SUCCEEDED)
        .values("reference")
        .annotate(total=Sum("amount_minor"))
        .values_list("reference", "total")
    )
    return {reference: int(total) for reference, total in rows}


def refund_status_set(checkout: Checkout) -> None:
    refunded = refunded_minor(checkout)
    if refunded >= checkout.amount_minor:
        checkout.status = CheckoutStatus.REFUNDED
    elif refunded > 0:
        checkout.status = CheckoutStatus.PARTIALLY_REFUNDED
    checkout.save(update_fields=["status", "updated_at"])
