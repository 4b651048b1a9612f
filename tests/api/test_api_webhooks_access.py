"""The webhook endpoints of the API: who may do what (registry officers make and disable endpoints; the
provider's keys may read and ask for a redelivery; nobody sees or touches another provider's), refusals that
change nothing, URLs refused at creation, and the delivery log's cursor pagination."""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.api.test_api_webhooks import endpoint_for, faked_dns, webhook_settings

from microcred.accounts.models import User
from microcred.api import services
from microcred.api.models import WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint, WebhookEvent
from microcred.api.webhooks import delivery, endpoints
from microcred.api.webhooks.payloads import Announcement
from microcred.common.models import OutboxMessage

pytestmark = pytest.mark.django_db

CALLERS = ("anonymous", "learner", "uol_marker", "uol_registry", "ou_registry", "uol_key", "ou_key")
BASE = "/api/v1/provider/webhooks"
NEW_ENDPOINT = {"url": "https://sis.example.ac.uk/hooks", "events": ["result.released"]}


@pytest.fixture(autouse=True)
def _webhook_settings(settings: SettingsWrapper, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    webhook_settings(settings, tmp_path)
    # A public address (documentation ranges count as private), so the SSRF guard lets the URLs here be made.
    faked_dns(monkeypatch).answers["sis.example.ac.uk"] = [["93.184.216.34"]]


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    statuses: tuple[int, int, int, int, int, int, int]  # in the order of CALLERS
    body: dict[str, Any] | None = None


MATRIX = {
    "webhook_endpoints_list": Row("GET", BASE, (401, 403, 403, 200, 200, 200, 200)),
    "webhook_endpoint_create": Row("POST", BASE, (401, 403, 403, 201, 201, 403, 403), body=NEW_ENDPOINT),
    "webhook_endpoint_disable": Row("DELETE", BASE + "/{endpoint}", (401, 403, 403, 204, 404, 403, 403)),
    "webhook_deliveries": Row("GET", BASE + "/deliveries", (401, 403, 403, 200, 200, 200, 200)),
    "webhook_redeliver": Row(
        "POST", BASE + "/redeliveries", (401, 403, 403, 202, 404, 202, 404), body={"delivery": "{delivery}"}
    ),
}


def _announcement(provider_id: int, subject: int) -> Announcement:
    at = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    return Announcement(
        WebhookEvent.AWARD_CONFERRED, str(subject), provider_id, "uol", at, {"award_claim": subject}
    )


def _deliveries(endpoint: WebhookEndpoint, count: int, *, start: int = 1) -> list[WebhookDelivery]:
    announcements = [_announcement(endpoint.provider_id, subject) for subject in range(start, start + count)]
    return delivery.deliveries_record(announcements, {endpoint.provider_id: [endpoint]})


@pytest.fixture
def world(learner: User, uol_marker: User, uol_registry: User, ou_registry: User) -> dict[str, Any]:
    endpoint = endpoint_for(uol_registry)
    [failed] = _deliveries(endpoint, 1)
    WebhookDelivery.objects.filter(pk=failed.pk).update(
        status=WebhookDeliveryStatus.FAILED, attempts=3, next_attempt_at=None
    )
    uol_key = services.api_key_create(provider=uol_registry.provider, name="sis", actor=uol_registry)
    ou_key = services.api_key_create(provider=ou_registry.provider, name="sis", actor=ou_registry)
    return {
        "people": {
            "learner": learner,
            "uol_marker": uol_marker,
            "uol_registry": uol_registry,
            "ou_registry": ou_registry,
        },
        "keys": {"uol_key": uol_key.secret, "ou_key": ou_key.secret},
        "ids": {"endpoint": endpoint.pk, "delivery": failed.pk},
    }


def _client_and_headers(world: dict[str, Any], caller: str) -> tuple[Client, dict[str, str]]:
    client, headers = Client(), {}
    if caller in world["people"]:
        client.force_login(world["people"][caller])
    if caller in world["keys"]:
        headers["X-Api-Key"] = world["keys"][caller]
    return client, headers


def _call(world: dict[str, Any], caller: str, row: Row):
    client, headers = _client_and_headers(world, caller)
    path = row.path.format(**world["ids"])
    if row.body is None:
        return client.generic(row.method, path, headers=headers)
    body = {
        name: int(value.format(**world["ids"])) if name == "delivery" else value
        for name, value in row.body.items()
    }
    return client.generic(
        row.method, path, data=json.dumps(body), content_type="application/json", headers=headers
    )


def _state() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], int]:
    return (
        list(WebhookEndpoint.objects.values_list("pk", "provider_id", "url", "is_active").order_by("pk")),
        list(
            WebhookDelivery.objects.values_list("pk", "status", "attempts", "next_attempt_at").order_by("pk")
        ),
        OutboxMessage.objects.count(),
    )


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_access_matrix(world: dict[str, Any], endpoint: str, caller: str) -> None:
    row = MATRIX[endpoint]
    expected = row.statuses[CALLERS.index(caller)]
    before = _state()

    response = _call(world, caller, row)

    assert response.status_code == expected, response.content
    if expected >= 400:
        assert set(response.json()) == {"code", "message", "details"}
        assert _state() == before


