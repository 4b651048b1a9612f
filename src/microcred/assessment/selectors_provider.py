"""A provider's own submissions for its systems (the API's external marking): never another provider's."""

import uuid

from django.db.models import QuerySet

from microcred.assessment.models import Submission, SubmissionStatus


def provider_submissions(provider_id: int, *, status: SubmissionStatus | None = None) -> QuerySet[Submission]:
    """Oldest first, as the marking queue is worked; one query for a page of them."""
    submissions = Submission.objects.filter(provider_id=provider_id).select_related(
        "enrolment__learner", "enrolment__microcredential__provider"
    )
    if status is not None:
        submissions = submissions.filter(status=status)
    return submissions.order_by("submitted_at", "id")


def provider_submission(provider_id: int, public_id: uuid.UUID) -> Submission | None:
    return provider_submissions(provider_id).filter(public_id=public_id).first()
