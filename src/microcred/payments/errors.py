"""Errors raised by the payments app. Each carries a message fit to show or to return in a 400 body.

A refund the provider refuses is not an error: it is a ``Refund`` with status ``refused`` (the layer above
keeps the enrolment and tells people).
"""


class PaymentError(Exception):
    """Base class of every payments error."""


class PaymentInputError(PaymentError, ValueError):
    """A service was given a value it cannot act on; ``field`` names it."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


class UnknownProvider(PaymentError):
    """No payment provider of that name (PAYMENTS_PROVIDER, or the <provider> of a webhook URL)."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"unknown payment provider {name!r}: expected 'sandbox' or 'stripe'")


class InvalidSignature(PaymentError):
    """A provider event whose signature does not verify: nothing is recorded."""


class MalformedEvent(PaymentError):
    """A provider event that verified but cannot be read (not JSON, a missing field): nothing is recorded."""


class ProviderUnavailable(PaymentError):
    """The provider could not be reached or refused the request to start a checkout."""
