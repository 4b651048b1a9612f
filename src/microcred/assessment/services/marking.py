"""Marking, moderation and release (R-AS7). A marker of the awarding provider enters a mark (R-AS4) and
feedback; a moderator other than the marker confirms every Fail and Distinction; a moderator or registry
officer releases the result, which tells the learner (after commit) and, for a pass, creates their Credit in
the same transaction. Every change writes a MarkEvent; every write locks the submission and checks the
version the person saw, so of two people saving at once the second is told to reload."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from microcred.assessment.errors import NotPermitted, NotReady, StaleSubmission
from microcred.assessment.locks import submission_locked
from microcred.assessment.models import Credit, MarkEventKind, Submission, SubmissionStatus
from microcred.assessment.permissions import can_mark, can_moderate, can_release
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
from microcred.rules.grading import Grade

_STAFF_FIELDS = ["mark", "grade", "feedback", "needs_moderation", "marked_at", "marked_by", "version"]


def _version_check(submission: Submission, expected_version: int) -> None:
    if submission.version != expected_version:
        raise StaleSubmission(
            "version",
            "Someone else saved this submission after you opened it. Reload the page to see what they "
            "saved, then enter your change again.",
        )


def submission_mark(
    *, submission_id: int, marker: AbstractBaseUser, mark: object, feedback: str, expected_version: int
) -> Submission:
    """Enter or change the mark before release. A change after moderation needs moderating again."""
    checked = checked_mark(mark)
    now = timezone.now()
    with transaction.atomic():
        submission = submission_locked(submission_id)
        if not can_mark(marker, submission):
            raise NotPermitted("submission", "Only a marker of this provider may mark this submission.")
        if submission.status not in (SubmissionStatus.AWAITING_MARKING, SubmissionStatus.MARKED):
            raise NotReady(
                "mark",
                "A released result cannot be marked again."
                if _released(submission)
                else "The test is still in progress.",
            )
        _version_check(submission, expected_version)
        policy = submission.enrolment.microcredential.provider.policy
        submission.feedback = checked_feedback(feedback, mark=checked, policy=policy)
        before = mark_apply(
            submission, mark=checked, grade=grade_of(submission, checked, policy), at=now, by=marker
        )
        submission.status = SubmissionStatus.MARKED
        submission.moderated_by = None
        submission.moderated_at = None
        submission.version += 1
        submission.save(update_fields=[*_STAFF_FIELDS, "status", "moderated_by", "moderated_at"])
        event_write(
            submission, kind=MarkEventKind.MARKED, actor=marker, at=now, mark_before=before, policy=policy
        )
    return submission


def submission_moderate(
    *,
    submission_id: int,
    moderator: AbstractBaseUser,
    expected_version: int,
    agreed_mark: object | None = None,
    note: str = "",
) -> Submission:
    """R-AS7: confirm a Fail or Distinction, or agree a different mark, which then stands as moderated."""
    now = timezone.now()
    with transaction.atomic():
        submission = submission_locked(submission_id)
        if not can_moderate(moderator, submission):
            raise NotPermitted("submission", _moderation_refusal(moderator, submission))
        if submission.status != SubmissionStatus.MARKED or not submission.needs_moderation:
            raise NotReady("submission", "Only a marked Fail or Distinction awaiting release is moderated.")
        if submission.moderated_at is not None:
            raise NotReady("submission", "This mark has already been moderated.")
        _version_check(submission, expected_version)
        policy = submission.enrolment.microcredential.provider.policy
        before = submission.mark
        if agreed_mark is not None and agreed_mark != "" and checked_mark(agreed_mark) != before:
            mark = checked_mark(agreed_mark)
            submission.feedback = checked_feedback(submission.feedback, mark=mark, policy=policy)
            submission.mark = mark
            submission.grade = grade_of(submission, mark, policy).value
        submission.moderated_by_id = moderator.pk
        submission.moderated_at = now
        submission.version += 1
        submission.save(
            update_fields=["mark", "grade", "feedback", "moderated_by", "moderated_at", "version"]
        )
        event_write(
            submission, kind=MarkEventKind.MODERATED, actor=moderator, at=now, mark_before=before,
            policy=policy, note=note.strip()[:500],
        )  # fmt: skip
    return submission


def _released(submission: Submission) -> bool:
    return submission.status == SubmissionStatus.RELEASED


def _moderation_refusal(moderator: AbstractBaseUser, submission: Submission) -> str:
    if submission.marked_by_id is not None and submission.marked_by_id == moderator.pk:
        return "A second person must moderate: you marked this submission."
    return "Only a moderator of this provider may moderate this submission."


@dataclass(frozen=True)
class Release:
    submission: Submission
    credit: Credit | None
    # False when the result had been released before: nothing was changed.
    is_new: bool


def submission_release(*, submission_id: int, actor: AbstractBaseUser) -> Release:
    """Release the result to the learner. Releasing twice changes nothing the second time."""
    now = timezone.now()
    with transaction.atomic():
        submission = submission_locked(submission_id)
        if not can_release(actor, submission):
            raise NotPermitted(
                "submission", "Only a moderator or registry officer of this provider may release it."
            )
        if _released(submission):
            return Release(submission, Credit.objects.filter(submission=submission).first(), is_new=False)
        if not submission.is_ready_to_release:
            raise NotReady("submission", "Only a marked result, moderated where it must be, can be released.")
        policy = submission.enrolment.microcredential.provider.policy
        submission.status = SubmissionStatus.RELEASED
        submission.released_by_id = actor.pk
        submission.released_at = now
        submission.version += 1
        submission.save(update_fields=["status", "released_by", "released_at", "version"])
        event_write(
            submission,
            kind=MarkEventKind.RELEASED,
            actor=actor,
            at=now,
            mark_before=submission.mark,
            policy=policy,
        )
        credit = _credit_create(submission, now=now) if Grade(submission.grade).is_pass else None
        if credit is not None:
            hooks_call("ASSESSMENT_PASS_HANDLERS", credit_id=credit.pk)
        hooks_call("ASSESSMENT_RESULT_RELEASED_HANDLERS", submission_id=submission.pk)
        # A result is released once, so its e-mail has one key (the outbox survives a broker outage).
        outbox_enqueue(
            result_released_notify.name,
            args=[submission.pk],
            key=f"assessment.result_released:{submission.pk}",
        )
    return Release(submission, credit, is_new=True)


def _credit_create(submission: Submission, *, now: dt.datetime) -> Credit:
    """R-CR1, R-PO1: the credit of a released pass, as the course stood and under the policy in force."""
    enrolment = submission.enrolment
    course = enrolment.microcredential
    policy = course.provider.policy
    try:
        with transaction.atomic():
            return Credit.objects.create(
                learner_id=enrolment.learner_id,
                provider_id=course.provider_id,
                microcredential=course,
                submission=submission,
                subject=course.primary_subject.name,
                credits=course.credits,
                level=course.level,
                awarded_on=now.astimezone(policy.zone).date(),
                grade=submission.grade,
                policy_version=policy.version,
            )
    except IntegrityError:
        raise NotReady("submission", "The learner already holds credit for this course.") from None
