"""The transactional outbox: a task to send, written in the transaction of the change that asks for it."""

from django.db import models


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"


class OutboxMessage(models.Model):
    # The caller's idempotency key ("enrolment.order_confirmation:42"): a second enqueue under it is a no-op.
    key = models.CharField(max_length=200, unique=True)
    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "id"], name="common_outbox_status_id")]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"


class OutboxProbe(models.Model):
    """What ``microcred outbox_relay --probe`` leaves behind once a worker ran the probe task: operators see
    the whole path (outbox → broker → worker → database) work, and ``deliveries`` shows redeliveries."""

    key = models.CharField(max_length=200, unique=True)
    deliveries = models.PositiveIntegerField(default=0)
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
