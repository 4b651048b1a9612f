"""Outbound webhooks, the delivery: signed as docs/api.md says (checked here by recomputing the HMAC), retried
with exponential back-off against a real HTTP server on 127.0.0.1 until it answers or the attempts run out,
every attempt logged, and a delivered row never sent again. Redirects are not followed."""

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings as django_settings
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.api.test_api_webhooks import Receiver, endpoint_for, event_id, receiving, webhook_settings

from microcred.accounts.models import User
from microcred.api.models import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
    WebhookEvent,
)
from microcred.api.webhooks import delivery, endpoints, tasks
from microcred.api.webhooks.payloads import Announcement
from microcred.catalog.models import Provider

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _webhook_settings(settings: SettingsWrapper, tmp_path: Path) -> None:
    webhook_settings(settings, tmp_path)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with receiving() as listening:
        yield listening


def _announcement(subject: str = "42") -> Announcement:
    return Announcement(
        WebhookEvent.AWARD_CONFERRED,
        subject,
        Provider.objects.get(slug="uol").pk,
        "uol",
        START,
        {"award_claim": int(subject), "title": "PGCert in Data Science"},
    )


def _recorded(endpoint: WebhookEndpoint, subject: str = "42") -> WebhookDelivery:
    [row] = delivery.deliveries_record([_announcement(subject)], {endpoint.provider_id: [endpoint]})
    return row


def _log(row: WebhookDelivery) -> list[tuple[int, dt.datetime, int | None]]:
    return list(
        WebhookAttempt.objects.filter(delivery=row)
        .values_list("number", "at", "status_code")
        .order_by("number")
    )


@pytest.fixture
def settings_for_retries(settings: SettingsWrapper) -> SettingsWrapper:
    settings.WEBHOOKS_RETRY_BASE_SECONDS = 60
    settings.WEBHOOKS_RETRY_MAX_SECONDS = 300
    settings.WEBHOOKS_MAX_ATTEMPTS = 12
    settings.WEBHOOKS_TIMEOUT_SECONDS = 2
    return settings


def test_the_body_is_signed_with_the_timestamp_under_the_endpoints_secret(
    uol_registry: User, receiver: Receiver, time_machine: time_machine.TimeMachineFixture
) -> None:
    # given
    time_machine.move_to(START, tick=False)
    assert uol_registry.provider is not None
    created = endpoints.endpoint_create(
        provider=uol_registry.provider,
        url=receiver.url,
        events=[WebhookEvent.AWARD_CONFERRED],
        actor=uol_registry,
    )
    row = _recorded(created.endpoint)
    # when
    delivery.delivery_attempt(delivery_id=row.pk)
    # then
    [request] = receiver.requests
    timestamp, signature = (
        part.split("=", 1)[1] for part in request.headers["Microcred-Signature"].split(",")
    )
    expected = hmac.new(
        created.secret.encode(), f"{timestamp}.".encode() + request.body, hashlib.sha256
    ).hexdigest()
    assert (timestamp, signature) == (str(int(START.timestamp())), expected)
    assert request.headers["Microcred-Event-Id"] == event_id("award.conferred", "42")
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.body) == {
        "id": event_id("award.conferred", "42"),
        "type": "award.conferred",
        "created_at": "2026-03-02T10:00:00+00:00",
        "provider": "uol",
        "data": {"award_claim": 42, "title": "PGCert in Data Science"},
    }


