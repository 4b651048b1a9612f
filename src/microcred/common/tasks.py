"""Celery tasks of the common app: the outbox relay (beat) and the end-to-end probe."""

import time

from celery import shared_task
from django.db import transaction
from django.db.models import F

from microcred.common.models import OutboxProbe
from microcred.common.outbox import outbox_relay

PROBE_TASK = "microcred.common.tasks.outbox_probe_receive"


@shared_task  # type: ignore[untyped-decorator]  # celery ships no type hints
def outbox_relay_pending() -> int:
    sent, _pending = outbox_relay()
    return sent


@shared_task  # type: ignore[untyped-decorator]  # celery ships no type hints
def outbox_probe_receive(key: str, work_seconds: float = 0.0) -> None:
    """Idempotent by ``key``: one probe row however often the message is delivered. ``work_seconds`` stands
    in for slow work, so a test can kill a worker in the middle of it."""
    time.sleep(work_seconds)
    with transaction.atomic():
        probe, _created = OutboxProbe.objects.get_or_create(key=key)
        OutboxProbe.objects.filter(pk=probe.pk).update(deliveries=F("deliveries") + 1)
