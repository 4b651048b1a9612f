"""Recording and sending deliveries.

``deliveries_record`` runs inside the change's transaction: a row per subscribed endpoint, unique by
(endpoint, event id), and its first send registered with the outbox, so a rolled-back change sends nothing
and a committed one survives a broker outage. ``delivery_attempt`` takes a due row by a conditional update
(a lease until the attempt's outcome is written), so two workers never send one row at once, and a delivered
row is never sent again. A failure is retried after ``base × 2^(attempt − 1)`` seconds, capped, until
``WEBHOOKS_MAX_ATTEMPTS``; the beat job ``webhooks_deliver_due`` sends what has fallen due."""

import datetime as dt
import logging
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone

from microcred.api.models import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
    WebhookEvent,
)
from microcred.api.webhooks import sending, signing
from microcred.api.webhooks.endpoints import endpoint_secret
from microcred.api.webhooks.payloads import Announcement
from microcred.api.webhooks.sealing import KeyStoreError
from microcred.common.outbox import outbox_enqueue

logger = logging.getLogger(__name__)

# An attempt's lease outlasts its POST: a worker killed mid-attempt leaves the row due again after it.
LEASE_MARGIN_SECONDS = 60


def subscribed_endpoints(event: WebhookEvent) -> dict[int, list[WebhookEndpoint]]:
    """Active endpoints that asked for ``event``, by provider: one query, and none of the payload reads
    when no endpoint wants the event."""
    endpoints: dict[int, list[WebhookEndpoint]] = {}
    for endpoint in WebhookEndpoint.objects.filter(is_active=True).order_by("pk"):
        if event.value in endpoint.events:
            endpoints.setdefault(endpoint.provider_id, []).append(endpoint)
    return endpoints


def _delivery_create(endpoint: WebhookEndpoint, announcement: Announcement) -> WebhookDelivery | None:
    try:
        with transaction.atomic():
            return WebhookDelivery.objects.create(
                endpoint=endpoint,
                event=announcement.event,
                event_id=announcement.event_id,
                payload=announcement.payload(),
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:
        # Announced before: that row stands for the event.
        return None


def _deliver_after_commit(delivery: WebhookDelivery) -> None:
    # Imported here: the tasks module imports this one. Importing it registers the task in this process.
    from microcred.api.webhooks import tasks

    key = f"api.webhook_deliver:{delivery.pk}:{delivery.attempts}"
    outbox_enqueue(tasks.webhook_deliver.name, args=[delivery.pk], key=key)


def deliveries_record(
    announcements: Iterable[Announcement], endpoints: dict[int, list[WebhookEndpoint]]
) -> list[WebhookDelivery]:
    """A delivery per endpoint of each announcement's provider, sent once the caller's transaction commits."""
    created = []
    for announcement in announcements:
        for endpoint in endpoints.get(announcement.provider_id, []):
            delivery = _delivery_create(endpoint, announcement)
            if delivery is None:
                continue
            _deliver_after_commit(delivery)
            created.append(delivery)
    return created


def retry_delay(attempts: int) -> dt.timedelta:
    """How long after its ``attempts``-th failed attempt a delivery is tried again."""
    base = settings.WEBHOOKS_RETRY_BASE_SECONDS
    return dt.timedelta(seconds=min(base * 2 ** (attempts - 1), settings.WEBHOOKS_RETRY_MAX_SECONDS))


def _lease(delivery_id: int, now: dt.datetime) -> bool:
    lease_until = now + dt.timedelta(seconds=settings.WEBHOOKS_TIMEOUT_SECONDS + LEASE_MARGIN_SECONDS)
    taken = WebhookDelivery.objects.filter(
        pk=delivery_id,
        status=WebhookDeliveryStatus.PENDING,
        next_attempt_at__lte=now,
        endpoint__is_active=True,
    ).update(next_attempt_at=lease_until)
    return taken == 1


def _send(delivery: WebhookDelivery) -> sending.Answer:
    try:
        secret = endpoint_secret(delivery.endpoint)
    except (KeyStoreError, ImproperlyConfigured) as error:
        # Nothing unsigned is ever sent: a secret that does not open is a failed attempt, logged.
        return sending.Answer(None, f"Not sent: the signing secret cannot be read ({error}).")
    body = signing.body_of(delivery.payload)
    headers = {
        signing.SIGNATURE_HEADER: signing.signature_header(secret, int(time.time()), body),
        signing.EVENT_ID_HEADER: str(delivery.event_id),
        signing.EVENT_TYPE_HEADER: delivery.event,
    }
    return sending.post(
        delivery.endpoint.url,
        body=body,
        headers=headers,
        timeout=settings.WEBHOOKS_TIMEOUT_SECONDS,
        allow_private=settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES,
    )


def _outcome_record(delivery_id: int, answer: sending.Answer, at: dt.datetime) -> WebhookDelivery:
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
        delivery.attempts += 1
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            at=at,
            status_code=answer.status_code,
            error=answer.error,
        )
        delivery.last_status_code = answer.status_code
        delivery.last_error = answer.error
        if delivery.status == WebhookDeliveryStatus.DELIVERED:
            pass  # a redelivery raced a delivered attempt: the row stays delivered
        elif answer.is_success:
            delivery.status = WebhookDeliveryStatus.DELIVERED
            delivery.delivered_at = at
            delivery.next_attempt_at = None
        elif delivery.attempts >= settings.WEBHOOKS_MAX_ATTEMPTS:
            delivery.status = WebhookDeliveryStatus.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = at + retry_delay(delivery.attempts)
        delivery.save(
            update_fields=[
                "attempts", "last_status_code", "last_error", "status", "delivered_at", "next_attempt_at",
            ]
        )  # fmt: skip
    return delivery


def delivery_attempt(*, delivery_id: int) -> WebhookDelivery | None:
    """POST a due delivery once and log the attempt; None when it is not due (delivered, given up, leased
    by another worker, waiting for its back-off, or its endpoint disabled)."""
    now = timezone.now()
    if not _lease(delivery_id, now):
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    answer = _send(delivery)
    if not answer.is_success:
        logger.info("webhook %s to endpoint %s failed: %s", delivery.pk, delivery.endpoint_id, answer.error)
    return _outcome_record(delivery_id, answer, timezone.now())


def deliveries_due(*, limit: int = 500) -> list[int]:
    return list(
        WebhookDelivery.objects.filter(
            status=WebhookDeliveryStatus.PENDING,
            next_attempt_at__lte=timezone.now(),
            endpoint__is_active=True,
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def delivery_redeliver(*, provider_id: int, delivery_id: int) -> WebhookDelivery | None:
    """Send a pending or failed delivery of the provider now, once more (one attempt past the limit for a
    failed one). None when the provider has no such delivery on an active endpoint; a delivered row is
    returned unchanged, as it is never sent again."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .filter(pk=delivery_id, endpoint__provider_id=provider_id, endpoint__is_active=True)
            .first()
        )
        if delivery is None or delivery.status == WebhookDeliveryStatus.DELIVERED:
            return delivery
        delivery.status = WebhookDeliveryStatus.PENDING
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["status", "next_attempt_at"])
        _deliver_after_commit(delivery)
    return delivery
