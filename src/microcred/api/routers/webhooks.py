"""A provider's outbound webhooks (docs/api.md, "Webhooks"). Its registry officers (signed in) make and
disable endpoints, since that decides where learners' data is sent; its API keys may also read the
endpoints and the delivery log and ask for a redelivery, so a receiving system can recover by itself."""

from typing import Annotated

from django.http import HttpRequest
from ninja import Field as SchemaField
from ninja import Path, Query, Router, Schema, Status

from microcred.api.auth import PROVIDER_AUTH, caller_provider, registry_officer
from microcred.api.errors import ApiError
from microcred.api.models import WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint, WebhookEvent
from microcred.api.pagination import cursor_for, position_of
from microcred.api.schemas.common import ERRORS_SIGNED_IN, MAX_ID
from microcred.api.schemas.webhooks import (
    RedeliveryIn,
    WebhookDeliveryOut,
    WebhookDeliveryPage,
    WebhookEndpointCreatedOut,
    WebhookEndpointIn,
    WebhookEndpointOut,
)
from microcred.api.webhooks import delivery as webhook_delivery
from microcred.api.webhooks import endpoints as webhook_endpoints

router = Router(tags=["webhooks"], auth=PROVIDER_AUTH)


def endpoint_out(endpoint: WebhookEndpoint) -> WebhookEndpointOut:
    return WebhookEndpointOut(
        id=endpoint.pk,
        url=endpoint.url,
        events=[WebhookEvent(event) for event in endpoint.events],
        prefix=endpoint.prefix,
        is_active=endpoint.is_active,
        created_at=endpoint.created_at,
        disabled_at=endpoint.disabled_at,
    )


def delivery_out(delivery: WebhookDelivery) -> WebhookDeliveryOut:
    return WebhookDeliveryOut(
        id=delivery.pk,
        endpoint=delivery.endpoint_id,
        event=WebhookEvent(delivery.event),
        event_id=delivery.event_id,
        status=WebhookDeliveryStatus(delivery.status),
        attempts=delivery.attempts,
        next_attempt_at=delivery.next_attempt_at,
        last_status_code=delivery.last_status_code,
        last_error=delivery.last_error,
        delivered_at=delivery.delivered_at,
        created_at=delivery.created_at,
        payload=delivery.payload,
    )


@router.get("", response={200: list[WebhookEndpointOut], **ERRORS_SIGNED_IN})
def webhook_endpoints_list(request: HttpRequest) -> list[WebhookEndpointOut]:
    """The provider's endpoints, newest first, disabled ones included (never their secrets)."""
    provider = caller_provider(request)
    return [endpoint_out(endpoint) for endpoint in webhook_endpoints.endpoints_of(provider)]


@router.post("", response={201: WebhookEndpointCreatedOut, **ERRORS_SIGNED_IN})
def webhook_endpoint_create(
    request: HttpRequest, payload: WebhookEndpointIn
) -> Status[WebhookEndpointCreatedOut]:
    """A new endpoint (registry officers only); its signing secret is in this answer and nowhere else."""
    officer, provider = registry_officer(request)
    problem = webhook_endpoints.url_problem(payload.url)
    if problem is not None:
        raise ApiError(422, "invalid_url", problem, {"field": "body.payload.url"})
    created = webhook_endpoints.endpoint_create(
        provider=provider, url=payload.url, events=payload.events, actor=officer
    )
    out = endpoint_out(created.endpoint)
    return Status(201, WebhookEndpointCreatedOut(**out.model_dump(), secret=created.secret))


@router.delete("/{int:endpoint_id}", response={204: None, **ERRORS_SIGNED_IN})
def webhook_endpoint_disable(
    request: HttpRequest, endpoint_id: Annotated[int, Path(ge=1, le=MAX_ID)]
) -> Status[None]:
    """Disable an endpoint (registry officers only): nothing more is sent to it, and what was pending is
    marked failed; it stays in the list with its deliveries."""
    _, provider = registry_officer(request)
    if not webhook_endpoints.endpoint_disable(provider=provider, endpoint_id=endpoint_id):
        raise ApiError(404, "not_found", "Your provider has no active webhook endpoint with this id.")
    return Status(204, None)


class DeliveryParameters(Schema):
    cursor: str | None = SchemaField(None, max_length=200)
    limit: int = SchemaField(50, ge=1, le=100)
    endpoint: int | None = SchemaField(None, ge=1, le=MAX_ID)
    status: WebhookDeliveryStatus | None = None
    event: WebhookEvent | None = None


@router.get("/deliveries", response={200: WebhookDeliveryPage, **ERRORS_SIGNED_IN})
def webhook_deliveries(request: HttpRequest, page: Query[DeliveryParameters]) -> WebhookDeliveryPage:
    """The delivery log of the provider's endpoints, newest first."""
    provider = caller_provider(request)
    start = position_of(page.cursor)
    deliveries = webhook_endpoints.deliveries_of(
        provider, endpoint_id=page.endpoint, status=page.status, event=page.event
    )
    rows = list(deliveries[start : start + page.limit + 1])
    has_more = len(rows) > page.limit
    return WebhookDeliveryPage(
        items=[delivery_out(delivery) for delivery in rows[: page.limit]],
        next=cursor_for(start + page.limit) if has_more else None,
    )


@router.post("/redeliveries", response={202: WebhookDeliveryOut, **ERRORS_SIGNED_IN})
def webhook_redeliver(request: HttpRequest, payload: RedeliveryIn) -> Status[WebhookDeliveryOut]:
    """Send a pending or failed delivery again now (the same event id and payload, signed afresh); a
    delivered one is never sent again."""
    provider = caller_provider(request)
    delivery = webhook_delivery.delivery_redeliver(provider_id=provider.pk, delivery_id=payload.delivery)
    if delivery is None:
        raise ApiError(404, "not_found", "Your provider has no delivery with this id on an active endpoint.")
    if delivery.status == WebhookDeliveryStatus.DELIVERED:
        raise ApiError(409, "already_delivered", "This delivery was delivered; it is never sent again.")
    return Status(202, delivery_out(delivery))
