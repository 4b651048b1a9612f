"""What the payments app asks of a payment provider, and the plain values that come back.

An adapter talks to one provider and nothing else: it never writes to the database. The services in
``microcred.payments.services`` record what it returns.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from pydantic import ValidationError

from microcred.payments.errors import MalformedEvent
from microcred.payments.models import Checkout, RefundStatus


class EventKind(StrEnum):
    """What a provider event means for us, whatever the provider calls it."""

    CHECKOUT_PAID = "checkout_paid"
    CHECKOUT_DECLINED = "checkout_declined"
    CHECKOUT_CANCELLED = "checkout_cancelled"
    CHECKOUT_EXPIRED = "checkout_expired"
    PAYMENT_REFUNDED = "payment_refunded"
    OTHER = "other"


@dataclass(frozen=True)
class ProviderEventData:
    """A verified provider event. ``amount_minor`` is the amount paid for CHECKOUT_PAID and the total refunded
    so far (the provider's running total) for PAYMENT_REFUNDED."""

    provider: str
    event_id: str
    event_type: str
    kind: EventKind
    payload: dict[str, Any] = field(repr=False)
    checkout_public_id: uuid.UUID | None = None
    provider_payment_id: str = ""
    amount_minor: int | None = None
    currency: str = ""
    decline_reason: str = ""


@dataclass(frozen=True)
class CheckoutSession:
    """Where to send the learner to pay, and the provider's id of that payment page."""

    redirect_url: str
    session_id: str


@dataclass(frozen=True)
class RefundResult:
    """The provider's answer to a refund. A refusal is an answer, not an error: ``reason`` says why."""

    status: RefundStatus
    provider_refund_id: str = ""
    reason: str = ""

    @property
    def is_refused(self) -> bool:
        return self.status == RefundStatus.REFUSED


class PaymentProvider(Protocol):
    name: str

    def create_checkout(self, checkout: Checkout, success_url: str, cancel_url: str) -> CheckoutSession:
        """Open the provider's payment page for the checkout's fixed amount and lines. Raises
        ``ProviderUnavailable`` when the provider cannot be reached or refuses."""
        ...

    def parse_event(self, body: bytes, headers: Mapping[str, str]) -> ProviderEventData:
        """Verify the signature and read the event. Raises ``InvalidSignature`` or ``MalformedEvent``."""
        ...

    def refund(
        self, checkout: Checkout, amount_minor: int, reason: str, *, idempotency_key: str
    ) -> RefundResult:
        """Give back part or all of a paid checkout. The same ``idempotency_key`` never refunds twice."""
        ...


def malformed_event(error: ValidationError) -> MalformedEvent:
    """A pydantic error about an event body, as a MalformedEvent naming the first field that is wrong."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "body"
    return MalformedEvent(f"{where}: {first['msg']}")
