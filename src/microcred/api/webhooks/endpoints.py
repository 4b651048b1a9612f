"""A provider's endpoints: made and disabled by its registry officers, read by them and by its API keys.

Only http and https URLs are taken, with a host and without credentials in them, whose host does not
resolve to the platform's own network (``addresses``); redirects are never followed when sending
(``sending``), so the URL registered is the only place events go."""

import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from microcred.accounts.models import User
from microcred.api.models import (
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
    WebhookEvent,
)
from microcred.api.webhooks import addresses, sealing, signing
from microcred.catalog.models import Provider

URL_MAX_LENGTH = 500
DISABLED_ERROR = "The endpoint was disabled before this was delivered."


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot receive events, or None when it can."""
    if len(url) > URL_MAX_LENGTH:
        return f"Keep the URL to {URL_MAX_LENGTH} characters."
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        return "This is not a URL."
    if parts.scheme not in {"http", "https"}:
        return "Only http and https URLs can receive events."
    if not parts.hostname:
        return "The URL has no host."
    if parts.username is not None or parts.password is not None:
        return "Put no user name or password in the URL; check the signature instead."
    # Control characters and lone surrogates are refused too: the database could not store them.
    if port == 0 or not url.isprintable() or any(character.isspace() for character in url):
        return "This is not a URL."
    return _address_problem(parts.hostname, port or (443 if parts.scheme == "https" else 80))


def _address_problem(host: str, port: int) -> str | None:
    """The SSRF guard at creation (``addresses``). A name that does not resolve now is taken: it reaches
    nothing, and every attempt resolves and checks it again before connecting."""
    try:
        destinations = addresses.resolve(host, port)
    except (OSError, UnicodeError):
        return None
    return addresses.destinations_problem(
        destinations, host=host, allow_private=settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES
    )


@dataclass(frozen=True)
class CreatedEndpoint:
    """A new endpoint with its signing secret: the only answer that carries the secret."""

    endpoint: WebhookEndpoint
    secret: str


def endpoint_create(
    *, provider: Provider, url: str, events: Sequence[WebhookEvent], actor: User
) -> CreatedEndpoint:
    """The caller checked ``url_problem(url)`` first; events are kept in their declared order, once each."""
    secret = signing.new_secret()
    chosen = [event.value for event in WebhookEvent if event in set(events)]
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.create(
            provider=provider,
            url=url,
            events=chosen,
            prefix=secret[: signing.SHOWN_PREFIX_LENGTH],
            created_by=actor,
        )
        # Sealed once the row has its id, which the sealed value is bound to.
        endpoint.secret_sealed = sealing.secret_seal(secret, endpoint_id=endpoint.pk)
        endpoint.save(update_fields=["secret_sealed"])
    return CreatedEndpoint(endpoint, secret)


def endpoint_secret(endpoint: WebhookEndpoint) -> str:
    """The endpoint's signing secret (``sealing.KeyStoreError`` when it does not open with the configured
    encryption key)."""
    return sealing.secret_open(bytes(endpoint.secret_sealed), endpoint_id=endpoint.pk)


def endpoint_disable(*, provider: Provider, endpoint_id: int) -> bool:
    """True when an active endpoint of this provider was disabled; what it had pending is not sent."""
    now = timezone.now()
    with transaction.atomic():
        disabled = WebhookEndpoint.objects.filter(pk=endpoint_id, provider=provider, is_active=True).update(
            is_active=False, disabled_at=now
        )
        WebhookDelivery.objects.filter(
            endpoint_id=endpoint_id, endpoint__provider=provider, status=WebhookDeliveryStatus.PENDING
        ).update(status=WebhookDeliveryStatus.FAILED, next_attempt_at=None, last_error=DISABLED_ERROR)
    return disabled == 1


def endpoints_of(provider: Provider) -> list[WebhookEndpoint]:
    return list(WebhookEndpoint.objects.filter(provider=provider).order_by("-created_at", "-id"))


def deliveries_of(
    provider: Provider,
    *,
    endpoint_id: int | None = None,
    status: WebhookDeliveryStatus | None = None,
    event: WebhookEvent | None = None,
) -> QuerySet[WebhookDelivery]:
    """The provider's delivery log, newest first (ending in the primary key, for the cursor)."""
    deliveries = WebhookDelivery.objects.filter(endpoint__provider=provider)
    if endpoint_id is not None:
        deliveries = deliveries.filter(endpoint_id=endpoint_id)
    if status is not None:
        deliveries = deliveries.filter(status=status)
    if event is not None:
        deliveries = deliveries.filter(event=event)
    return deliveries.order_by("-created_at", "-id")
