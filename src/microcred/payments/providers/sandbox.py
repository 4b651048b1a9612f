"""The offline payment provider, and the default (``PAYMENTS_PROVIDER = "sandbox"``).

The learner is sent to a local page, ``/payments/sandbox/<checkout public id>/``, marked as a TEST payment
page, and types a test card number:

==========================  ====================================================================
4242 4242 4242 4242         the payment succeeds
4000 0000 0000 0002         declined ("Your card was declined.")
4000 0000 0000 9995         declined ("Your card has insufficient funds.")
4000 0000 0000 0341         the payment succeeds, and every refund of it is refused
==========================  ====================================================================

Any other number is a form error. The page turns what the learner did into an event signed with
HMAC-SHA256 (``PAYMENTS_SANDBOX_SECRET``, by default derived from ``SECRET_KEY``) and hands it to
``provider_event_handle``, the same path a real provider's webhook takes. Refunds succeed, except for a
payment made with the 0341 card, so the refusal path can be tried by hand and by tests.
"""

import hashlib
import hmac
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import salted_hmac
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from microcred.payments.errors import InvalidSignature
from microcred.payments.models import Checkout, RefundStatus
from microcred.payments.providers.base import (
    CheckoutSession,
    EventKind,
    ProviderEventData,
    RefundResult,
    malformed_event,
)

NAME = "sandbox"
SIGNATURE_HEADER = "X-Sandbox-Signature"
PAYMENT_ID_PREFIX = "sandbox_pay_"
REFUSES_REFUNDS_LAST4 = "0341"


class CardBehaviour(StrEnum):
    PAYS = "pays"
    DECLINED = "declined"
    INSUFFICIENT_FUNDS = "insufficient_funds"
    PAYS_REFUSES_REFUNDS = "pays_refuses_refunds"


@dataclass(frozen=True)
class SandboxCard:
    number: str
    behaviour: CardBehaviour
    description: str
    decline_reason: str = ""

    @property
    def pays(self) -> bool:
        return self.behaviour in (CardBehaviour.PAYS, CardBehaviour.PAYS_REFUSES_REFUNDS)

    @property
    def spaced_number(self) -> str:
        return " ".join(self.number[start : start + 4] for start in range(0, 16, 4))


SANDBOX_CARDS = (
    SandboxCard("4242424242424242", CardBehaviour.PAYS, "The payment succeeds."),
    SandboxCard("4000000000000002", CardBehaviour.DECLINED, "Declined.", "Your card was declined."),
    SandboxCard(
        "4000000000009995",
        CardBehaviour.INSUFFICIENT_FUNDS,
        "Declined for insufficient funds.",
        "Your card has insufficient funds.",
    ),
    SandboxCard(
        "4000000000000341",
        CardBehaviour.PAYS_REFUSES_REFUNDS,
        "The payment succeeds; refunds of it are refused.",
    ),
)


def sandbox_card_for(number: str) -> SandboxCard | None:
    """The test card a learner typed (spaces and hyphens ignored), or None for any other number."""
    digits = number.replace(" ", "").replace("-", "")
    return next((card for card in SANDBOX_CARDS if card.number == digits), None)


def sandbox_secret() -> bytes:
    configured: str = getattr(settings, "PAYMENTS_SANDBOX_SECRET", "")
    if configured:
        return configured.encode()
    return salted_hmac("microcred.payments.sandbox", "event signing secret").hexdigest().encode()


def signature_for(body: bytes) -> str:
    return hmac.new(sandbox_secret(), body, hashlib.sha256).hexdigest()


def payment_attempt_event(*, checkout: Checkout, card: SandboxCard) -> tuple[bytes, dict[str, str]]:
    """The signed event for a card typed on the sandbox page."""
    payload = _payload(checkout, "payment.succeeded" if card.pays else "payment.declined")
    if card.pays:
        payload["payment_id"] = f"{PAYMENT_ID_PREFIX}{card.number[-4:]}_{uuid.uuid4().hex}"
    else:
        payload["decline_reason"] = card.decline_reason
    return _signed(payload)


def cancellation_event(*, checkout: Checkout) -> tuple[bytes, dict[str, str]]:
    """The signed event for the learner pressing Cancel on the sandbox page."""
    return _signed(_payload(checkout, "checkout.cancelled"))


def _payload(checkout: Checkout, event_type: str) -> dict[str, object]:
    return {
        "id": f"evt_sandbox_{uuid.uuid4().hex}",
        "type": event_type,
        "checkout": str(checkout.public_id),
        "amount_minor": checkout.amount_minor,
        "currency": checkout.currency,
    }


def _signed(payload: dict[str, object]) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(payload, sort_keys=True).encode()
    return body, {SIGNATURE_HEADER: signature_for(body)}


class _SandboxEvent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=255)
    type: Literal["payment.succeeded", "payment.declined", "checkout.cancelled"]
    checkout: uuid.UUID
    amount_minor: int = Field(gt=0)
    currency: str = Field(min_length=3, max_length=3)
    payment_id: str = ""
    decline_reason: str = Field(default="", max_length=200)


_KIND_OF_TYPE = {
    "payment.succeeded": EventKind.CHECKOUT_PAID,
    "payment.declined": EventKind.CHECKOUT_DECLINED,
    "checkout.cancelled": EventKind.CHECKOUT_CANCELLED,
}


class SandboxProvider:
    name = NAME

    def create_checkout(self, checkout: Checkout, success_url: str, cancel_url: str) -> CheckoutSession:
        # The sandbox page reads the success and cancel URLs from the checkout row itself.
        url = reverse("payments:sandbox_checkout", kwargs={"public_id": checkout.public_id})
        return CheckoutSession(redirect_url=url, session_id=f"sandbox_cs_{checkout.public_id.hex}")

    def parse_event(self, body: bytes, headers: Mapping[str, str]) -> ProviderEventData:
        signature = headers.get(SIGNATURE_HEADER, "")
        if not signature:
            raise InvalidSignature(f"no {SIGNATURE_HEADER} header")
        if not hmac.compare_digest(signature.encode(), signature_for(body).encode()):
            raise InvalidSignature(f"the {SIGNATURE_HEADER} header does not match the body")
        try:
            event = _SandboxEvent.model_validate_json(body)
        except ValidationError as error:
            raise malformed_event(error) from None
        return ProviderEventData(
            provider=NAME,
            event_id=event.id,
            event_type=event.type,
            kind=_KIND_OF_TYPE[event.type],
            payload=json.loads(body),
            checkout_public_id=event.checkout,
            provider_payment_id=event.payment_id,
            amount_minor=event.amount_minor,
            currency=event.currency,
            decline_reason=event.decline_reason,
        )

    def refund(
        self, checkout: Checkout, amount_minor: int, reason: str, *, idempotency_key: str
    ) -> RefundResult:
        if checkout.provider_payment_id.startswith(f"{PAYMENT_ID_PREFIX}{REFUSES_REFUNDS_LAST4}_"):
            return RefundResult(
                status=RefundStatus.REFUSED,
                reason="The sandbox refuses refunds of payments made with test card 4000 0000 0000 0341.",
            )
        refund_id = "sandbox_re_" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:24]
        return RefundResult(status=RefundStatus.SUCCEEDED, provider_refund_id=refund_id)
