"""Checkouts made directly, for tests of events about checkouts that another provider opened (Stripe's
recorded events name fixed ids). Sandbox tests go through ``services.checkout_create`` instead."""

import uuid

import factory
from factory.django import DjangoModelFactory
from tests.factories.accounts import UserFactory

from microcred.payments.models import Checkout, CheckoutStatus

POLICY_VERSION = "uol-2025.1"


class CheckoutFactory(DjangoModelFactory[Checkout]):
    class Meta:
        model = Checkout

    public_id = factory.LazyFunction(uuid.uuid4)
    learner = factory.SubFactory(UserFactory)
    provider = "stripe"
    provider_session_id = factory.Sequence(lambda n: f"cs_test_{n}")
    amount_minor = 49500
    currency = "GBP"
    lines = factory.LazyAttribute(
        lambda o: [
            {
                "reference": "enrolment:42",
                "description": "Introduction to Data Science",
                "amount_minor": o.amount_minor,
                "policy_version": POLICY_VERSION,
                "kind": "charge",
            }
        ]
    )
    order_reference = "order:17"
    idempotency_key = factory.Sequence(lambda n: f"order:17:attempt:{n}")
    success_url = "https://microcred.example.org/my/"
    cancel_url = "https://microcred.example.org/cart/"
    status = CheckoutStatus.OPEN
