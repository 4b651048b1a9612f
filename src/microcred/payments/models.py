"""The money records: what a learner was asked to pay (Checkout), what a provider told us (ProviderEvent),
what was given back (Refund), and the ledger every balance is summed from (LedgerEntry, R-EN7).

Amounts are integer minor units (GBP pence) with an ISO 4217 currency code; nothing here is a float.
"""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q


class CheckoutStatus(models.TextChoices):
    OPEN = "open", "Open"
    PAID = "paid", "Paid"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"
    EXPIRED = "expired", "Expired"
    PARTIALLY_REFUNDED = "partially_refunded", "Partially refunded"
    REFUNDED = "refunded", "Refunded"


# A declined card leaves the checkout payable: the learner may try another card, as on Stripe's own page.
PAYABLE_STATUSES = (CheckoutStatus.OPEN, CheckoutStatus.DECLINED)
REFUNDABLE_STATUSES = (CheckoutStatus.PAID, CheckoutStatus.PARTIALLY_REFUNDED)


class LedgerEntryKind(models.TextChoices):
    """The sign of an entry follows its kind: money the learner paid in is positive; money returned or
    credited to the learner is negative."""

    CHARGE = "charge", "Charge"
    TOP_UP = "top_up", "Top-up"
    REFUND = "refund", "Refund"
    DEDUCTION = "deduction", "Deduction"


POSITIVE_KINDS = (LedgerEntryKind.CHARGE, LedgerEntryKind.TOP_UP)
NEGATIVE_KINDS = (LedgerEntryKind.REFUND, LedgerEntryKind.DEDUCTION)


class Checkout(models.Model):
    """One attempt to pay for an order. The amount and lines are fixed when it is created (R-EN2): a price
    change between the cart and the payment does not change what the learner pays."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="checkouts")
    provider = models.CharField(max_length=20, help_text="The payment provider: sandbox or stripe.")
    provider_session_id = models.CharField(max_length=255, blank=True)
    provider_payment_id = models.CharField(
        max_length=255,
        blank=True,
        help_text="The provider's id of the payment, once paid (Stripe: the PaymentIntent).",
    )
    redirect_url = models.CharField(max_length=2000, blank=True, help_text="Where the learner goes to pay.")
    success_url = models.CharField(max_length=2000)
    cancel_url = models.CharField(max_length=2000)
    amount_minor = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    lines = models.JSONField(help_text="[{reference, description, amount_minor, policy_version, kind}, …]")
    order_reference = models.CharField(max_length=100)
    idempotency_key = models.CharField(max_length=100, unique=True)
    status = models.CharField(max_length=20, choices=CheckoutStatus.choices, default=CheckoutStatus.OPEN)
    decline_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="payments_checkout_amount_positive"),
            models.UniqueConstraint(
                fields=["provider", "provider_payment_id"],
                condition=~Q(provider_payment_id=""),
                name="payments_checkout_payment_unique",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["order_reference"])]

    def __str__(self) -> str:
        return f"checkout {self.public_id} ({self.get_status_display()})"

    @property
    def is_payable(self) -> bool:
        return self.status in PAYABLE_STATUSES


class EventOutcome(models.TextChoices):
    APPLIED = "applied", "Applied"
    IGNORED = "ignored", "Ignored"


class ProviderEvent(models.Model):
    """A verified message from a payment provider, recorded under its own id before it is handled and in
    the same transaction as its effects, so a second delivery finds it and changes nothing (R-EN7)."""

    provider = models.CharField(max_length=20)
    event_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=100)
    payload = models.JSONField()
    checkout = models.ForeignKey(
        Checkout, null=True, blank=True, on_delete=models.PROTECT, related_name="provider_events"
    )
    outcome = models.CharField(max_length=10, choices=EventOutcome.choices)
    note = models.CharField(max_length=300, blank=True, help_text="Why an event was ignored.")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="payments_provider_event_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.event_type} {self.event_id}"


class RefundStatus(models.TextChoices):
    SUCCEEDED = "succeeded", "Succeeded"
    PENDING = "pending", "Pending at the provider"
    REFUSED = "refused", "Refused"


class Refund(models.Model):
    """A request to give money back for one line of a paid checkout, and what the provider answered. Refused
    and pending refunds post nothing to the ledger."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    checkout = models.ForeignKey(Checkout, on_delete=models.PROTECT, related_name="refunds")
    reference = models.CharField(max_length=100, help_text="The checkout line refunded, e.g. enrolment:42.")
    amount_minor = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    reason = models.CharField(max_length=300)
    policy_version = models.CharField(max_length=50, blank=True)
    status = models.CharField(max_length=10, choices=RefundStatus.choices)
    refused_reason = models.CharField(max_length=300, blank=True)
    provider_refund_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="payments_refund_amount_positive"),
            models.UniqueConstraint(
                fields=["provider_refund_id"],
                condition=~Q(provider_refund_id=""),
                name="payments_refund_provider_id_unique",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["reference"])]

    def __str__(self) -> str:
        return f"refund {self.public_id} of {self.reference} ({self.get_status_display()})"


class LedgerEntry(models.Model):
    """One movement of money for a learner (R-EN7). Entries are never changed or deleted: a correction is
    another entry. Balances are sums of entries (selectors), never stored."""

    kind = models.CharField(max_length=10, choices=LedgerEntryKind.choices)
    amount_minor = models.IntegerField(help_text="Positive for money paid in, negative for money given back.")
    currency = models.CharField(max_length=3)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    reference = models.CharField(max_length=100, help_text="What the entry is for, e.g. enrolment:42.")
    order_reference = models.CharField(max_length=100, blank=True)
    policy_version = models.CharField(
        max_length=50, blank=True, help_text="R-PO1: the policy it was made under."
    )
    idempotency_key = models.CharField(max_length=200, unique=True)
    checkout = models.ForeignKey(
        Checkout, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    refund = models.ForeignKey(
        Refund, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    provider_event = models.ForeignKey(
        ProviderEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "ledger entries"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=[kind.value for kind in POSITIVE_KINDS], amount_minor__gt=0)
                    | Q(kind__in=[kind.value for kind in NEGATIVE_KINDS], amount_minor__lt=0)
                ),
                name="payments_ledger_entry_sign_follows_kind",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["reference"]),
            models.Index(fields=["learner", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount_minor} {self.currency} for {self.reference}"
