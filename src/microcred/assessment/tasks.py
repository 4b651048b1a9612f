"""Celery tasks of the assessment app: the learner's e-mail on release (R-AS7), and closing timed tests whose
time ran out (R-AS1). Both are idempotent: a retry or a second run changes nothing more."""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from microcred.assessment import emails
from microcred.assessment.models import Submission, SubmissionStatus


@shared_task  # type: ignore[untyped-decorator]  # celery ships no type hints
def result_released_notify(submission_id: int) -> None:
    """Once per release: the claim on ``learner_notified_at`` and the send share a transaction, so a retry
    after a failed send tries again and a retry after a good one sends nothing."""
    with transaction.atomic():
        claimed = Submission.objects.filter(
            pk=submission_id, status=SubmissionStatus.RELEASED, learner_notified_at__isnull=True
        ).update(learner_notified_at=timezone.now())
        if claimed:
            emails.result_released_send(
                Submission.objects.select_related(
                    "enrolment__learner", "enrolment__microcredential__provider"
                ).get(pk=submission_id)
            )


@shared_task  # type: ignore[untyped-decorator]  # celery ships no type hints
def expired_tests_close() -> int:
    """Close timed tests nobody handed in before the limit; returns how many were closed."""
    from microcred.assessment.services.online_tests import online_tests_close_expired

    return online_tests_close_expired(now=timezone.now())
