"""The webhooks in the admin: read-only for everyone, registry officers see their own provider's endpoints,
deliveries and attempts (another provider's are 404), platform admins every provider's, nobody else any;
no secret is ever on a page, and a refused change changes nothing."""

import datetime as dt
from typing import Any

import pytest
from django.db import models
from django.urls import reverse
from tests.api.test_api_webhooks import endpoint_for
from tests.credentials.issuance_builders import credentials_settings

from microcred.accounts.models import User
from microcred.api.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from microcred.api.webhooks import delivery, endpoints
from microcred.api.webhooks.payloads import Announcement

pytestmark = pytest.mark.django_db

MODELS = ["webhookendpoint", "webhookdelivery", "webhookattempt"]
PERSONAS = ["anonymous", "learner", "uol_marker", "uol_registry", "ou_registry", "platform_admin"]
AT = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _settings(settings: Any) -> None:
    credentials_settings(settings)


def webhooks_of(officer: User, url: str) -> dict[str, models.Model]:
    """An endpoint of the officer's provider with one delivery and one attempt at it."""
    endpoint = endpoint_for(officer, url=url)
    announcement = Announcement(
        WebhookEvent.AWARD_CONFERRED, url, endpoint.provider_id, "uol", AT, {"award_claim": 1}
    )
    [row] = delivery.deliveries_record([announcement], {endpoint.provider_id: [endpoint]})
    attempt = WebhookAttempt.objects.create(delivery=row, number=1, at=AT, status_code=500, error="HTTP 500")
    return {"webhookendpoint": endpoint, "webhookdelivery": row, "webhookattempt": attempt}


def url(model: str, action: str, obj: models.Model | None = None) -> str:
    if action in ("changelist", "add"):
        return reverse(f"admin:api_{model}_{action}")
    assert obj is not None
    return reverse(f"admin:api_{model}_{action}", args=[obj.pk])


def expected_status(persona: str, action: str) -> int:
    if persona in ("anonymous", "learner", "uol_marker"):
        return 302  # to the log-in page: not staff
    if action in ("change", "delete") and persona == "ou_registry":
        return 404  # another provider's row
    if action in ("add", "delete"):
        return 403  # read-only, for platform admins too
    return 200  # the change page is a read-only view


@pytest.mark.parametrize("action", ["changelist", "add", "change", "delete"])
@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_admin_access_matrix(
    request: pytest.FixtureRequest, client_for: Any, uol_registry: User, persona_name: str, model: str,
    action: str,
) -> None:  # fmt: skip
    uol = webhooks_of(uol_registry, "https://sis.uol.example/hooks")
    persona = None if persona_name == "anonymous" else request.getfixturevalue(persona_name)

    response = client_for(persona).get(url(model, action, uol[model]))

    assert response.status_code == expected_status(persona_name, action)


@pytest.mark.parametrize("model", MODELS)
def test_a_registry_officer_lists_only_their_own_providers_rows(
    client_for: Any, uol_registry: User, ou_registry: User, platform_admin: User, model: str
) -> None:
    # given
    uol = webhooks_of(uol_registry, "https://sis.uol.example/hooks")
    ou = webhooks_of(ou_registry, "https://sis.ou.example/hooks")
    # when
    listed = {
        persona: {
            row.pk for row in client_for(persona).get(url(model, "changelist")).context["cl"].result_list
        }
        for persona in (uol_registry, ou_registry, platform_admin)
    }
    # then
    assert listed == {
        uol_registry: {uol[model].pk},
        ou_registry: {ou[model].pk},
        platform_admin: {uol[model].pk, ou[model].pk},
    }


def test_the_attempts_of_a_delivery_are_shown_with_it_and_no_other_providers(
    client_for: Any, uol_registry: User, ou_registry: User
) -> None:
    uol = webhooks_of(uol_registry, "https://sis.uol.example/hooks")

    own = client_for(uol_registry).get(url("webhookdelivery", "change", uol["webhookdelivery"]))
    foreign = client_for(ou_registry).get(url("webhookattempt", "change", uol["webhookattempt"]))

    assert own.status_code == 200
    assert "HTTP 500" in own.content.decode()
    assert foreign.status_code == 404


@pytest.mark.parametrize("persona_name", ["uol_registry", "platform_admin"])
def test_no_secret_is_ever_on_an_admin_page(
    request: pytest.FixtureRequest, client_for: Any, uol_registry: User, persona_name: str
) -> None:
    # given
    assert uol_registry.provider is not None
    created = endpoints.endpoint_create(
        provider=uol_registry.provider, url="https://sis.uol.example/hooks", events=list(WebhookEvent),
        actor=uol_registry,
    )  # fmt: skip
    sealed = bytes(created.endpoint.secret_sealed)
    client = client_for(request.getfixturevalue(persona_name))
    # when
    pages = [
        client.get(url("webhookendpoint", "changelist")).content.decode(),
        client.get(url("webhookendpoint", "change", created.endpoint)).content.decode(),
    ]
    # then
    for page in pages:
        assert created.endpoint.prefix in page
        assert created.secret not in page
        assert created.secret[len(created.endpoint.prefix) :] not in page
        assert "secret_sealed" not in page
        assert sealed.hex() not in page
        assert repr(sealed)[2:40] not in page


@pytest.mark.parametrize("persona_name", ["uol_registry", "ou_registry", "platform_admin"])
def test_a_change_or_delete_posted_changes_nothing(
    request: pytest.FixtureRequest, client_for: Any, uol_registry: User, persona_name: str
) -> None:
    # given
    uol = webhooks_of(uol_registry, "https://sis.uol.example/hooks")
    before = [list(model.objects.order_by("pk").values()) for model in (WebhookEndpoint, WebhookDelivery)]
    client = client_for(request.getfixturevalue(persona_name))
    # when
    client.post(url("webhookendpoint", "change", uol["webhookendpoint"]), {"url": "http://10.0.0.1/"})
    client.post(url("webhookdelivery", "delete", uol["webhookdelivery"]), {"post": "yes"})
    client.post(url("webhookattempt", "delete", uol["webhookattempt"]), {"post": "yes"})
    # then
    after = [list(model.objects.order_by("pk").values()) for model in (WebhookEndpoint, WebhookDelivery)]
    assert after == before
    assert WebhookAttempt.objects.count() == 1
