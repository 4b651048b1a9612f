"""Outbound webhooks, the signing secrets at rest: encrypted with the credentials key store (the key derived
from ``CREDENTIALS_KEY_ENCRYPTION_KEY``) and bound to their endpoint, so the database holds no secret in
clear, signatures still verify with the secret the officer was shown, a sealed value copied onto another
endpoint or opened under another key sends nothing unsigned, and migration 0003 seals the secrets 0002
kept in clear."""

import base64
import datetime as dt
import hashlib
import hmac
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.api.test_api_webhooks import Receiver, endpoint_for, receiving, webhook_settings

from microcred.accounts.models import User
from microcred.api.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from microcred.api.webhooks import delivery, endpoints, sealing, signing, tasks
from microcred.api.webhooks.payloads import Announcement

START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _webhook_settings(settings: SettingsWrapper, tmp_path: Path) -> None:
    webhook_settings(settings, tmp_path)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with receiving() as listening:
        yield listening


def _recorded(endpoint: WebhookEndpoint) -> WebhookDelivery:
    announcement = Announcement(
        WebhookEvent.AWARD_CONFERRED, "7", endpoint.provider_id, "uol", START, {"award_claim": 7}
    )
    [row] = delivery.deliveries_record([announcement], {endpoint.provider_id: [endpoint]})
    return row


@pytest.mark.django_db
def test_the_stored_value_is_not_the_secret(uol_registry: User) -> None:
    # given
    assert uol_registry.provider is not None
    created = endpoints.endpoint_create(
        provider=uol_registry.provider, url="http://127.0.0.1:9/hooks", events=list(WebhookEvent),
        actor=uol_registry,
    )  # fmt: skip
    # when
    [stored] = WebhookEndpoint.objects.values_list("secret_sealed", flat=True)
    # then
    stored = bytes(stored)
    raw = base64.urlsafe_b64decode(created.secret.removeprefix(signing.SECRET_PREFIX) + "=")
    assert created.secret.encode() not in stored
    assert raw not in stored
    assert stored[:1] == b"\x01"  # the key store's AES-256-GCM scheme
    assert "secret" not in {field.name for field in WebhookEndpoint._meta.get_fields()}
    assert endpoints.endpoint_secret(WebhookEndpoint.objects.get()) == created.secret


@pytest.mark.django_db
def test_signing_still_verifies_with_the_secret_shown_at_creation(
    uol_registry: User, receiver: Receiver, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(START, tick=False)
    assert uol_registry.provider is not None
    created = endpoints.endpoint_create(
        provider=uol_registry.provider, url=receiver.url, events=[WebhookEvent.AWARD_CONFERRED],
        actor=uol_registry,
    )  # fmt: skip

    assert tasks.webhook_deliver(_recorded(created.endpoint).pk) == "delivered"

    [request] = receiver.requests
    header = dict(part.split("=", 1) for part in request.headers["Microcred-Signature"].split(","))
    expected = hmac.new(created.secret.encode(), f"{header['t']}.".encode() + request.body, hashlib.sha256)
    assert hmac.compare_digest(header["v1"], expected.hexdigest())


@pytest.mark.django_db
def test_a_sealed_secret_copied_onto_another_endpoint_does_not_open_and_nothing_is_sent(
    uol_registry: User, receiver: Receiver
) -> None:
    # given: the other endpoint's sealed secret pasted onto this one's row
    endpoint = endpoint_for(uol_registry, url=receiver.url)
    other = endpoint_for(uol_registry, url=receiver.url)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(secret_sealed=bytes(other.secret_sealed))
    row = _recorded(endpoint)
    # when
    status = tasks.webhook_deliver(row.pk)
    # then
    assert status == "pending"
    [attempt] = WebhookAttempt.objects.filter(delivery=row)
    assert attempt.error.startswith("Not sent: the signing secret cannot be read (the stored key of webhook")
    assert receiver.requests == []


@pytest.mark.django_db
def test_under_another_encryption_key_nothing_is_sent(
    uol_registry: User, receiver: Receiver, settings: SettingsWrapper
) -> None:
    row = _recorded(endpoint_for(uol_registry, url=receiver.url))
    settings.CREDENTIALS_KEY_ENCRYPTION_KEY = "another key altogether, not the one that sealed it"

    assert tasks.webhook_deliver(row.pk) == "pending"

    row.refresh_from_db()
    assert row.last_error.endswith("does not open with CREDENTIALS_KEY_ENCRYPTION_KEY).")
    assert receiver.requests == []


def _migrated_to(target: tuple[str, str]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return MigrationExecutor(connection)


@pytest.mark.django_db(transaction=True)
def test_migration_0003_seals_the_secrets_kept_in_clear_and_0002_gets_them_back(uol_registry: User) -> None:
    secret = signing.new_secret()
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes("api")[0]
    try:
        # given: an endpoint as 0002 stored it
        old_state = _migrated_to(("api", "0002_webhooks")).loader.project_state(("api", "0002_webhooks"))
        OldEndpoint = old_state.apps.get_model("api", "WebhookEndpoint")
        old = OldEndpoint.objects.create(
            provider_id=uol_registry.provider_id, url="https://sis.example.ac.uk/hooks",
            events=["award.conferred"], secret=secret, prefix=secret[:10], created_by_id=uol_registry.pk,
        )  # fmt: skip
        # when
        _migrated_to(("api", "0003_webhook_secret_sealed"))
        # then
        endpoint = WebhookEndpoint.objects.get(pk=old.pk)
        assert secret.encode() not in bytes(endpoint.secret_sealed)
        assert endpoints.endpoint_secret(endpoint) == secret
        # and back: 0002's column holds the secret again
        back_state = _migrated_to(("api", "0002_webhooks")).loader.project_state(("api", "0002_webhooks"))
        assert back_state.apps.get_model("api", "WebhookEndpoint").objects.get(pk=old.pk).secret == secret
    finally:
        _migrated_to(leaf)


def test_a_secret_not_made_by_new_secret_is_not_sealed_and_the_error_shows_none_of_it() -> None:
    with pytest.raises(ValueError, match="a webhook secret is whsec_ and 32 bytes") as refused:
        sealing.secret_seal("whsec_short-and-hand-made", endpoint_id=1)

    assert "short-and-hand-made" not in str(refused.value)
