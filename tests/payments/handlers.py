"""Handlers the tests name in PAYMENTS_FULFILMENT_HANDLER / PAYMENTS_REFUND_HANDLER, standing in for the
enrolment app. Each records the public id it was called with."""

import time

from microcred.payments.models import Checkout, Refund

fulfilled: list[str] = []
refunded: list[str] = []


def record_fulfilment(checkout: Checkout) -> None:
    fulfilled.append(str(checkout.public_id))


def record_fulfilment_slowly(checkout: Checkout) -> None:
    # Holds the first delivery's transaction open so a concurrent second delivery must wait on it.
    time.sleep(0.5)
    fulfilled.append(str(checkout.public_id))


def fail_fulfilment(checkout: Checkout) -> None:
    raise RuntimeError(f"enrolment could not be created for {checkout.public_id}")


def record_refund(refund: Refund) -> None:
    refunded.append(f"{refund.reference} {refund.amount_minor}")
