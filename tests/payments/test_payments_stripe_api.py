"""The Stripe adapter's calls out: the real stripe library sends real HTTP requests to a fake Stripe API on
127.0.0.1 (``STRIPE_API_BASE``); nothing of ours is patched."""

import time

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.payments import handlers
from tests.payments.builders import (
    STRIPE_PAID_CHECKOUT,
    STRIPE_PAYMENT_INTENT,
    course_line,
    stripe_fixture,
    stripe_signature,
)
from tests.payments.fake_stripe import FakeStripe
from tests.payments.payment_factories import CheckoutFactory

from microcred.accounts.models import User
from microcred.payments import services
from microcred.payments.errors import ProviderUnavailable
from microcred.payments.models import Checkout, CheckoutStatus, LedgerEntry, Refund, RefundStatus
from microcred.rules.money import Money

SESSION_URL = "https://checkout.stripe.com/c/pay/cs_test_a1kZP3bq9W2sFv0u7xQmYc4T"


def refund_answer(status: str, **fields: object) -> dict[str, object]:
    return {
        "id": "re_3QmT7pLkdIwHu7ix0r2Kd8Vn",
        "object": "refund",
        "amount": 49500,
        "currency": "gbp",
        "payment_intent": STRIPE_PAYMENT_INTENT,
        "status": status,
        **fields,
    }


@pytest.fixture
def paid_stripe_checkout(client: Client, learner: User) -> Checkout:
    """A Stripe checkout paid through the recorded checkout.session.completed webhook."""
    checkout = CheckoutFactory(learner=learner, public_id=STRIPE_PAID_CHECKOUT)
    body = stripe_fixture("stripe_checkout_session_completed")
    client.post(
        "/payments/webhooks/stripe/",
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=stripe_signature(body),
    )
    checkout.refresh_from_db()
    assert checkout.status == CheckoutStatus.PAID
    return checkout


def test_r_en2_stripe_checkout_session_carries_the_fixed_amount_in_minor_units(
    fake_stripe: FakeStripe, settings: SettingsWrapper, learner: User
) -> None:
    settings.PAYMENTS_PROVIDER = "stripe"
    settings.SITE_URL = "https://microcred.example.org"
    fake_stripe.respond(
        "/v1/checkout/sessions",
        {"id": "cs_test_a1kZP3bq9W2sFv0u7xQmYc4T", "object": "checkout.session", "url": SESSION_URL},
    )

    checkout = services.checkout_create(
        learner=learner,
        lines=(
            course_line("enrolment:42", 49500),
            course_line("enrolment:43", 10000, description="Statistics"),
        ),
        order_reference="order:17",
        idempotency_key="order:17:pay",
        success_url="https://microcred.example.org/my/",
        cancel_url="/cart/",
    )

    assert (checkout.provider, checkout.provider_session_id, checkout.redirect_url) == (
        "stripe",
        "cs_test_a1kZP3bq9W2sFv0u7xQmYc4T",
        SESSION_URL,
    )
    [request] = fake_stripe.requests
    assert request.path == "/v1/checkout/sessions"
    assert request.headers["Idempotency-Key"] == f"microcred-checkout-{checkout.public_id}"
    assert request.headers["Authorization"] == "Bearer sk_test_microcred_not_a_real_key"
    assert request.params == {
        "mode": "payment",
        "client_reference_id": str(checkout.public_id),
        "line_items[0][quantity]": "1",
        "line_items[0][price_data][currency]": "gbp",
        "line_items[0][price_data][unit_amount]": "49500",
        "line_items[0][price_data][product_data][name]": "Introduction to Data Science",
        "line_items[1][quantity]": "1",
        "line_items[1][price_data][currency]": "gbp",
        "line_items[1][price_data][unit_amount]": "10000",
        "line_items[1][price_data][product_data][name]": "Statistics",
        "success_url": "https://microcred.example.org/my/",
        "cancel_url": "https://microcred.example.org/cart/",
        "metadata[checkout]": str(checkout.public_id),
        "metadata[order_reference]": "order:17",
        "payment_intent_data[metadata][checkout]": str(checkout.public_id),
        "payment_intent_data[metadata][order_reference]": "order:17",
    }


def test_when_stripe_refuses_to_open_a_session_no_checkout_is_kept(
    fake_stripe: FakeStripe, settings: SettingsWrapper, learner: User
) -> None:
    settings.PAYMENTS_PROVIDER = "stripe"
    fake_stripe.respond(
        "/v1/checkout/sessions",
        {"error": {"type": "invalid_request_error", "message": "Invalid currency: gbx."}},
        status=400,
    )

    with pytest.raises(
        ProviderUnavailable, match=r"^Stripe could not start the payment: Invalid currency: gbx\.$"
    ):
        services.checkout_create(
            learner=learner,
            lines=(course_line(),),
            order_reference="order:17",
            idempotency_key="order:17:pay",
            success_url="https://microcred.example.org/my/",
            cancel_url="https://microcred.example.org/cart/",
        )

    assert Checkout.objects.count() == 0