def test_every_webhook_operation_is_in_the_matrix() -> None:
    from microcred.api.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    operations = {
        operation["operationId"]
        for path, item in schema["paths"].items()
        if path.startswith(BASE)
        for operation in item.values()
    }
    assert operations == set(MATRIX)


def test_another_providers_staff_and_keys_see_none_of_its_endpoints_or_deliveries(
    world: dict[str, Any],
) -> None:
    for caller in ("ou_registry", "ou_key"):
        client, headers = _client_and_headers(world, caller)

        listed = client.get(BASE, headers=headers).json()
        logged = client.get(BASE + "/deliveries", headers=headers).json()

        assert (listed, logged) == ([], {"items": [], "next": None})


def test_the_secret_is_shown_once_at_creation(
    client_for: Callable[[User | None], Client], uol_registry: User
) -> None:
    client = client_for(uol_registry)

    created = client.post(BASE, data=NEW_ENDPOINT, content_type="application/json")
    listed = client.get(BASE)

    assert created.status_code == 201
    body = created.json()
    endpoint = WebhookEndpoint.objects.get()
    assert body["secret"] == endpoints.endpoint_secret(endpoint)
    assert body["secret"].startswith("whsec_")
    assert (body["prefix"], body["url"], body["events"], body["is_active"]) == (
        body["secret"][:10],
        "https://sis.example.ac.uk/hooks",
        ["result.released"],
        True,
    )
    assert listed.json() == [{name: value for name, value in body.items() if name != "secret"}]
    assert body["secret"] not in listed.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "ftp://sis.example.ac.uk/hooks",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "gopher://127.0.0.1:6379/_FLUSHALL",
        "https://user:secret@sis.example.ac.uk/hooks",
        "http:///no-host",
        "https://sis.example.ac.uk:99999/hooks",
        "https://sis.example.ac.uk/ hooks",
        "https://sis.example.ac.uk\x00.evil/hooks",
    ],
)
def test_a_url_that_is_not_http_or_https_is_refused_at_creation(
    client_for: Callable[[User | None], Client], uol_registry: User, url: str
) -> None:
    response = client_for(uol_registry).post(
        BASE, data={"url": url, "events": ["result.released"]}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_url"
    assert WebhookEndpoint.objects.count() == 0


def test_unknown_events_are_refused(client_for: Callable[[User | None], Client], uol_registry: User) -> None:
    client = client_for(uol_registry)

    unknown = client.post(
        BASE, data={"url": NEW_ENDPOINT["url"], "events": ["everything"]}, content_type="application/json"
    )
    none = client.post(BASE, data={"url": NEW_ENDPOINT["url"], "events": []}, content_type="application/json")

    assert [unknown.status_code, none.status_code] == [422, 422]
    assert unknown.json()["code"] == "validation_failed"
    assert WebhookEndpoint.objects.count() == 0


def test_a_disabled_endpoint_stays_listed_and_cannot_be_disabled_twice(
    client_for: Callable[[User | None], Client], uol_registry: User
) -> None:
    endpoint = endpoint_for(uol_registry)
    client = client_for(uol_registry)

    first = client.delete(f"{BASE}/{endpoint.pk}")
    second = client.delete(f"{BASE}/{endpoint.pk}")

    assert [first.status_code, second.status_code] == [204, 404]
    [listed] = client.get(BASE).json()
    assert (listed["id"], listed["is_active"], listed["disabled_at"] is not None) == (
        endpoint.pk,
        False,
        True,
    )


def test_the_delivery_log_pages_by_cursor_newest_first(
    client_for: Callable[[User | None], Client], uol_registry: User, time_machine: Any
) -> None:
    # given
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False)
    rows = _deliveries(endpoint_for(uol_registry), 3)
    client = client_for(uol_registry)
    # when
    first = client.get(BASE + "/deliveries", {"limit": 2}).json()
    second = client.get(BASE + "/deliveries", {"limit": 2, "cursor": first["next"]}).json()
    # then
    assert [item["id"] for item in first["items"] + second["items"]] == [row.pk for row in reversed(rows)]
    assert second["next"] is None
    assert first["items"][0] == {
        "id": rows[2].pk,
        "endpoint": rows[2].endpoint_id,
        "event": "award.conferred",
        "event_id": str(rows[2].event_id),
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": "2026-03-02T10:00:00Z",
        "last_status_code": None,
        "last_error": "",
        "delivered_at": None,
        "created_at": "2026-03-02T10:00:00Z",
        "payload": rows[2].payload,
    }


