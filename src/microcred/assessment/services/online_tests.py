"""Timed online tests, marked automatically (R-AS1). Starting the test is the attempt: it must be made in an
open window with an attempt left (R-AS2, R-AS3), and the time limit runs from then. The answers are marked
when handed in; answers handed in after the limit (and a minute's grace for a slow connection) are not
counted, and a test never handed in is closed with none. The mark is the share of question weight answered
correctly, rounded down, so a learner needs the whole pass mark; moderation and release follow as for
marked work (R-AS7)."""

import datetime as dt
from collections.abc import Mapping

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from microcred.assessment import selectors
from microcred.assessment.errors import AttemptRefused, NotPermitted, NotReady
from microcred.assessment.locks import enrolment_locked, submission_locked
from microcred.assessment.models import MarkEventKind, Question, Submission, SubmissionStatus
from microcred.assessment.services.attempts import next_attempt_number
from microcred.assessment.services.marks import event_write, grade_of, mark_apply

GRACE = dt.timedelta(minutes=1)


def online_test_start(*, enrolment_id: int, learner: AbstractBaseUser) -> Submission:
    """Start the test now; a test already in progress is returned as it is (a double click starts one)."""
    now = timezone.now()
    with transaction.atomic():
        enrolment = enrolment_locked(enrolment_id=enrolment_id, learner_id=learner.pk)
        running = enrolment.submissions.filter(status=SubmissionStatus.IN_PROGRESS).first()
        if running is not None:
            return running
        microcredential = enrolment.microcredential
        policy = microcredential.provider.policy
        assessment = selectors.assessment_of(microcredential)
        if not assessment.is_online_test or assessment.time_limit_minutes is None:
            raise AttemptRefused("submission", "This assessment is not an online test.")
        if not assessment.questions.exists():
            raise AttemptRefused("submission", "This test has no questions yet; ask the course team.")
        number = next_attempt_number(enrolment, now=now, policy=policy)
        return Submission.objects.create(
            enrolment=enrolment,
            provider_id=microcredential.provider_id,
            attempt_number=number,
            submission_format=assessment.submission_format,
            assessment_type=microcredential.assessment_type,
            submitted_at=now,
            policy_version=policy.version,
            status=SubmissionStatus.IN_PROGRESS,
            test_deadline=now + dt.timedelta(minutes=assessment.time_limit_minutes),
        )


def online_test_hand_in(
    *, submission_id: int, learner: AbstractBaseUser, answers: Mapping[int, int]
) -> Submission:
    """Hand in the answers (question position → index of the choice) and mark them."""
    now = timezone.now()
    with transaction.atomic():
        submission = submission_locked(submission_id)
        if submission.enrolment.learner_id != learner.pk:
            raise NotPermitted("submission", "No such test of yours.")
        if submission.status != SubmissionStatus.IN_PROGRESS:
            raise NotReady("answers", "This test has already been handed in.")
        deadline = submission.test_deadline or submission.submitted_at
        is_late = now > deadline + GRACE
        _auto_mark(submission, {} if is_late else answers, now=now, is_late=is_late)
    return submission


def online_tests_close_expired(*, now: dt.datetime, enrolment_id: int | None = None) -> int:
    """Close the tests whose time ran out without answers being handed in; returns how many. Safe to run any
    number of times (the learner's page runs it for its enrolment, and a beat task for all)."""
    expired = Submission.objects.filter(status=SubmissionStatus.IN_PROGRESS, test_deadline__lt=now - GRACE)
    if enrolment_id is not None:
        expired = expired.filter(enrolment_id=enrolment_id)
    closed = 0
    for submission_id in expired.values_list("pk", flat=True):
        with transaction.atomic():
            submission = submission_locked(submission_id)
            if submission.status == SubmissionStatus.IN_PROGRESS:
                _auto_mark(submission, {}, now=now, is_late=True)
                closed += 1
    return closed


def _auto_mark(
    submission: Submission, answers: Mapping[int, int], *, now: dt.datetime, is_late: bool
) -> None:
    policy = submission.enrolment.microcredential.provider.policy
    questions = list(
        Question.objects.filter(assessment__microcredential_id=submission.enrolment.microcredential_id)
    )
    total = sum(question.weight for question in questions)
    right = sum(
        question.weight for question in questions if answers.get(question.position) == question.correct_choice
    )
    mark = (100 * right) // total if total else 0
    before = mark_apply(submission, mark=mark, grade=grade_of(submission, mark, policy), at=now, by=None)
    # Only answers to the test's own questions, each one of the choices offered, are kept.
    submission.answers = {
        str(question.position): answers[question.position]
        for question in questions
        if 0 <= answers.get(question.position, -1) < len(question.choices)
    }
    submission.test_finished_at = now
    submission.status = SubmissionStatus.MARKED
    submission.version += 1
    submission.save(
        update_fields=[
            "mark", "grade", "needs_moderation", "marked_at", "marked_by", "answers",
            "test_finished_at", "status", "version",
        ]
    )  # fmt: skip
    note = "Handed in after the time limit: no answer was counted." if is_late else ""
    event_write(
        submission,
        kind=MarkEventKind.AUTO_MARKED,
        actor=None,
        at=now,
        mark_before=before,
        policy=policy,
        note=note,
    )
