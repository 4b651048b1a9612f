"""Stripe webhooks: recorded event payloads (tests/payments/fixtures/), signed here with Stripe's real scheme
and posted to /payments/webhooks/stripe/, so ``stripe.Webhook.construct_event`` verifies them for real."""

import json
import time

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.payments import handlers
from tests.payments.builders import (
    STRIPE_EXPIRED_CHECKOUT,
    STRIPE_PAID_CHECKOUT,
    STRIPE_PAYMENT_INTENT,
    stripe_fixture,
    stripe_signature,
)
from tests.payments.payment_factories import CheckoutFactory

from microcred.accounts.models import User
from microcred.payments.models import (
    Checkout,
    CheckoutStatus,
    EventOutcome,
    LedgerEntry,
    ProviderEvent,
    Refund,
)

pytestmark = pytest.mark.django_db

WEBHOOK = "/payments/webhooks/stripe/"


def post_stripe(client: Client, body: bytes, signature: str | None = None) -> tuple[int, dict[str, str]]:
    headers = {} if signature == "" else {"HTTP_STRIPE_SIGNATURE": signature or stripe_signature(body)}
    response = client.post(WEBHOOK, data=body, content_type="application/json", **headers)
    return response.status_code, response.json()


@pytest.fixture
def stripe_checkout(learner: User) -> Checkout:
    """The checkout the recorded checkout.session.completed event pays."""
    return CheckoutFactory(learner=learner, public_id=STRIPE_PAID_CHECKOUT)


def test_the_webhook_url_is_the_documented_one() -> None:
    assert reverse("payments:webhook", kwargs={"provider": "stripe"}) == WEBHOOK


def test_r_en7_checkout_session_completed_marks_paid_and_posts_one_charge(
    client: Client, stripe_checkout: Checkout
) -> None:
    status, answer = post_stripe(client, stripe_fixture("stripe_checkout_session_completed"))

    stripe_checkout.refresh_from_db()
    assert (status, answer) == (200, {"status": "applied"})
    assert (stripe_checkout.status, stripe_checkout.provider_payment_id) == (
        CheckoutStatus.PAID,
        STRIPE_PAYMENT_INTENT,
    )
    assert list(LedgerEntry.objects.values_list("kind", "amount_minor", "currency", "reference")) == [
        ("charge", 49500, "GBP", "enrolment:42")
    ]
    assert handlers.fulfilled == [STRIPE_PAID_CHECKOUT]
    event = ProviderEvent.objects.get()
    assert (event.provider, event.event_id, event.event_type) == (
        "stripe",
        "evt_1QmT7uLkdIwHu7ixq3RZ9cUe",
        "checkout.session.completed",
    )


def test_r_en7_a_replayed_stripe_event_answers_200_and_changes_nothing(
    client: Client, stripe_checkout: Checkout
) -> None:
    body = stripe_fixture("stripe_checkout_session_completed")
    post_stripe(client, body)

    status, answer = post_stripe(client, body, stripe_signature(body, timestamp=int(time.time()) + 5))

    assert (status, answer) == (200, {"status": "duplicate"})
    assert LedgerEntry.objects.count() == 1
    assert sum(LedgerEntry.objects.values_list("amount_minor", flat=True)) == 49500
    assert ProviderEvent.objects.count() == 1
    assert handlers.fulfilled == [STRIPE_PAID_CHECKOUT]


@pytest.mark.parametrize(
    ("signature", "detail"),
    [
        ("wrong-secret", "No signatures found matching the expected signature for payload"),
        ("", "No Stripe-Signature header value was provided."),
        ("stale", "Timestamp outside the tolerance zone"),
        ("t=1,v2=abc", "No signatures found with expected scheme v1"),
        ("v1=abc", "Unable to extract timestamp and signatures from header"),
    ],
)
def test_a_bad_stripe_signature_answers_400_and_records_nothing(
    client: Client, stripe_checkout: Checkout, signature: str, detail: str
) -> None:
    body = stripe_fixture("stripe_checkout_session_completed")
    header = {
        "wrong-secret": stripe_signature(body, secret="whsec_someone_else"),
        "": "",
        "stale": stripe_signature(body, timestamp=int(time.time()) - 301),
    }.get(signature, signature)

    status, answer = post_stripe(client, body, header)

    assert status == 400
    assert answer["error"] == "invalid_signature"
    assert answer["detail"].startswith(f"Stripe-Signature: {detail}")
    assert ProviderEvent.objects.count() == 0
    assert LedgerEntry.objects.count() == 0
    assert Checkout.objects.get().status == CheckoutStatus.OPEN


