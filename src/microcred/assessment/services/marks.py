"""How a mark becomes a grade (R-AS4) and whether it needs a moderator (R-AS7), for marked and auto-marked
submissions alike, and the audit row every mark change writes."""

import datetime as dt
import re

from django.contrib.auth.base_user import AbstractBaseUser

from microcred.assessment import selectors
from microcred.assessment.errors import AssessmentError
from microcred.assessment.models import MarkEvent, MarkEventKind, Submission
from microcred.rules.errors import RuleInputError
from microcred.rules.grading import Grade, grade_for_mark, require_mark
from microcred.rules.policy import Policy

# R-AS7: a second person confirms every Fail and every Distinction (a pass_fail scheme has no Distinction).
MODERATED_GRADES = frozenset({Grade.FAIL, Grade.DISTINCTION})
FEEDBACK_MAX_LENGTH = 10_000


def checked_mark(mark: object) -> int:
    try:
        return require_mark(mark)  # type: ignore[arg-type]  # require_mark checks the type itself
    except RuleInputError:
        raise AssessmentError("mark", "Enter a whole number from 0 to 100.") from None


def grade_of(submission: Submission, mark: int, policy: Policy) -> Grade:
    """R-AS4: by the policy's scheme and the pass mark of the course's assessment type."""
    kind = selectors.assessment_type_of(submission.enrolment.microcredential, policy)
    return grade_for_mark(mark, policy.grading, kind)


def checked_feedback(feedback: str, *, mark: int, policy: Policy) -> str:
    """R-AS5: where learners see Pass or Fail only, feedback that states the mark would give it away."""
    feedback = feedback.strip()
    if len(feedback) > FEEDBACK_MAX_LENGTH:
        raise AssessmentError("feedback", f"Keep the feedback under {FEEDBACK_MAX_LENGTH:,} characters.")
    if not policy.grading.show_mark_to_learner and re.search(rf"(?<!\d){mark}(?!\d)", feedback):
        raise AssessmentError(
            "feedback",
            f"The feedback states the mark ({mark}). Learners of {policy.name} see Pass or Fail only: "
            "leave the mark out of the feedback.",
        )
    return feedback


def mark_apply(
    submission: Submission, *, mark: int, grade: Grade, at: dt.datetime, by: AbstractBaseUser | None
) -> int | None:
    """Set mark and grade; returns the mark before. The caller saves and writes the event."""
    before = submission.mark
    submission.mark = mark
    submission.grade = grade.value
    submission.needs_moderation = grade in MODERATED_GRADES
    submission.marked_at = at
    submission.marked_by_id = by.pk if by is not None else None
    return before


def event_write(
    submission: Submission,
    *,
    kind: MarkEventKind,
    actor: AbstractBaseUser | None,
    at: dt.datetime,
    mark_before: int | None,
    policy: Policy,
    note: str = "",
    actor_label: str = "",
) -> MarkEvent:
    return MarkEvent.objects.create(
        submission=submission,
        kind=kind,
        actor_id=actor.pk if actor is not None else None,
        at=at,
        mark_before=mark_before,
        mark_after=submission.mark,
        grade_after=submission.grade,
        feedback=submission.feedback,
        note=note,
        actor_label=actor_label,
        policy_version=policy.version,
    )
