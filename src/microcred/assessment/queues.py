"""Reads for staff (R-AS7): the marking, moderation and release queues of one provider, a submission as
staff see it, and its mark history. Each queue is one query however long it is; staff of another provider
find nothing here (their pages answer 404)."""

import uuid
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from microcred.accounts.models import User
from microcred.assessment import selectors
from microcred.assessment.models import MarkEvent, Submission, SubmissionStatus
from microcred.rules.grading import Grade
from microcred.rules.policy import Policy

QUEUE_LIMIT = 200


@dataclass(frozen=True)
class QueueRow:
    submission: Submission
    submitted_at_text: str
    word_count: selectors.WordCountText
    grade_label: str


def _provider_submissions(staff: User) -> QuerySet[Submission]:
    if staff.provider_id is None:
        return Submission.objects.none()
    return Submission.objects.filter(provider_id=staff.provider_id).select_related(
        "enrolment__microcredential", "marked_by", "moderated_by"
    )


def _rows(queryset: QuerySet[Submission], policy: Policy | None) -> list[QueueRow]:
    if policy is None:
        return []
    return [
        QueueRow(
            submission=submission,
            submitted_at_text=selectors.local_time_text(submission.submitted_at, policy),
            word_count=selectors.word_count_text(submission, policy),
            grade_label=Grade(submission.grade).label if submission.grade else "",
        )
        for submission in queryset.order_by("submitted_at", "id")[:QUEUE_LIMIT]
    ]


def staff_policy(staff: User) -> Policy | None:
    return staff.provider.policy if staff.provider is not None else None


def marking_queue(staff: User) -> list[QueueRow]:
    """Submissions waiting for a first mark, oldest first."""
    return _rows(
        _provider_submissions(staff).filter(status=SubmissionStatus.AWAITING_MARKING), staff_policy(staff)
    )


def marked_queue(staff: User) -> list[QueueRow]:
    """Marked and not yet released: a marker may still change these (and moderation starts again)."""
    return _rows(_provider_submissions(staff).filter(status=SubmissionStatus.MARKED), staff_policy(staff))


def moderation_queue(staff: User) -> list[QueueRow]:
    """R-AS7: every marked Fail and Distinction not yet confirmed by a second person."""
    waiting = _provider_submissions(staff).filter(
        status=SubmissionStatus.MARKED, needs_moderation=True, moderated_at__isnull=True
    )
    return _rows(waiting, staff_policy(staff))


def release_queue(staff: User) -> list[QueueRow]:
    """Marked results that may be released: moderated where they must be."""
    ready = _provider_submissions(staff).filter(
        Q(needs_moderation=False) | Q(moderated_at__isnull=False), status=SubmissionStatus.MARKED
    )
    return _rows(ready, staff_policy(staff))


def staff_submission(staff: User, public_id: uuid.UUID | str) -> Submission | None:
    """A submission of the staff member's own provider; None for any other (so the page is a 404)."""
    return (
        _provider_submissions(staff)
        .select_related("enrolment__microcredential__provider", "enrolment__learner", "released_by")
        .filter(public_id=public_id)
        .first()
    )


@dataclass(frozen=True)
class HistoryRow:
    event: MarkEvent
    at_text: str
    actor_text: str


def _actor_text(event: MarkEvent) -> str:
    """A person, a provider system's API key (it has no user row), or the automatic marker."""
    if event.actor is not None:
        return event.actor.email
    return event.actor_label or "Automatic marking"


def mark_history(submission: Submission, policy: Policy) -> list[HistoryRow]:
    """R-AS7: every mark change with who and when, oldest first."""
    events = (
        MarkEvent.objects.filter(submission_id=submission.pk).select_related("actor").order_by("at", "id")
    )
    return [
        HistoryRow(
            event=event,
            at_text=selectors.local_time_text(event.at, policy),
            actor_text=_actor_text(event),
        )
        for event in events
    ]
