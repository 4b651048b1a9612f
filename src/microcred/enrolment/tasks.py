"""Celery tasks of the enrolment app: e-mails after a commit, and the re-registration pause (R-EN4).

``registrations_pause_for_new_academic_year`` is safe to run on any day and any number of times: it pauses
only registrations whose academic-year start (a policy date) has passed without a re-registration, and a
paused one is not paused again. Beat runs it daily, so a policy with another start date needs no new entry.
"""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from microcred.enrolment import emails
from microcred.enrolment.models import Enrolment, EnrolmentRefund, Order


@shared_task  # type: ignore[untyped-decorator]  # celery ships no type hints
def order_confirmation_send(order_id: int) -> None:
    """Once per order: the claim on ``confirmation_sent_at`` and the send share a transaction, so a retry
    after a failed send tries again and a retry after a good one sends nothing."""
    with transaction.atomic():
        claimed = Order.objects.filter(pk=order_id, confirmation_sent_at__isnull=True).update(
            confirmation_sent_at=timezone.now()
        )
        if claimed:
            emails.order_confirmation_send(Order.objects.select_related("learner").get(pk=order_id))


@shared_task  # type: ignore[untyped-decorator]  # celery ships no type hints
def refund_refused_notify(refund_request_id: int) -> None:
    record = EnrolmentRefund.objects.select_related(
        "enrolment__learner", "enrolment__microcredential__provider", "requested_by"
    ).get(pk=refund_request_id)
    emails.refund_refused_send(record)


@shared_task  # type: ignore[untyped-decorator]  # celery ships no type hints
def registration_paused_notify(enrolment_id: int) -> None:
    emails.registration_paused_send(
        Enrolment.objects.select_related("learner", "microcredential").get(pk=enrolment_id)
    )


@shared_task  # type: ignore[untyped-decorator]  # celery ships no type hints
def registrations_pause_for_new_academic_year() -> int:
    """R-EN4: pause the registrations that need renewing today; returns how many were paused."""
    from microcred.enrolment.services import registrations_pause

    return len(registrations_pause(today=timezone.localdate()))