def test_a_signed_body_that_is_not_json_answers_400_malformed(client: Client) -> None:
    status, answer = post_stripe(client, b"not json at all")

    assert (status, answer) == (400, {"error": "malformed_event", "detail": "body: not a JSON object"})
    assert ProviderEvent.objects.count() == 0


def test_a_signed_session_event_without_its_checkout_id_answers_400_naming_the_field(client: Client) -> None:
    payload = json.loads(stripe_fixture("stripe_checkout_session_completed"))
    del payload["data"]["object"]["client_reference_id"]

    status, answer = post_stripe(client, json.dumps(payload).encode())

    assert (status, answer) == (
        400,
        {"error": "malformed_event", "detail": "client_reference_id: Field required"},
    )
    assert ProviderEvent.objects.count() == 0


def test_an_event_type_the_platform_does_not_act_on_is_recorded_and_answered_200(client: Client) -> None:
    body = json.dumps(
        {
            "id": "evt_1QmT7pLkdIwHu7ixPi01",
            "object": "event",
            "type": "payment_intent.created",
            "data": {"object": {}},
        }
    ).encode()

    status, answer = post_stripe(client, body)

    assert (status, answer) == (200, {"status": "ignored"})
    event = ProviderEvent.objects.get()
    assert (event.outcome, event.note) == (
        EventOutcome.IGNORED,
        "the platform does not act on this event type",
    )


def test_checkout_session_expired_marks_the_checkout_expired_and_posts_nothing(
    client: Client, learner: User
) -> None:
    checkout = CheckoutFactory(learner=learner, public_id=STRIPE_EXPIRED_CHECKOUT, order_reference="order:18")

    status, answer = post_stripe(client, stripe_fixture("stripe_checkout_session_expired"))

    checkout.refresh_from_db()
    assert (status, answer) == (200, {"status": "applied"})
    assert checkout.status == CheckoutStatus.EXPIRED
    assert LedgerEntry.objects.count() == 0
    assert handlers.fulfilled == []


def test_r_en7_charge_refunded_at_stripe_records_the_refund_once(
    client: Client, stripe_checkout: Checkout
) -> None:
    # given: the checkout was paid, then refunded in Stripe's dashboard
    post_stripe(client, stripe_fixture("stripe_checkout_session_completed"))
    body = stripe_fixture("stripe_charge_refunded")

    # when: the refund event arrives, then arrives again
    first = post_stripe(client, body)
    second = post_stripe(client, body, stripe_signature(body, timestamp=int(time.time()) + 5))

    # then
    stripe_checkout.refresh_from_db()
    assert (first, second) == ((200, {"status": "applied"}), (200, {"status": "duplicate"}))
    assert stripe_checkout.status == CheckoutStatus.REFUNDED
    assert list(LedgerEntry.objects.order_by("id").values_list("kind", "amount_minor", "reference")) == [
        ("charge", 49500, "enrolment:42"),
        ("refund", -49500, "enrolment:42"),
    ]
    refund = Refund.objects.get()
    assert (refund.reference, refund.amount_minor, refund.status, refund.reason, refund.policy_version) == (
        "enrolment:42",
        49500,
        "succeeded",
        "Refunded at the payment provider",
        "uol-2025.1",
    )
    assert handlers.refunded == ["enrolment:42 49500"]


def test_charge_refunded_for_an_unknown_payment_is_ignored(client: Client) -> None:
    status, answer = post_stripe(client, stripe_fixture("stripe_charge_refunded"))

    assert (status, answer) == (200, {"status": "ignored"})
    assert ProviderEvent.objects.get().note == "no checkout of this provider matches the event"
    assert LedgerEntry.objects.count() == 0


def test_an_unknown_provider_answers_404(client: Client) -> None:
    response = client.post("/payments/webhooks/paypal/", data=b"{}", content_type="application/json")

    assert response.status_code == 404
    assert response.json() == {
        "error": "unknown_provider",
        "detail": "unknown payment provider 'paypal': expected 'sandbox' or 'stripe'",
    }


def test_the_webhook_takes_only_post(client: Client) -> None:
    assert client.get(WEBHOOK).status_code == 405


def test_without_a_webhook_secret_no_stripe_event_is_accepted(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.STRIPE_WEBHOOK_SECRET = ""

    status, answer = post_stripe(client, stripe_fixture("stripe_checkout_session_completed"))

    assert (status, answer["error"]) == (400, "invalid_signature")
    assert ProviderEvent.objects.count() == 0
