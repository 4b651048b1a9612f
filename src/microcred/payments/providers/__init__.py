"""The payment providers by name. ``PAYMENTS_PROVIDER`` (default ``"sandbox"``) picks the one new checkouts
use; events and refunds of an existing checkout always go to the provider that checkout was made with."""

from django.conf import settings

from microcred.payments.errors import UnknownProvider
from microcred.payments.providers.base import PaymentProvider
from microcred.payments.providers.sandbox import SandboxProvider
from microcred.payments.providers.stripe import StripeProvider

PROVIDERS: dict[str, type[PaymentProvider]] = {"sandbox": SandboxProvider, "stripe": StripeProvider}


def provider_named(name: str) -> PaymentProvider:
    try:
        return PROVIDERS[name]()
    except KeyError:
        raise UnknownProvider(name) from None


def configured_provider() -> PaymentProvider:
    return provider_named(getattr(settings, "PAYMENTS_PROVIDER", "sandbox"))
