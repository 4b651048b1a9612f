"""Results from outside the platform, for the API: a provider's external marking system enters the mark of a
submission made here (R-AS4, R-AS7: moderation and release then follow as on the marking pages), and a
partner platform's completion is recorded as a released pass with its Credit (R-CR1).

The caller is the provider itself, through one of its API keys or a registry officer: ``actor`` is the
officer (None for a key) and ``actor_label`` names the key in the audit trail. Both write the same MarkEvent
rows as the pages, in one transaction, and a replay of the same values changes nothing."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from microcred.assessment import selectors
from microcred.assessment.errors import AssessmentError, NotEligible, NotPermitted, NotReady
from microcred.assessment.locks import submission_locked
from microcred.assessment.models import Credit, MarkEventKind, Submission, SubmissionStatus
from microcred.assessment.services.marking import _credit_create, _version_check
from microcred.assessment.services.marks import (
    checked_feedback,
    checked_mark,
    event_write,
    grade_of,
    mark_apply,
)
from microcred.assessment.tasks import result_released_notify
from microcred.common.hooks import hooks_call
from microcred.common.outbox import outbox_enqueue
from microcred.enrolment.models import Enrolment

PARTNER_NOTE = "A pass recorded on a partner platform."


@dataclass(frozen=True)
class ExternalMark:
    submission: Submission
    # False when the submission already stood at this mark and feedback: nothing was written.
    is_new: bool


def _is_unchanged(submission: Submission, mark: int, feedback: str) -> bool:
    """A replay: the mark and feedback already stand (a moderation since then is kept, not undone)."""
    standing = (submission.mark, submission.feedback)
    return submission.status == SubmissionStatus.MARKED and standing == (mark, feedback)


def submission_mark_external(
    *,
    submission_id: int,
    provider_id: int,
    actor: AbstractBaseUser | None,
    actor_label: str,
    mark: object,
    feedback: str,
    expected_version: int | None = None,
) -> ExternalMark:
    """R-AS7: the mark of the provider's own submission, before release, from its marking system. Without
    ``expected_version`` the mark is entered over whatever stands; with it, as ``submission_mark`` does."""
    checked = checked_mark(mark)
    now = timezone.now()
    with transaction.atomic():
        submission = submission_locked(submission_id)
        if submission.provider_id != provider_id:
            raise NotPermitted("submission", "This submission is not of your provider.")
        if submission.status not in (SubmissionStatus.AWAITING_MARKING, SubmissionStatus.MARKED):
            raise NotReady(
                "mark", "Only a submission awaiting marking, or marked and not released, is marked."
            )
        policy = submission.enrolment.microcredential.provider.policy
        cleaned = checked_feedback(feedback, mark=checked, policy=policy)
        if _is_unchanged(submission, checked, cleaned):
            return ExternalMark(submission, is_new=False)
        if expected_version is not None:
            _version_check(submission, expected_version)
        submission.feedback = cleaned
        before = mark_apply(
            submission, mark=checked, grade=grade_of(submission, checked, policy), at=now, by=actor
        )
        submission.status = SubmissionStatus.MARKED
        submission.moderated_by = None
        submission.moderated_at = None
        submission.version += 1
        submission.save(
            update_fields=[
                "mark", "grade", "feedback", "needs_moderation", "marked_at", "marked_by", "version",
                "status", "moderated_by", "moderated_at",
            ]
        )  # fmt: skip
        event_write(
            submission, kind=MarkEventKind.MARKED, actor=actor, at=now, mark_before=before, policy=policy,
            actor_label=actor_label,
        )  # fmt: skip
    return ExternalMark(submission, is_new=True)


@dataclass(frozen=True)
class ExternalPass:
    credit: Credit
    # False when the learner already held credit for the course: nothing was written.
    is_new: bool


def _enrolment_locked(enrolment_id: int, provider_id: int) -> Enrolment:
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("learner", "microcredential__provider", "microcredential__primary_subject")
        .filter(pk=enrolment_id, microcredential__provider_id=provider_id)
        .first()
    )
    if enrolment is None:
        raise NotPermitted("enrolment", "No such enrolment of your provider.")
    return enrolment


def _attempt_number(enrolment: Enrolment) -> int:
    submissions = selectors.submissions_of_enrolment(enrolment)
    if any(submission.status != SubmissionStatus.RELEASED for submission in submissions):
        raise NotReady("enrolment", "An attempt made on this platform is still being marked.")
    return len(submissions) + 1


def _partner_submission(enrolment: Enrolment, *, mark: int, completed_at: dt.datetime) -> Submission:
    course = enrolment.microcredential
    policy = course.provider.policy
    submission = Submission(
        enrolment=enrolment,
        provider_id=course.provider_id,
        attempt_number=_attempt_number(enrolment),
        submission_format=selectors.assessment_of(course).submission_format,
        assessment_type=course.assessment_type,
        submitted_at=completed_at,
        policy_version=policy.version,
        status=SubmissionStatus.RELEASED,
    )
    grade = grade_of(submission, mark, policy)
    if not grade.is_pass:
        raise AssessmentError("mark", f"A mark of {mark} is a {grade.label}: only passes are recorded.")
    return submission


def pass_record_external(
    *,
    enrolment_id: int,
    provider_id: int,
    actor: AbstractBaseUser | None,
    actor_label: str,
    mark: object,
    completed_at: dt.datetime,
) -> ExternalPass:
    """R-CR1, R-EN3: a credit-bearing learner's pass of the provider's course, completed on a partner
    platform: a released submission (its MARKED and RELEASED events) and its Credit, in one transaction.
    The badge is the caller's to issue; the learner is told of the result as on a release."""
    checked = checked_mark(mark)
    now = timezone.now()
    if completed_at > now:
        raise AssessmentError("completed_at", "A completion cannot be in the future.")
    with transaction.atomic():
        enrolment = _enrolment_locked(enrolment_id, provider_id)
        held = Credit.objects.filter(
            learner_id=enrolment.learner_id, microcredential_id=enrolment.microcredential_id
        ).first()
        if held is not None:
            return ExternalPass(held, is_new=False)
        policy = enrolment.microcredential.provider.policy
        eligibility = selectors.eligibility_of(enrolment, today=now.astimezone(policy.zone).date())
        if not eligibility.is_eligible:
            raise NotEligible("enrolment", eligibility.reason)
        submission = _partner_submission(enrolment, mark=checked, completed_at=completed_at)
        mark_apply(submission, mark=checked, grade=grade_of(submission, checked, policy), at=now, by=actor)
        # The partner moderated its own result; a second person here would have nothing to look at.
        submission.needs_moderation = False
        submission.released_by_id = actor.pk if actor is not None else None
        submission.released_at = now
        submission.save(force_insert=True)
        for kind in (MarkEventKind.MARKED, MarkEventKind.RELEASED):
            event_write(
                submission, kind=kind, actor=actor, at=now, mark_before=None, policy=policy,
                note=PARTNER_NOTE, actor_label=actor_label,
            )  # fmt: skip
        credit = _credit_create(submission, now=now)
        # Announced as a release from the pages is (the provider's webhooks); the badge is signed in batches.
        hooks_call("ASSESSMENT_RESULT_RELEASED_HANDLERS", submission_id=submission.pk)
        outbox_enqueue(
            result_released_notify.name,
            args=[submission.pk],
            key=f"assessment.result_released:{submission.pk}",
        )
    return ExternalPass(credit, is_new=True)
