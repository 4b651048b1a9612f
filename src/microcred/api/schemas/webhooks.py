"""A provider's webhook endpoints and their delivery log."""

import datetime as dt
import uuid
from typing import Any

from ninja import Field, Schema

from microcred.api.models import WebhookDeliveryStatus, WebhookEvent
from microcred.api.schemas.common import MAX_ID


class WebhookEndpointIn(Schema):
    url: str = Field(
        min_length=1, max_length=500, description="An http or https URL; redirects are not followed."
    )
    events: list[WebhookEvent] = Field(min_length=1, max_length=len(WebhookEvent))


class WebhookEndpointOut(Schema):
    id: int
    url: str
    events: list[WebhookEvent]
    prefix: str = Field(description="The first characters of the signing secret, to tell secrets apart.")
    is_active: bool
    created_at: dt.datetime
    disabled_at: dt.datetime | None


class WebhookEndpointCreatedOut(WebhookEndpointOut):
    secret: str = Field(description="The signing secret, shown this once.")


class WebhookDeliveryOut(Schema):
    id: int
    endpoint: int
    event: WebhookEvent
    event_id: uuid.UUID = Field(description="Also sent as Microcred-Event-Id: the same for every attempt.")
    status: WebhookDeliveryStatus
    attempts: int
    next_attempt_at: dt.datetime | None
    last_status_code: int | None
    last_error: str
    delivered_at: dt.datetime | None
    created_at: dt.datetime
    payload: dict[str, Any] = Field(
        description="The event as it is sent (the body is this, as compact JSON)."
    )


class WebhookDeliveryPage(Schema):
    items: list[WebhookDeliveryOut]
    next: str | None


class RedeliveryIn(Schema):
    delivery: int = Field(ge=1, le=MAX_ID, description="The id of a pending or failed delivery.")