def test_the_delivery_log_filters_by_status_and_refuses_a_foreign_cursor(
    client_for: Callable[[User | None], Client], uol_registry: User
) -> None:
    rows = _deliveries(endpoint_for(uol_registry), 2)
    WebhookDelivery.objects.filter(pk=rows[0].pk).update(
        status=WebhookDeliveryStatus.FAILED, next_attempt_at=None
    )
    client = client_for(uol_registry)

    failed = client.get(BASE + "/deliveries", {"status": "failed"}).json()
    bad_cursor = client.get(BASE + "/deliveries", {"cursor": "not-ours"})

    assert [item["id"] for item in failed["items"]] == [rows[0].pk]
    assert (bad_cursor.status_code, bad_cursor.json()["code"]) == (400, "invalid_cursor")


def test_the_delivery_log_makes_the_same_queries_however_long_it_is(
    client_for: Callable[[User | None], Client], uol_registry: User
) -> None:
    endpoint = endpoint_for(uol_registry)
    client = client_for(uol_registry)
    _deliveries(endpoint, 1)
    with CaptureQueriesContext(connection) as one:
        client.get(BASE + "/deliveries")
    _deliveries(endpoint, 20, start=10)

    with CaptureQueriesContext(connection) as many:
        response = client.get(BASE + "/deliveries")

    assert len(response.json()["items"]) == 21
    assert len(many.captured_queries) == len(one.captured_queries)


def test_a_delivered_delivery_is_not_redelivered(
    client_for: Callable[[User | None], Client], uol_registry: User
) -> None:
    [row] = _deliveries(endpoint_for(uol_registry), 1)
    WebhookDelivery.objects.filter(pk=row.pk).update(
        status=WebhookDeliveryStatus.DELIVERED,
        delivered_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
        next_attempt_at=None,
    )
    before = _state()

    response = client_for(uol_registry).post(
        BASE + "/redeliveries", data={"delivery": row.pk}, content_type="application/json"
    )

    assert (response.status_code, response.json()["code"]) == (409, "already_delivered")
    assert _state() == before
