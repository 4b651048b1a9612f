"""The Stripe adapter (``PAYMENTS_PROVIDER = "stripe"``): Checkout Sessions, Refunds and signed webhooks.

Settings: ``STRIPE_SECRET_KEY`` (the API key), ``STRIPE_WEBHOOK_SECRET`` (the endpoint's signing secret,
``whsec_…``) and ``STRIPE_API_BASE`` (default Stripe's own; tests point it at a local fake server).

Point the Stripe webhook endpoint at ``/payments/webhooks/stripe/`` with the events
``checkout.session.completed``, ``checkout.session.async_payment_succeeded``,
``checkout.session.async_payment_failed``, ``checkout.session.expired`` and ``charge.refunded``.
"""

import json
import uuid
from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import urljoin

import stripe
from django.conf import settings
from pydantic import BaseModel, ValidationError

from microcred.payments.errors import InvalidSignature, MalformedEvent, ProviderUnavailable
from microcred.payments.models import Checkout, RefundStatus
from microcred.payments.providers.base import (
    CheckoutSession,
    EventKind,
    ProviderEventData,
    RefundResult,
    malformed_event,
)

NAME = "stripe"
SIGNATURE_HEADER = "Stripe-Signature"

_SESSION_KINDS = {
    "checkout.session.completed": EventKind.CHECKOUT_PAID,
    "checkout.session.async_payment_succeeded": EventKind.CHECKOUT_PAID,
    "checkout.session.async_payment_failed": EventKind.CHECKOUT_DECLINED,
    "checkout.session.expired": EventKind.CHECKOUT_EXPIRED,
}
_REFUND_STATUSES = {"succeeded": RefundStatus.SUCCEEDED, "pending": RefundStatus.PENDING}


class _EventData(BaseModel):
    object: dict[str, Any]


class _Event(BaseModel):
    id: str
    type: str
    data: _EventData


class _Session(BaseModel):
    id: str
    client_reference_id: uuid.UUID
    payment_intent: str | None = None
    payment_status: str
    amount_total: int
    currency: str


class _Charge(BaseModel):
    id: str
    payment_intent: str
    amount_refunded: int
    currency: str


def _client() -> stripe.StripeClient:
    api_key: str = getattr(settings, "STRIPE_SECRET_KEY", "")
    if not api_key:
        raise ProviderUnavailable("STRIPE_SECRET_KEY is not set")
    api_base: str = getattr(settings, "STRIPE_API_BASE", "")
    if api_base:
        return stripe.StripeClient(api_key, base_addresses={"api": api_base})
    return stripe.StripeClient(api_key)


def _absolute(url: str) -> str:
    """Stripe needs absolute return URLs; a path is taken as one on this site (``SITE_URL``)."""
    return urljoin(getattr(settings, "SITE_URL", "").rstrip("/") + "/", url)


def _session_params(checkout: Checkout, success_url: str, cancel_url: str) -> dict[str, Any]:
    metadata = {"checkout": str(checkout.public_id), "order_reference": checkout.order_reference}
    return {
        "mode": "payment",
        "client_reference_id": str(checkout.public_id),
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": checkout.currency.lower(),
                    "unit_amount": line["amount_minor"],
                    "product_data": {"name": line["description"]},
                },
            }
            for line in checkout.lines
        ],
        "success_url": _absolute(success_url),
        "cancel_url": _absolute(cancel_url),
        "metadata": metadata,
        "payment_intent_data": {"metadata": metadata},
    }


def _event_data(event: _Event, payload: dict[str, Any]) -> ProviderEventData:
    common = ProviderEventData(NAME, event.id, event.type, EventKind.OTHER, payload)
    if event.type in _SESSION_KINDS:
        session = _Session.model_validate(event.data.object)
        kind = _SESSION_KINDS[event.type]
        if event.type == "checkout.session.completed" and session.payment_status != "paid":
            # Delayed payment methods complete unpaid; async_payment_succeeded or _failed follows.
            kind = EventKind.OTHER
        return replace(
            common,
            kind=kind,
            checkout_public_id=session.client_reference_id,
            provider_payment_id=session.payment_intent or "",
            amount_minor=session.amount_total,
            currency=session.currency.upper(),
            decline_reason="The payment failed." if kind == EventKind.CHECKOUT_DECLINED else "",
        )
    if event.type == "charge.refunded":
        charge = _Charge.model_validate(event.data.object)
        return replace(
            common,
            kind=EventKind.PAYMENT_REFUNDED,
            provider_payment_id=charge.payment_intent,
            amount_minor=charge.amount_refunded,
            currency=charge.currency.upper(),
        )
    return common


class StripeProvider:
    name = NAME

    def create_checkout(self, checkout: Checkout, success_url: str, cancel_url: str) -> CheckoutSession:
        try:
            session = _client().v1.checkout.sessions.create(
                params=_session_params(checkout, success_url, cancel_url),  # type: ignore[arg-type]
                options={"idempotency_key": f"microcred-checkout-{checkout.public_id}"},
            )
        except stripe.StripeError as error:
            raise ProviderUnavailable(f"Stripe could not start the payment: {error.user_message}") from None
        if not session.url:
            raise ProviderUnavailable(f"Stripe gave no payment page for checkout session {session.id}")
        return CheckoutSession(redirect_url=session.url, session_id=session.id)

    def parse_event(self, body: bytes, headers: Mapping[str, str]) -> ProviderEventData:
        secret: str = getattr(settings, "STRIPE_WEBHOOK_SECRET", "")
        if not secret:
            raise InvalidSignature("STRIPE_WEBHOOK_SECRET is not set, so no Stripe event can be verified")
        try:
            stripe.Webhook.construct_event(body, headers.get(SIGNATURE_HEADER), secret)
        except stripe.SignatureVerificationError as error:
            raise InvalidSignature(f"{SIGNATURE_HEADER}: {error.user_message}") from None
        except ValueError:
            raise MalformedEvent("body: not a JSON object") from None
        try:
            payload = json.loads(body)
            return _event_data(_Event.model_validate(payload), payload)
        except ValidationError as error:
            raise malformed_event(error) from None

    def refund(
        self, checkout: Checkout, amount_minor: int, reason: str, *, idempotency_key: str
    ) -> RefundResult:
        try:
            refund = _client().v1.refunds.create(
                params={
                    "payment_intent": checkout.provider_payment_id,
                    "amount": amount_minor,
                    "reason": "requested_by_customer",
                    "metadata": {"checkout": str(checkout.public_id), "reason": reason[:500]},
                },
                options={"idempotency_key": idempotency_key},
            )
        except stripe.InvalidRequestError as error:
            return RefundResult(
                status=RefundStatus.REFUSED, reason=f"Stripe refused the refund: {error.user_message}"
            )
        except (stripe.StripeError, ProviderUnavailable) as error:
            message = error.user_message if isinstance(error, stripe.StripeError) else str(error)
            return RefundResult(status=RefundStatus.REFUSED, reason=f"Stripe could not be asked: {message}")
        status = _REFUND_STATUSES.get(refund.status or "", RefundStatus.REFUSED)
        if status == RefundStatus.REFUSED:
            # failure_reason is present only on a failed refund.
            why = getattr(refund, "failure_reason", None) or refund.status
            return RefundResult(
                status=status, provider_refund_id=refund.id, reason=f"Stripe refused the refund: {why}"
            )
        return RefundResult(status=status, provider_refund_id=refund.id)
