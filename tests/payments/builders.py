"""Small builders shared by the payments tests: checkout lines, a sandbox payment, Stripe's signature."""

import hashlib
import hmac
import time
from pathlib import Path

from microcred.payments import services
from microcred.payments.checkout_lines import CheckoutLine
from microcred.payments.models import Checkout
from microcred.payments.providers import sandbox
from microcred.rules.money import Money

FIXTURES = Path(__file__).parent / "fixtures"
STRIPE_WEBHOOK_SECRET = "whsec_test_microcred_not_a_real_secret"
POLICY_VERSION = "uol-2025.1"
# The ids the recorded Stripe events carry.
STRIPE_PAID_CHECKOUT = "5b0b7a2e-3f0c-4b7e-9a53-0f5c2d1e8a41"
STRIPE_EXPIRED_CHECKOUT = "9d4c1f60-2b7a-4e8d-b6c3-7a1e5f0d2c98"
STRIPE_PAYMENT_INTENT = "pi_3QmT7pLkdIwHu7ix0vYk2a8R"


def course_line(
    reference: str = "enrolment:42",
    amount_minor: int = 49500,
    *,
    currency: str = "GBP",
    policy_version: str = POLICY_VERSION,
    description: str = "Introduction to Data Science",
) -> CheckoutLine:
    return CheckoutLine(
        reference=reference,
        description=description,
        price=Money(amount_minor, currency),
        policy_version=policy_version,
    )


def sandbox_pay(checkout: Checkout, card_number: str = "4242424242424242") -> services.EventResult:
    """What the sandbox page does with a card: a signed event through the webhook's own service."""
    card = sandbox.sandbox_card_for(card_number)
    if card is None:
        raise ValueError(f"{card_number} is not a sandbox test card")
    body, headers = sandbox.payment_attempt_event(checkout=checkout, card=card)
    return services.provider_event_handle(provider_name="sandbox", body=body, headers=headers)


def stripe_signature(
    body: bytes, *, secret: str = STRIPE_WEBHOOK_SECRET, timestamp: int | None = None
) -> str:
    """Stripe's scheme: ``t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the endpoint secret>``."""
    signed_at = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{signed_at}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={signed_at},v1={digest}"


def stripe_fixture(name: str) -> bytes:
    return (FIXTURES / f"{name}.json").read_bytes()
