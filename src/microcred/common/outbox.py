"""The transactional outbox (docs/operations.md, "Background work").

``outbox_enqueue`` writes the task as a row in the caller's transaction and sends it to the broker once that
transaction commits. A row is marked sent only after the broker accepted the message, so a broker outage
leaves it pending, and ``outbox_relay`` (a beat task and the ``microcred outbox_relay`` command) sends it
later. Delivery is at least once: every task sent through here must be idempotent by its arguments.
"""

import datetime as dt
import logging
from collections.abc import Sequence

from celery import current_app
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from microcred.common.models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)

JsonArgument = str | int | float | bool | None
# Errors meaning "the broker did not take the message": the row stays pending for the relay.
_BROKER_ERRORS = (BrokerError, ConnectionError, OSError)
# Fail fast: a web request must not hang on a dead broker when the relay will send the row anyway.
_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def outbox_enqueue(task_name: str, *, args: Sequence[JsonArgument], key: str) -> OutboxMessage:
    """Record ``task_name(*args)`` to be sent after the current transaction commits (now, outside one)."""
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(key=key, task_name=task_name, args=list(args))
    except IntegrityError:
        # Enqueued before under this key: that row (sent or pending) already stands for this task.
        return OutboxMessage.objects.get(key=key)
    transaction.on_commit(lambda: outbox_send(message_id=message.pk))
    return message


def outbox_send(*, message_id: int) -> bool:
    """Publish one pending message; True when the broker took it (or it had been sent already)."""
    message = OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.PENDING).first()
    if message is None:
        return True
    task = current_app.tasks[message.task_name]
    try:
        task.apply_async(
            args=message.args, task_id=f"outbox-{message.pk}", retry=True, retry_policy=_PUBLISH_RETRY_POLICY
        )
    except _BROKER_ERRORS as error:
        _attempt_record(message, error=f"{type(error).__name__}: {error}"[:500])
        logger.warning("outbox: broker refused %s, left pending: %s", message.key, error)
        return False
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.PENDING).update(
        status=OutboxStatus.SENT, sent_at=timezone.now(), attempts=message.attempts + 1, last_error=""
    )
    return True


def _attempt_record(message: OutboxMessage, *, error: str) -> None:
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=message.attempts + 1, last_error=error)


def outbox_relay(*, min_age: dt.timedelta | None = None, limit: int = 500) -> tuple[int, int]:
    """Send pending rows older than ``min_age`` (OUTBOX_RELAY_MIN_AGE_SECONDS by default), oldest first;
    the age keeps the relay off rows whose own on-commit send is still in flight. Returns (sent, pending).
    Stops at the first broker failure: the rest would fail the same way."""
    if min_age is None:
        min_age = dt.timedelta(seconds=settings.OUTBOX_RELAY_MIN_AGE_SECONDS)
    cutoff = timezone.now() - min_age
    pending = OutboxMessage.objects.filter(status=OutboxStatus.PENDING, created_at__lte=cutoff)
    sent = 0
    for message_id in pending.order_by("pk").values_list("pk", flat=True)[:limit]:
        if not outbox_send(message_id=message_id):
            break
        sent += 1
    return sent, OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count()
