"""Every write of the payments app: one function per use case, each one transaction.

- ``checkout_create``: open a checkout for an order (a double-clicked "Pay" gets the same checkout back).
- ``provider_event_handle``: verify a provider event, record it under its id, apply it; a second delivery of
  the same event, even at the same moment, changes nothing (R-EN7).
- ``refund_request``: give back money for one line of a paid checkout; a refusal is recorded, not raised.
- ``ledger_entry_post``: top-ups and deductions the layer above posts directly.

The checkout row is locked (``select_for_update``) in one place, ``_checkout_for_update``. How a paid
checkout reaches the enrolment app is in ``handoff``.
"""

import logging
from collections.abc import Mapping, Sequence
from enum import StrEnum

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction

from microcred.payments.checkout_lines import CheckoutLine, checked_amount, checked_lines, checked_text
from microcred.payments.errors import PaymentInputError
from microcred.payments.event_effects import event_apply
from microcred.payments.ledger import refund_post, refund_status_set, refunds_taken_minor
from microcred.payments.models import (
    REFUNDABLE_STATUSES,
    Checkout,
    EventOutcome,
    LedgerEntry,
    LedgerEntryKind,
    ProviderEvent,
    Refund,
    RefundStatus,
)
from microcred.payments.providers import configured_provider, provider_named
from microcred.payments.providers.base import EventKind, ProviderEventData
from microcred.rules.money import Money

logger = logging.getLogger(__name__)

DIRECT_KINDS = (LedgerEntryKind.TOP_UP, LedgerEntryKind.DEDUCTION)


class EventResult(StrEnum):
    """What ``provider_event_handle`` did; the webhook answers 200 with it."""

    APPLIED = "applied"
    IGNORED = "ignored"
    DUPLICATE = "duplicate"


def checkout_create(
    *,
    learner: AbstractBaseUser,
    lines: Sequence[CheckoutLine],
    order_reference: str,
    idempotency_key: str,
    success_url: str,
    cancel_url: str,
) -> Checkout:
    """Open a checkout with the provider of ``PAYMENTS_PROVIDER``. The amount is the sum of the lines (all in
    one currency), fixed now (R-EN2). The same ``idempotency_key`` returns the checkout it first made,
    whatever the lines say now. Raises ``PaymentInputError`` or ``ProviderUnavailable``."""
    amount = checked_lines(lines)
    checked_text("order_reference", order_reference, max_length=100)
    checked_text("idempotency_key", idempotency_key, max_length=100)
    checked_text("success_url", success_url, max_length=2000)
    checked_text("cancel_url", cancel_url, max_length=2000)
    provider = configured_provider()
    with transaction.atomic():
        checkout = Checkout(
            learner_id=learner.pk,
            provider=provider.name,
            amount_minor=amount.amount_minor,
            currency=amount.currency,
            lines=[line.as_json() for line in lines],
            order_reference=order_reference,
            idempotency_key=idempotency_key,
            success_url=success_url,
            cancel_url=cancel_url,
        )
        if not _inserted(checkout):
            return _checkout_of_key(idempotency_key, learner)
        session = provider.create_checkout(checkout, success_url, cancel_url)
        checkout.provider_session_id = session.session_id
        checkout.redirect_url = session.redirect_url
        checkout.save(update_fields=["provider_session_id", "redirect_url", "updated_at"])
    return checkout


def _inserted(row: Checkout | ProviderEvent | LedgerEntry) -> bool:
    """Insert the row; False when a unique constraint says it is already there. The savepoint keeps the
    surrounding transaction usable on PostgreSQL, where a concurrent insert of the same key waits for the
    first transaction to commit and then fails here."""
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        return False
    return True


def _checkout_of_key(idempotency_key: str, learner: AbstractBaseUser) -> Checkout:
    existing = Checkout.objects.get(idempotency_key=idempotency_key)
    if existing.learner_id != learner.pk:
        raise PaymentInputError("idempotency_key", "is already used by another learner's checkout")
    return existing


def _checkout_for_update(**lookup: object) -> Checkout | None:
    """The one place the checkout row is locked: the events and refunds of one checkout take turns."""
    try:
        return Checkout.objects.select_for_update().get(**lookup)
    except Checkout.DoesNotExist:
        return None


