"""The transactional outbox: a row in the caller's transaction, kept while the broker is down."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import transaction
from tests.ops.conftest import CLOSED_BROKER_URL

from microcred.common.models import OutboxMessage, OutboxProbe, OutboxStatus
from microcred.common.outbox import outbox_enqueue, outbox_relay
from microcred.common.tasks import PROBE_TASK

pytestmark = pytest.mark.django_db


def test_enqueued_task_runs_after_commit_and_the_row_is_marked_sent(
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        outbox_enqueue(PROBE_TASK, args=["probe:1"], key="probe:1")
        assert OutboxProbe.objects.count() == 0

    message = OutboxMessage.objects.get()
    assert (message.key, message.status, message.attempts, message.last_error) == (
        "probe:1",
        OutboxStatus.SENT,
        1,
        "",
    )
    assert message.sent_at is not None
    assert list(OutboxProbe.objects.values_list("key", "deliveries")) == [("probe:1", 1)]


def test_a_rolled_back_transaction_leaves_no_row_and_sends_nothing() -> None:
    def failing_change() -> None:
        with transaction.atomic():
            outbox_enqueue(PROBE_TASK, args=["probe:1"], key="probe:1")
            raise RuntimeError("the caller's change failed")

    with pytest.raises(RuntimeError, match="the caller's change failed"):
        failing_change()

    assert OutboxMessage.objects.count() == 0
    assert OutboxProbe.objects.count() == 0


def test_a_second_enqueue_under_the_same_key_is_the_same_message(
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # type: ignore[attr-defined]
        first = outbox_enqueue(PROBE_TASK, args=["probe:1"], key="probe:1")
        second = outbox_enqueue(PROBE_TASK, args=["probe:1"], key="probe:1")

    assert second.pk == first.pk
    assert len(callbacks) == 1
    assert OutboxMessage.objects.count() == 1
    assert list(OutboxProbe.objects.values_list("deliveries", flat=True)) == [1]


def test_broker_down_leaves_the_row_pending_and_the_relay_sends_it_later(
    broker: Callable[[str | None], None],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    # given a broker that refuses connections
    broker(CLOSED_BROKER_URL)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        outbox_enqueue(PROBE_TASK, args=["probe:1"], key="probe:1")
    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 1)
    assert message.last_error.startswith("OperationalError: ")
    assert outbox_relay(min_age=dt.timedelta(0)) == (0, 1)

    # when the broker is back (inline execution stands for it here) and the relay runs
    broker(None)
    sent_and_pending = outbox_relay(min_age=dt.timedelta(0))

    # then the row is sent once and the task ran once
    assert sent_and_pending == (1, 0)
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (OutboxStatus.SENT, 3, "")
    assert list(OutboxProbe.objects.values_list("deliveries", flat=True)) == [1]


def test_the_relay_leaves_rows_younger_than_the_minimum_age_to_their_own_send() -> None:
    # The test's transaction never commits, so the row stays pending as if its send were still in flight.
    outbox_enqueue(PROBE_TASK, args=["probe:1"], key="probe:1")

    assert outbox_relay() == (0, 1)
    assert OutboxProbe.objects.count() == 0
