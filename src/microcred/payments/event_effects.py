"""What a verified provider event does to its (locked) checkout. Each function returns why the event was
ignored, or "" when it was applied. Private to ``services.provider_event_handle``."""

import logging

from django.utils import timezone

from microcred.payments.handoff import handler_call
from microcred.payments.ledger import (
    charges_post,
    refund_post,
    refund_status_set,
    refunded_by_reference,
    refunded_minor,
)
from microcred.payments.models import (
    PAYABLE_STATUSES,
    REFUNDABLE_STATUSES,
    Checkout,
    CheckoutStatus,
    ProviderEvent,
    Refund,
    RefundStatus,
)
from microcred.payments.providers.base import EventKind, ProviderEventData

logger = logging.getLogger(__name__)

_CLOSING_STATUS = {
    EventKind.CHECKOUT_DECLINED: CheckoutStatus.DECLINED,
    EventKind.CHECKOUT_CANCELLED: CheckoutStatus.CANCELLED,
    EventKind.CHECKOUT_EXPIRED: CheckoutStatus.EXPIRED,
}


def event_apply(event: ProviderEventData, recorded: ProviderEvent, checkout: Checkout | None) -> str:
    if event.kind == EventKind.OTHER:
        return "the platform does not act on this event type"
    if checkout is None:
        return "no checkout of this provider matches the event"
    if event.kind == EventKind.CHECKOUT_PAID:
        return _paid_apply(checkout, event, recorded)
    if event.kind == EventKind.PAYMENT_REFUNDED:
        return _refunded_apply(checkout, event, recorded)
    return _closed_apply(checkout, event, _CLOSING_STATUS[event.kind])


def _already(checkout: Checkout) -> str:
    return f"the checkout is already {checkout.get_status_display().lower()}"


def _paid_apply(checkout: Checkout, event: ProviderEventData, recorded: ProviderEvent) -> str:
    if checkout.status not in PAYABLE_STATUSES:
        return _already(checkout)
    if (event.amount_minor, event.currency) != (checkout.amount_minor, checkout.currency):
        logger.error("payments: checkout %s paid with a different amount: %s", checkout.public_id, event)
        expected = f"{checkout.amount_minor} {checkout.currency}"
        return f"paid {event.amount_minor} {event.currency}, but the checkout is for {expected}"
    checkout.status = CheckoutStatus.PAID
    checkout.paid_at = timezone.now()
    checkout.provider_payment_id = event.provider_payment_id
    checkout.decline_reason = ""
    checkout.save(update_fields=["status", "paid_at", "provider_payment_id", "decline_reason", "updated_at"])
    charges_post(checkout, recorded)
    handler_call("PAYMENTS_FULFILMENT_HANDLER", checkout)
    return ""


def _closed_apply(checkout: Checkout, event: ProviderEventData, status: CheckoutStatus) -> str:
    """Declined, cancelled or expired: the checkout says so, and nothing else changes."""
    if checkout.status not in PAYABLE_STATUSES:
        return _already(checkout)
    checkout.status = status
    checkout.decline_reason = event.decline_reason
    checkout.save(update_fields=["status", "decline_reason", "updated_at"])
    return ""


def _refunded_apply(checkout: Checkout, event: ProviderEventData, recorded: ProviderEvent) -> str:
    """The event carries the provider's running total of refunds: confirm the pending refunds it covers, then
    record what is still unaccounted for as refunds made at the provider (its dashboard)."""
    if checkout.status not in REFUNDABLE_STATUSES:
        return f"the checkout is {checkout.get_status_display().lower()}, not paid"
    provider_total = event.amount_minor or 0
    before = refunded_minor(checkout)
    confirmed = before
    for pending in checkout.refunds.filter(status=RefundStatus.PENDING).order_by("created_at", "id"):
        if confirmed + pending.amount_minor <= provider_total:
            pending.status = RefundStatus.SUCCEEDED
            pending.save(update_fields=["status"])
            refund_post(pending, recorded)
            handler_call("PAYMENTS_REFUND_HANDLER", pending)
            confirmed += pending.amount_minor
    if provider_total > confirmed:
        _provider_refunds_record(checkout, recorded, provider_total - confirmed)
    elif confirmed == before:
        return "every refund in it is already recorded"
    refund_status_set(checkout)
    return ""


def _provider_refunds_record(checkout: Checkout, recorded: ProviderEvent, amount_minor: int) -> None:
    """Share a refund made at the provider over the lines in order, each up to what is left of it."""
    refunded = refunded_by_reference(checkout)
    for line in checkout.lines:
        part = min(amount_minor, line["amount_minor"] - refunded.get(line["reference"], 0))
        if part <= 0:
            continue
        refund = Refund.objects.create(
            checkout=checkout,
            reference=line["reference"],
            amount_minor=part,
            currency=checkout.currency,
            reason="Refunded at the payment provider",
            policy_version=line["policy_version"],
            status=RefundStatus.SUCCEEDED,
        )
        refund_post(refund, recorded)
        handler_call("PAYMENTS_REFUND_HANDLER", refund)
        amount_minor -= part