def test_r_en7_a_stripe_refund_that_succeeds_posts_once_even_when_charge_refunded_follows(
    fake_stripe: FakeStripe, paid_stripe_checkout: Checkout, client: Client
) -> None:
    fake_stripe.respond("/v1/refunds", refund_answer("succeeded"))

    refund = services.refund_request(
        checkout=paid_stripe_checkout,
        reference="enrolment:42",
        amount=Money(49500, "GBP"),
        reason="R-EN5: asked within 14 days",
        policy_version="uol-2025.1",
    )
    body = stripe_fixture("stripe_charge_refunded")
    response = client.post(
        "/payments/webhooks/stripe/",
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=stripe_signature(body),
    )

    assert (refund.status, refund.provider_refund_id) == (
        RefundStatus.SUCCEEDED,
        "re_3QmT7pLkdIwHu7ix0r2Kd8Vn",
    )
    assert response.json() == {"status": "ignored"}
    assert list(LedgerEntry.objects.order_by("id").values_list("kind", "amount_minor")) == [
        ("charge", 49500),
        ("refund", -49500),
    ]
    [request] = fake_stripe.requests
    assert request.params == {
        "payment_intent": STRIPE_PAYMENT_INTENT,
        "amount": "49500",
        "reason": "requested_by_customer",
        "metadata[checkout]": STRIPE_PAID_CHECKOUT,
        "metadata[reason]": "R-EN5: asked within 14 days",
    }
    assert request.headers["Idempotency-Key"] == f"microcred-refund-{refund.public_id}"
    assert handlers.refunded == []


def test_a_refund_stripe_refuses_says_why_and_posts_nothing(
    fake_stripe: FakeStripe, paid_stripe_checkout: Checkout
) -> None:
    fake_stripe.respond(
        "/v1/refunds",
        {
            "error": {
                "type": "invalid_request_error",
                "code": "charge_disputed",
                "message": "Charge ch_3QmT7pLkdIwHu7ix0Xb1Yq9z has been charged back; cannot issue a refund.",
            }
        },
        status=400,
    )

    refund = services.refund_request(
        checkout=paid_stripe_checkout,
        reference="enrolment:42",
        amount=Money(49500, "GBP"),
        reason="R-EN5: asked within 14 days",
        policy_version="uol-2025.1",
    )

    paid_stripe_checkout.refresh_from_db()
    assert (refund.status, refund.refused_reason) == (
        RefundStatus.REFUSED,
        "Stripe refused the refund: "
        "Charge ch_3QmT7pLkdIwHu7ix0Xb1Yq9z has been charged back; cannot issue a refund.",
    )
    assert list(LedgerEntry.objects.values_list("kind", "amount_minor")) == [("charge", 49500)]
    assert paid_stripe_checkout.status == CheckoutStatus.PAID


def test_a_failed_stripe_refund_is_refused_with_stripes_reason(
    fake_stripe: FakeStripe, paid_stripe_checkout: Checkout
) -> None:
    fake_stripe.respond("/v1/refunds", refund_answer("failed", failure_reason="expired_or_canceled_card"))

    refund = services.refund_request(
        checkout=paid_stripe_checkout,
        reference="enrolment:42",
        amount=Money(49500, "GBP"),
        reason="R-EN5: asked within 14 days",
        policy_version="uol-2025.1",
    )

    assert (refund.status, refund.refused_reason) == (
        RefundStatus.REFUSED,
        "Stripe refused the refund: expired_or_canceled_card",
    )
    assert LedgerEntry.objects.filter(kind="refund").count() == 0


def test_a_pending_stripe_refund_posts_when_charge_refunded_confirms_it(
    fake_stripe: FakeStripe, paid_stripe_checkout: Checkout, client: Client
) -> None:
    # given: Stripe accepted the refund but has not finished it
    fake_stripe.respond("/v1/refunds", refund_answer("pending"))
    refund = services.refund_request(
        checkout=paid_stripe_checkout,
        reference="enrolment:42",
        amount=Money(49500, "GBP"),
        reason="R-EN5: asked within 14 days",
        policy_version="uol-2025.1",
    )
    assert (refund.status, LedgerEntry.objects.filter(kind="refund").count()) == (RefundStatus.PENDING, 0)

    # when
    body = stripe_fixture("stripe_charge_refunded")
    response = client.post(
        "/payments/webhooks/stripe/",
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=stripe_signature(body, timestamp=int(time.time())),
    )

    # then
    refund.refresh_from_db()
    paid_stripe_checkout.refresh_from_db()
    assert response.json() == {"status": "applied"}
    assert refund.status == RefundStatus.SUCCEEDED
    assert Refund.objects.count() == 1
    assert list(LedgerEntry.objects.order_by("id").values_list("kind", "amount_minor", "refund_id")) == [
        ("charge", 49500, None),
        ("refund", -49500, refund.pk),
    ]
    assert paid_stripe_checkout.status == CheckoutStatus.REFUNDED
    assert handlers.refunded == ["enrolment:42 49500"]
