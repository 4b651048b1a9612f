"""Celery tasks of the webhooks (named in settings' ``CELERY_IMPORTS``, as ``api`` has no ``tasks`` module).
Both are idempotent: a delivery that is not due is left alone."""

from celery import shared_task

from microcred.api.webhooks import delivery


@shared_task  # type: ignore[untyped-decorator]  # celery ships no type hints
def webhook_deliver(delivery_id: int) -> str:
    """One attempt at a due delivery; returns its status afterwards ("skipped" when it was not due)."""
    attempted = delivery.delivery_attempt(delivery_id=delivery_id)
    return "skipped" if attempted is None else attempted.status


@shared_task  # type: ignore[untyped-decorator]  # celery ships no type hints
def webhooks_deliver_due() -> int:
    """The beat job: a task for every delivery whose retry has fallen due; returns how many."""
    due = delivery.deliveries_due()
    for delivery_id in due:
        webhook_deliver.delay(delivery_id)
    return len(due)
