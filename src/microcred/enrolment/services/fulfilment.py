"""What a paid checkout gives the learner: the payments app calls ``order_fulfil`` (setting
``PAYMENTS_FULFILMENT_HANDLER``) inside the transaction that records the payment, and ``refund_settle``
(``PAYMENTS_REFUND_HANDLER``) when a refund is confirmed after the request that made it."""

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from microcred.common.hooks import hooks_call
from microcred.common.outbox import outbox_enqueue
from microcred.enrolment import selectors, tasks
from microcred.enrolment.models import (
    CartItem,
    Enrolment,
    EnrolmentRefund,
    EnrolmentStatus,
    OrderLine,
    RefundOutcome,
)
from microcred.enrolment.services.locks import cohort_locked, enrolment_locked, order_of_checkout_locked
from microcred.enrolment.services.refunds import enrolment_end_by_refund
from microcred.payments import services as payment_services
from microcred.payments.models import Checkout, Refund, RefundStatus
from microcred.rules.money import Money
from microcred.rules.registration import registration_expires_on

logger = logging.getLogger(__name__)


def order_fulfil(checkout: Checkout) -> None:
    """Enrol the learner on every course of the paid order (or apply its top-up), empty those courses from
    the cart and send the confirmation once the payment is committed. A second call for the same checkout
    finds the order fulfilled and changes nothing (R-EN7); a checkout of no order is not ours to fulfil."""
    with transaction.atomic():
        order = order_of_checkout_locked(checkout.pk)
        if order is None or order.fulfilled_at is not None:
            return
        now = timezone.now()
        lines = list(order.lines.select_related("microcredential__provider", "cohort", "provider"))
        placed = [line for line in lines if _has_place(line, order.created_at, now)]
        for line in lines:
            if line not in placed:
                _place_lost_refund(checkout, line)
            elif line.top_up_of_id is None:
                hooks_call("ENROLMENT_CREATED_HANDLERS", enrolment_id=_enrolment_create(line).pk)
            else:
                _top_up_apply(line)
        order.fulfilled_at = now
        order.save(update_fields=["fulfilled_at"])
        CartItem.objects.filter(
            learner_id=order.learner_id, microcredential_id__in=[line.microcredential_id for line in placed]
        ).delete()
        # Through the outbox: a broker outage at this moment delays the e-mail instead of losing it.
        outbox_enqueue(
            tasks.order_confirmation_send.name,
            args=[order.pk],
            key=f"enrolment.order_confirmation:{order.pk}",
        )


def _has_place(line: OrderLine, ordered_at: dt.datetime, now: dt.datetime) -> bool:
    """R-CA2: an order paid within its seat hold has the place it held. One paid after the hold lapsed has a
    place only if one is still free: another learner may have taken it meanwhile, and two such payments
    arriving together take turns on the cohort's row lock."""
    if line.cohort_id is None or line.top_up_of_id is not None or ordered_at >= now - selectors.SEAT_HOLD:
        return True
    return not selectors.is_cohort_full(cohort_locked(line.cohort_id), now=now)


def _place_lost_refund(checkout: Checkout, line: OrderLine) -> None:
    """The cohort filled while the payment was on its way: the learner gets the whole line back."""
    refund = payment_services.refund_request(
        checkout=checkout,
        reference=line.reference,
        amount=Money(line.amount_minor, line.currency),
        reason="The cohort filled up before the payment arrived.",
        policy_version=line.policy_version,
    )
    if refund.status != RefundStatus.SUCCEEDED:
        logger.error("enrolment: %s lost its place and its refund did not go through", line.reference)


def access_starts_on(line: OrderLine, today: dt.date) -> dt.date:
    """R-EN2/R-CA2: a cohort course opens at the cohort start; a release course not before its release date;
    any other at once."""
    if line.cohort is not None:
        return line.cohort.starts_on
    release_date = line.microcredential.release_date
    if release_date is not None and release_date > today:
        return release_date
    return today


def _enrolment_create(line: OrderLine) -> Enrolment:
    policy = line.provider.policy
    today = selectors.local_today(policy)
    registration = policy.registration
    return Enrolment.objects.create(
        learner_id=line.order.learner_id,
        microcredential=line.microcredential,
        order_line=line,
        track=line.track,
        cohort=line.cohort,
        policy_version=line.policy_version,
        declarations=line.declarations,
        declarations_version=line.declarations_version,
        declared_at=line.declared_at,
        registered_on=today,
        access_starts_on=access_starts_on(line, today),
        # R-EN4: the registration runs from the day it was paid for.
        registration_expires_on=registration_expires_on(today, registration) if registration else None,
    )


def _top_up_apply(line: OrderLine) -> None:
    assert line.top_up_of_id is not None
    enrolment = enrolment_locked(line.top_up_of_id)
    if enrolment.track == line.track:
        # Two top-ups of one enrolment paid in two tabs: the second changes nothing; staff can refund it.
        logger.warning(
            "enrolment: top-up %s paid for enrolment %s already on it", line.reference, enrolment.pk
        )
        return
    enrolment.track = line.track
    enrolment.save(update_fields=["track"])


def refund_settle(refund: Refund) -> None:
    """A refund confirmed by the provider after the request (pending at first, or made in its dashboard):
    when the enrolment's own line is now refunded in full, the enrolment ends (R-EN5)."""
    if refund.status != RefundStatus.SUCCEEDED:
        return
    with transaction.atomic():
        line = OrderLine.objects.filter(reference=refund.reference, top_up_of__isnull=True).first()
        if line is None or not hasattr(line, "enrolment"):
            return
        enrolment = enrolment_locked(line.enrolment.pk)
        EnrolmentRefund.objects.filter(
            enrolment=enrolment, outcome=RefundOutcome.PENDING, payment_refunds=refund
        ).update(outcome=RefundOutcome.SUCCEEDED)
        if enrolment.status == EnrolmentStatus.REFUNDED or _refunded_minor(line) < line.amount_minor:
            return
        enrolment_end_by_refund(enrolment)


def _refunded_minor(line: OrderLine) -> int:
    refunded = Refund.objects.filter(reference=line.reference, status=RefundStatus.SUCCEEDED).aggregate(
        total=Sum("amount_minor")
    )["total"]
    return int(refunded or 0)
