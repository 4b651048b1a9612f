"""Credentials for machines and scripts. Only a SHA-256 hash of each secret is stored; the secret is shown
once, when it is made, and a lost one is replaced rather than recovered."""

from django.conf import settings
from django.db import models

from microcred.catalog.models import Provider


class PersonalAccessToken(models.Model):
    """A learner's bearer token for their own data (``Authorization: Bearer …``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="The first characters, to tell tokens apart.")
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects: "models.Manager[PersonalAccessToken]" = models.Manager()

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ApiKey(models.Model):
    """A provider system's key (``X-Api-Key: …``), scoped to that one provider."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="The first characters, to tell keys apart.")
    secret_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_keys_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects: "models.Manager[ApiKey]" = models.Manager()

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class WebhookEvent(models.TextChoices):
    """What a provider's endpoint may subscribe to; the value is the ``type`` of each event sent."""

    ENROLMENT_CREATED = "enrolment.created", "Enrolment created"
    RESULT_RELEASED = "result.released", "Result released"
    CREDENTIAL_ISSUED = "credential.issued", "Credential issued"
    CREDENTIAL_REVOKED = "credential.revoked", "Credential revoked"
    AWARD_CONFERRED = "award.conferred", "Award conferred"


class WebhookEndpoint(models.Model):
    """A URL of a provider's system that is sent the events it subscribed to, signed with its own secret.

    Signing needs the secret itself, so it is kept encrypted (``webhooks.sealing``, the credentials key
    store's cipher) rather than hashed; the API shows it once, when the endpoint is made. An endpoint is
    disabled, never deleted, so its deliveries stay in the log."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(max_length=500)
    events = models.JSONField(default=list, help_text="WebhookEvent values the endpoint is sent.")
    secret_sealed = models.BinaryField(
        default=b"", editable=False, help_text="The signing secret, encrypted and bound to this row."
    )
    prefix = models.CharField(
        max_length=12, help_text="The first characters of the secret, to tell it apart."
    )
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="webhook_endpoints_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    disabled_at = models.DateTimeField(null=True, blank=True)

    objects: "models.Manager[WebhookEndpoint]" = models.Manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_active=True) | models.Q(disabled_at__isnull=False),
                name="api_webhook_endpoint_disabled_has_time",
            ),
        ]
        indexes = [models.Index(fields=["provider", "is_active"], name="api_webhook_endpoint_active")]

    def __str__(self) -> str:
        return f"{self.url} ({self.provider})"


class WebhookDeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed: no more attempts"


class WebhookDelivery(models.Model):
    """One event for one endpoint. ``event_id`` is derived from what happened (the released submission, the
    issued credential…), so an event announced twice is one row, by the unique constraint."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    event_id = models.UUIDField()
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=WebhookDeliveryStatus.choices, default=WebhookDeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="When it is next due; none once delivered or given up."
    )
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: "models.Manager[WebhookDelivery]" = models.Manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="api_webhook_delivery_once"),
            models.CheckConstraint(
                condition=models.Q(status__in=WebhookDeliveryStatus.values),
                name="api_webhook_delivery_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=WebhookDeliveryStatus.DELIVERED)
                | models.Q(delivered_at__isnull=False),
                name="api_webhook_delivered_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="api_webhook_delivery_due"),
            models.Index(fields=["endpoint", "-created_at"], name="api_webhook_delivery_log"),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.event_id} to {self.endpoint_id} ({self.status})"


class WebhookAttempt(models.Model):
    """Every POST made for a delivery, with what came back: the log a provider reads to find out why."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    objects: "models.Manager[WebhookAttempt]" = models.Manager()

    class Meta:
        ordering = ["delivery_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="api_webhook_attempt_once"),
        ]

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.delivery_id}"
