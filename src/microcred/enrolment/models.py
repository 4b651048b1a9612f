"""A learner's cart, the orders it becomes, the enrolments a paid order creates, and what happens to an
enrolment later: top-ups (R-EN3), refunds (R-EN5), re-registration (R-EN4) and the upgrade deduction (R-EN6).

Money is integer minor units with a currency (R-EN7); the ledger itself lives in payments. Every decision row
keeps the policy version it was made under (R-PO1).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from microcred.catalog.models import Cohort, Microcredential, Provider


class CartItem(models.Model):
    """A course a learner means to buy, with the track and cohort chosen. The price is not kept: the cart
    shows the price in force and the checkout fixes it (R-EN2)."""

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cart_items")
    microcredential = models.ForeignKey(Microcredential, on_delete=models.CASCADE, related_name="+")
    track = models.CharField(max_length=40, help_text="A track id from the provider's policy.")
    cohort = models.ForeignKey(Cohort, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "microcredential"], name="enrolment_cart_course_once"),
        ]

    def __str__(self) -> str:
        return f"{self.microcredential} in the cart of {self.learner}"


class OrderKind(models.TextChoices):
    PURCHASE = "purchase", "Purchase"
    TOP_UP = "top_up", "Top-up"


class Order(models.Model):
    """What a learner agreed to pay for at one checkout. The lines are fixed when it is placed; it is
    fulfilled once, when the payment provider says the checkout is paid."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolment_orders"
    )
    kind = models.CharField(max_length=10, choices=OrderKind.choices)
    idempotency_key = models.CharField(
        max_length=100, help_text="One per form shown: a double click orders once."
    )
    checkout = models.OneToOneField(
        "payments.Checkout", null=True, blank=True, on_delete=models.PROTECT, related_name="enrolment_order"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "idempotency_key"], name="enrolment_order_key_unique"),
            models.CheckConstraint(condition=Q(kind__in=OrderKind.values), name="enrolment_order_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"order {self.public_id}"

    @property
    def reference(self) -> str:
        return f"order:{self.public_id}"


class OrderLine(models.Model):
    """One course (or one top-up) of an order, at the price fixed when the order was placed (R-EN2), with the
    declarations the learner ticked for it (R-EN1). ``reference`` names the line in payments (its checkout
    line, ledger entries and refunds) and starts with the provider's slug, so staff see their own."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    reference = models.CharField(max_length=100, unique=True)
    microcredential = models.ForeignKey(Microcredential, on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    track = models.CharField(max_length=40)
    cohort = models.ForeignKey(Cohort, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    top_up_of = models.ForeignKey(
        "Enrolment", null=True, blank=True, on_delete=models.PROTECT, related_name="top_up_lines"
    )
    amount_minor = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    policy_version = models.CharField(max_length=50)
    declarations = models.JSONField(
        default=list, blank=True, help_text="[{id, text}, …] as shown and ticked."
    )
    declarations_version = models.CharField(max_length=50, blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="enrolment_line_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.microcredential}"


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused until re-registration"
    REFUNDED = "refunded", "Ended by a refund"


class Enrolment(models.Model):
    """A learner's place on a course, created when its order line is paid. ``order_line`` is unique, so a
    payment confirmed twice enrols once (R-EN7)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments")
    microcredential = models.ForeignKey(Microcredential, on_delete=models.PROTECT, related_name="enrolments")
    order_line = models.OneToOneField(OrderLine, on_delete=models.PROTECT, related_name="enrolment")
    track = models.CharField(max_length=40)
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE)
    policy_version = models.CharField(max_length=50, help_text="R-PO1: the policy in force when it was made.")
    declarations = models.JSONField(default=list, blank=True)
    declarations_version = models.CharField(max_length=50, blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    registered_on = models.DateField()
    access_starts_on = models.DateField(help_text="R-EN2/R-CA2: at once, at the cohort start, or on release.")
    registration_expires_on = models.DateField(
        null=True, blank=True, help_text="R-EN4: the first day the registration no longer gives access."
    )
    re_registered_on = models.DateField(null=True, blank=True)
    paused_on = models.DateField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EnrolmentStatus.values), name="enrolment_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=EnrolmentStatus.REFUNDED) | Q(ended_at__isnull=False),
                name="enrolment_refunded_has_end",
            ),
        ]
        indexes = [models.Index(fields=["learner", "status"], name="enrolment_learner_status")]

    def __str__(self) -> str:
        return f"{self.learner} on {self.microcredential}"


class RefundOutcome(models.TextChoices):
    SUCCEEDED = "succeeded", "Refunded"
    PENDING = "pending", "Pending at the payment provider"
    REFUSED = "refused", "Refused by the payment provider"


class EnrolmentRefund(models.Model):
    """One request to refund an enrolment (R-EN5): who asked, when, why, under which policy version, and
    whether a registry officer granted it outside the window. The money moves in payments' refunds."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="refund_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300)
    is_outside_window = models.BooleanField(default=False)
    amount_minor = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    policy_version = models.CharField(max_length=50)
    outcome = models.CharField(max_length=10, choices=RefundOutcome.choices)
    refused_reason = models.CharField(max_length=300, blank=True)
    payment_refunds = models.ManyToManyField("payments.Refund", related_name="+", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="enrolment_refund_amount_positive"),
            models.CheckConstraint(
                condition=Q(is_outside_window=False) | ~Q(reason=""),
                name="enrolment_refund_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"refund of {self.enrolment} ({self.get_outcome_display()})"


class ProgrammeAdmission(models.Model):
    """R-EN6: a registry officer recorded that the learner was admitted to a full programme; what the learner
    paid for microcredentials comes off its first module, once per learner and provider."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="admissions")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    programme = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    deduction_minor = models.PositiveIntegerField()
    counted_minor = models.PositiveIntegerField(
        help_text="What the learner's payments came to before the cap."
    )
    cap_minor = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    policy_version = models.CharField(max_length=50)
    ledger_entry = models.OneToOneField(
        "payments.LedgerEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "provider"], name="enrolment_admission_once_per_provider"
            ),
            models.CheckConstraint(
                condition=Q(deduction_minor__lte=models.F("cap_minor")),
                name="enrolment_admission_deduction_capped",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner} admitted to {self.programme}"
