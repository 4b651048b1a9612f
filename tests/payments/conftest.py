"""Fixtures of the payments tests: the handlers the enrolment app will provide, a learner's sandbox
checkout, and a fake Stripe API on 127.0.0.1."""

from collections.abc import Callable, Iterator

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.payments import handlers
from tests.payments.builders import STRIPE_WEBHOOK_SECRET, course_line
from tests.payments.fake_stripe import FakeStripe, FakeStripeServer

from microcred.accounts.models import User
from microcred.payments import services
from microcred.payments.checkout_lines import CheckoutLine
from microcred.payments.models import Checkout


@pytest.fixture(autouse=True)
def _payments_settings(settings: SettingsWrapper) -> Iterator[None]:
    settings.PAYMENTS_PROVIDER = "sandbox"
    settings.PAYMENTS_FULFILMENT_HANDLER = "tests.payments.handlers.record_fulfilment"
    settings.PAYMENTS_REFUND_HANDLER = "tests.payments.handlers.record_refund"
    settings.STRIPE_WEBHOOK_SECRET = STRIPE_WEBHOOK_SECRET
    settings.STRIPE_SECRET_KEY = "sk_test_microcred_not_a_real_key"
    handlers.fulfilled.clear()
    handlers.refunded.clear()
    yield
    handlers.fulfilled.clear()
    handlers.refunded.clear()


@pytest.fixture
def sandbox_checkout(learner: User) -> Callable[..., Checkout]:
    """Make a learner's open sandbox checkout (one £495 course unless told), as the enrolment app will."""

    def make(key: str = "order:17:pay", lines: tuple[CheckoutLine, ...] | None = None) -> Checkout:
        return services.checkout_create(
            learner=learner,
            lines=lines or (course_line(),),
            order_reference="order:17",
            idempotency_key=key,
            success_url="/my/",
            cancel_url="/courses/",
        )

    return make


@pytest.fixture
def fake_stripe(settings: SettingsWrapper) -> Iterator[FakeStripe]:
    with FakeStripeServer() as fake:
        settings.STRIPE_API_BASE = fake.url
        yield fake