def provider_event_handle(*, provider_name: str, body: bytes, headers: Mapping[str, str]) -> EventResult:
    """Verify and apply one provider event. Raises ``UnknownProvider``, ``InvalidSignature`` or
    ``MalformedEvent`` before anything is written."""
    event = provider_named(provider_name).parse_event(body, headers)
    with transaction.atomic():
        recorded = ProviderEvent(
            provider=event.provider,
            event_id=event.event_id,
            event_type=event.event_type,
            payload=event.payload,
            outcome=EventOutcome.APPLIED,
        )
        if not _inserted(recorded):
            return EventResult.DUPLICATE
        checkout = _checkout_of_event(event)
        note = event_apply(event, recorded, checkout)
        recorded.checkout = checkout
        recorded.outcome = EventOutcome.IGNORED if note else EventOutcome.APPLIED
        recorded.note = note[:300]
        recorded.save(update_fields=["checkout", "outcome", "note"])
    if note:
        logger.info("payments: %s event %s ignored: %s", event.provider, event.event_id, note)
        return EventResult.IGNORED
    return EventResult.APPLIED


def _checkout_of_event(event: ProviderEventData) -> Checkout | None:
    # A checkout answers only to events of its own provider: a sandbox event can never pay a Stripe checkout.
    if event.kind == EventKind.OTHER:
        return None
    if event.checkout_public_id is not None:
        return _checkout_for_update(provider=event.provider, public_id=event.checkout_public_id)
    if event.provider_payment_id:
        return _checkout_for_update(provider=event.provider, provider_payment_id=event.provider_payment_id)
    return None


def refund_request(
    *, checkout: Checkout, reference: str, amount: Money, reason: str, policy_version: str
) -> Refund:
    """Ask the checkout's provider to give back ``amount`` of the line ``reference``. A refusal comes back
    as a Refund with status ``refused`` and its reason, and posts nothing. The checkout stays locked while
    the provider answers, so two refunds of one checkout cannot both take the last of its money."""
    checked_text("reason", reason, max_length=300)
    checked_text("policy_version", policy_version, max_length=50)
    with transaction.atomic():
        locked = _checkout_for_update(pk=checkout.pk)
        if locked is None:
            raise PaymentInputError("checkout", f"{checkout.public_id} does not exist")
        _refund_check(locked, reference, amount)
        refund = Refund(
            checkout=locked,
            reference=reference,
            amount_minor=amount.amount_minor,
            currency=amount.currency,
            reason=reason,
            policy_version=policy_version,
        )
        result = provider_named(locked.provider).refund(
            locked, amount.amount_minor, reason, idempotency_key=f"microcred-refund-{refund.public_id}"
        )
        refund.status = result.status
        refund.refused_reason = result.reason[:300]
        refund.provider_refund_id = result.provider_refund_id
        refund.save(force_insert=True)
        if refund.status == RefundStatus.SUCCEEDED:
            refund_post(refund, None)
            refund_status_set(locked)
    return refund


def _refund_check(checkout: Checkout, reference: str, amount: Money) -> None:
    checked_amount("amount", amount, currency=checkout.currency)
    if checkout.status not in REFUNDABLE_STATUSES:
        status = checkout.get_status_display().lower()
        raise PaymentInputError("checkout", f"is {status}: only a paid checkout can be refunded")
    line = next((line for line in checkout.lines if line["reference"] == reference), None)
    if line is None:
        raise PaymentInputError("reference", f"the checkout has no line {reference!r}")
    remaining = Money(line["amount_minor"] - refunds_taken_minor(checkout, reference), checkout.currency)
    if remaining.amount_minor <= 0:
        raise PaymentInputError("amount", f"{reference} is already refunded in full")
    if amount > remaining:
        raise PaymentInputError("amount", f"{amount} is more than the {remaining} left to refund")


def ledger_entry_post(
    *,
    learner: AbstractBaseUser,
    kind: LedgerEntryKind,
    amount: Money,
    reference: str,
    policy_version: str,
    idempotency_key: str,
    order_reference: str = "",
) -> LedgerEntry:
    """Post a top-up or a deduction. ``amount`` is its size (more than nothing); a deduction is stored
    negative. The same ``idempotency_key`` posts once and returns the first entry."""
    if kind not in DIRECT_KINDS:
        raise PaymentInputError(
            "kind", "only top-ups and deductions are posted directly; charges come from checkouts"
        )
    checked_amount("amount", amount)
    entry = LedgerEntry(
        kind=kind,
        amount_minor=amount.amount_minor if kind == LedgerEntryKind.TOP_UP else -amount.amount_minor,
        currency=amount.currency,
        learner_id=learner.pk,
        reference=checked_text("reference", reference, max_length=100),
        order_reference=order_reference,
        policy_version=checked_text("policy_version", policy_version, max_length=50),
        # Namespaced, so no key of the layer above can collide with a checkout's or a refund's own.
        idempotency_key="direct:" + checked_text("idempotency_key", idempotency_key, max_length=190),
    )
    with transaction.atomic():
        if not _inserted(entry):
            return LedgerEntry.objects.get(idempotency_key=entry.idempotency_key)
    return entry