def test_a_signature_under_another_secret_does_not_verify(
    uol_registry: User, receiver: Receiver, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(START, tick=False)
    endpoint = endpoint_for(uol_registry, url=receiver.url)
    other = endpoint_for(uol_registry, url=receiver.url)

    delivery.delivery_attempt(delivery_id=_recorded(endpoint).pk)

    [request] = receiver.requests
    timestamp, signature = (
        part.split("=", 1)[1] for part in request.headers["Microcred-Signature"].split(",")
    )
    other_secret = endpoints.endpoint_secret(other)
    recomputed = hmac.new(other_secret.encode(), f"{timestamp}.".encode() + request.body, hashlib.sha256)
    assert not hmac.compare_digest(recomputed.hexdigest(), signature)


def test_a_failed_delivery_is_retried_with_back_off_until_it_is_delivered(
    uol_registry: User,
    receiver: Receiver,
    settings_for_retries: SettingsWrapper,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    # given: the receiver fails twice, then answers 204
    time_machine.move_to(START, tick=False)
    receiver.statuses = [500, 503, 204]
    row = _recorded(endpoint_for(uol_registry, url=receiver.url))
    # when / then: the first attempt fails; the retry is due a minute later, not before
    assert tasks.webhook_deliver(row.pk) == "pending"
    time_machine.move_to(START + dt.timedelta(seconds=59), tick=False)
    assert tasks.webhooks_deliver_due() == 0
    time_machine.move_to(START + dt.timedelta(seconds=60), tick=False)
    assert tasks.webhooks_deliver_due() == 1
    # the second failure doubles the wait
    row.refresh_from_db()
    assert (row.attempts, row.next_attempt_at, row.last_status_code) == (
        2,
        START + dt.timedelta(seconds=60 + 120),
        503,
    )
    time_machine.move_to(START + dt.timedelta(seconds=179), tick=False)
    assert tasks.webhooks_deliver_due() == 0
    time_machine.move_to(START + dt.timedelta(seconds=180), tick=False)
    assert tasks.webhooks_deliver_due() == 1
    # then
    row.refresh_from_db()
    assert (row.status, row.attempts, row.delivered_at, row.next_attempt_at, row.last_status_code) == (
        WebhookDeliveryStatus.DELIVERED,
        3,
        START + dt.timedelta(seconds=180),
        None,
        204,
    )
    assert _log(row) == [
        (1, START, 500),
        (2, START + dt.timedelta(seconds=60), 503),
        (3, START + dt.timedelta(seconds=180), 204),
    ]
    assert len({request.headers["Microcred-Event-Id"] for request in receiver.requests}) == 1
    assert len(receiver.requests) == 3


def test_a_delivered_row_is_never_sent_again(
    uol_registry: User, receiver: Receiver, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(START, tick=False)
    row = _recorded(endpoint_for(uol_registry, url=receiver.url))
    assert tasks.webhook_deliver(row.pk) == "delivered"

    time_machine.move_to(START + dt.timedelta(days=2), tick=False)
    results = [tasks.webhook_deliver(row.pk), tasks.webhooks_deliver_due()]

    assert results == ["skipped", 0]
    assert len(receiver.requests) == 1
    assert WebhookAttempt.objects.count() == 1


def test_the_wait_is_capped_and_the_delivery_gives_up_after_the_last_attempt(
    uol_registry: User,
    receiver: Receiver,
    settings_for_retries: SettingsWrapper,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    # given
    settings_for_retries.WEBHOOKS_MAX_ATTEMPTS = 5
    time_machine.move_to(START, tick=False)
    receiver.statuses = [500] * 5
    row = _recorded(endpoint_for(uol_registry, url=receiver.url))
    # when
    waits = []
    now = START
    tasks.webhook_deliver(row.pk)
    for _ in range(4):
        row.refresh_from_db()
        assert row.next_attempt_at is not None
        waits.append(int((row.next_attempt_at - now).total_seconds()))
        now = row.next_attempt_at
        time_machine.move_to(now, tick=False)
        assert tasks.webhooks_deliver_due() == 1
    # then: 60, 120, 240, then the 300-second cap
    row.refresh_from_db()
    assert waits == [60, 120, 240, 300]
    assert (row.status, row.attempts, row.next_attempt_at, row.last_error) == (
        WebhookDeliveryStatus.FAILED,
        5,
        None,
        "HTTP 500: Internal Server Error",
    )
    time_machine.move_to(now + dt.timedelta(days=1), tick=False)
    assert tasks.webhooks_deliver_due() == 0
    assert len(receiver.requests) == 5


def test_a_redirect_is_not_followed_and_counts_as_a_failure(
    uol_registry: User, receiver: Receiver, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(START, tick=False)
    receiver.statuses = [302]
    row = _recorded(endpoint_for(uol_registry, url=receiver.url))

    tasks.webhook_deliver(row.pk)

    row.refresh_from_db()
    assert [request.path for request in receiver.requests] == ["/hooks"]
    assert (row.status, row.last_status_code) == (WebhookDeliveryStatus.PENDING, 302)
    assert row.last_error.startswith("HTTP 302: redirect to ")


def test_an_unreachable_receiver_is_a_logged_failure_not_an_error(
    uol_registry: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(START, tick=False)
    # Port 9 (discard) on the loopback: nothing listens there, so the connection is refused at once.
    row = _recorded(endpoint_for(uol_registry, url="http://127.0.0.1:9/hooks"))

    assert tasks.webhook_deliver(row.pk) == "pending"

    row.refresh_from_db()
    assert (row.attempts, row.last_status_code) == (1, None)
    assert row.last_error.startswith("ConnectionRefusedError: ")
    assert row.next_attempt_at == START + dt.timedelta(seconds=django_settings.WEBHOOKS_RETRY_BASE_SECONDS)


def test_a_delivery_being_attempted_is_not_taken_by_a_second_worker(
    uol_registry: User, receiver: Receiver, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(START, tick=False)
    row = _recorded(endpoint_for(uol_registry, url=receiver.url))
    # A worker has leased the row and is mid-attempt.
    assert delivery._lease(row.pk, START)

    assert tasks.webhook_deliver(row.pk) == "skipped"
    assert tasks.webhooks_deliver_due() == 0
    assert receiver.requests == []


def test_disabling_an_endpoint_stops_what_it_had_pending(
    uol_registry: User, receiver: Receiver, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(START, tick=False)
    endpoint = endpoint_for(uol_registry, url=receiver.url)
    row = _recorded(endpoint)
    assert uol_registry.provider is not None

    assert endpoints.endpoint_disable(provider=uol_registry.provider, endpoint_id=endpoint.pk) is True

    assert tasks.webhook_deliver(row.pk) == "skipped"
    row.refresh_from_db()
    assert (row.status, row.last_error) == (WebhookDeliveryStatus.FAILED, endpoints.DISABLED_ERROR)
    assert receiver.requests == []


def test_a_redelivery_sends_a_failed_delivery_once_more(
    uol_registry: User,
    receiver: Receiver,
    settings_for_retries: SettingsWrapper,
    django_capture_on_commit_callbacks: Any,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    # given: a delivery that has given up
    settings_for_retries.WEBHOOKS_MAX_ATTEMPTS = 1
    time_machine.move_to(START, tick=False)
    receiver.statuses = [500]
    row = _recorded(endpoint_for(uol_registry, url=receiver.url))
    assert tasks.webhook_deliver(row.pk) == "failed"
    assert uol_registry.provider is not None
    # when
    with django_capture_on_commit_callbacks(execute=True):
        again = delivery.delivery_redeliver(provider_id=uol_registry.provider.pk, delivery_id=row.pk)
    # then
    assert again is not None
    row.refresh_from_db()
    assert (row.status, row.attempts) == (WebhookDeliveryStatus.DELIVERED, 2)
    assert [request.headers["Microcred-Event-Id"] for request in receiver.requests] == [str(row.event_id)] * 2


def test_the_beat_schedule_picks_up_due_retries() -> None:
    entry = django_settings.CELERY_BEAT_SCHEDULE["api-webhooks-deliver-due"]

    assert entry["task"] == tasks.webhooks_deliver_due.name
    assert "microcred.api.webhooks.tasks" in django_settings.CELERY_IMPORTS
