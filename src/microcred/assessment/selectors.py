"""Reads of the assessment app for learners and for the layers above: what an enrolment's final assessment
is, whether the learner may sit it (R-EN3), the window and attempts the rules allow (R-AS2, R-AS3), and what
the learner may see of each result (R-AS5). The staff queues are in ``queues``."""

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from microcred.assessment.models import Assessment, Credit, Submission, SubmissionFormat, SubmissionStatus
from microcred.catalog.models import Microcredential
from microcred.enrolment.models import Enrolment, EnrolmentStatus
from microcred.enrolment.selectors import access_of
from microcred.rules.attempts import Attempt, AttemptDecision, AttemptResult, attempt_decision
from microcred.rules.dates import long_datetime
from microcred.rules.grading import Grade, LearnerResult, learner_result, pass_mark_for
from microcred.rules.policy import AssessmentType, Policy
from microcred.rules.windows import WindowDecision, submission_window_decision
from microcred.rules.word_limits import word_count_check


@dataclass(frozen=True)
class Eligibility:
    """R-EN3: whether the enrolment may sit the final assessment, and why not."""

    is_eligible: bool
    reason: str


def assessment_of(microcredential: Microcredential) -> Assessment:
    """The course's assessment row, or the default (a file upload) for a course that has none yet."""
    found = Assessment.objects.filter(microcredential_id=microcredential.pk).first()
    return found or Assessment(microcredential=microcredential, submission_format=SubmissionFormat.FILE)


def assessment_type_of(microcredential: Microcredential, policy: Policy) -> AssessmentType | None:
    """R-AS1: the policy's entry for the course's assessment type (its pass mark and word limit)."""
    return next(
        (kind for kind in policy.assessment.types if kind.id == microcredential.assessment_type), None
    )


def eligibility_of(enrolment: Enrolment, *, today: dt.date) -> Eligibility:
    access = access_of(enrolment, today=today)
    if enrolment.status != EnrolmentStatus.ACTIVE or not access.has_access:
        return Eligibility(False, access.reason if not access.has_access else "This enrolment is not active.")
    track = enrolment.microcredential.provider.policy.track(enrolment.track)
    if track is None or not track.credit_bearing:
        # R-EN3: only credit-bearing learners may sit the final assessment.
        return Eligibility(
            False,
            "Your place is learning-only: only credit-bearing learners may sit the final assessment. "
            "Top up to a credit-bearing place to take it.",
        )
    return Eligibility(True, "You may sit the final assessment.")


def attempt_of(submission: Submission) -> Attempt:
    if submission.status != SubmissionStatus.RELEASED:
        return Attempt(submission.submitted_at, AttemptResult.AWAITING)
    passed = Grade(submission.grade).is_pass
    return Attempt(submission.submitted_at, AttemptResult.PASSED if passed else AttemptResult.FAILED)


def attempts_of(submissions: Iterable[Submission]) -> tuple[Attempt, ...]:
    return tuple(attempt_of(submission) for submission in submissions)


def attempt_decision_for(
    submissions: Iterable[Submission], *, at: dt.datetime, policy: Policy
) -> AttemptDecision:
    """R-AS2, R-AS3: whether a submission made at ``at`` would be taken, given the attempts so far."""
    return attempt_decision(attempts_of(submissions), at, policy)


def learner_result_of(submission: Submission, policy: Policy) -> LearnerResult | None:
    """R-AS5: the released result as the learner may see it (the mark withheld where the policy says)."""
    if submission.status != SubmissionStatus.RELEASED or submission.mark is None:
        return None
    microcredential = submission.enrolment.microcredential
    return learner_result(submission.mark, policy.grading, assessment_type_of(microcredential, policy))


def pass_mark_of(microcredential: Microcredential, policy: Policy) -> int:
    """R-AS4: IBERS's pass mark depends on the assessment type (50 report, 70 test)."""
    return pass_mark_for(policy.grading, assessment_type_of(microcredential, policy))


@dataclass(frozen=True)
class WordCountText:
    text: str
    is_flagged: bool


def word_count_text(submission: Submission, policy: Policy) -> WordCountText:
    """R-AS6: the count as learner and marker see it, and whether it is flagged to the marker."""
    if submission.submission_format == SubmissionFormat.ONLINE_TEST:
        return WordCountText("Not counted: an online test has no word count.", False)
    if submission.word_count is None:
        kind = submission.get_file_type_display() if submission.file_type else "file"
        return WordCountText(f"Not counted: the words of a {kind} are not read, and none was stated.", False)
    check = word_count_check(submission.word_count, submission.word_limit, policy.assessment)
    source = " The learner stated this count." if submission.is_word_count_stated else ""
    return WordCountText(f"{check.reason}{source}", check.is_flagged)


def local_time_text(moment: dt.datetime | None, policy: Policy) -> str:
    """``7 April 2026 at 23:59`` in the provider's time zone (R-AS2)."""
    return long_datetime(moment.astimezone(policy.zone)) if moment is not None else ""


def submissions_of_enrolment(enrolment: Enrolment) -> list[Submission]:
    """The attempts of an enrolment in order, each holding the enrolment given (so no query per row)."""
    submissions = list(Submission.objects.filter(enrolment_id=enrolment.pk).order_by("attempt_number"))
    for submission in submissions:
        submission.enrolment = enrolment
    return submissions


def has_summative_submission(enrolment: Enrolment) -> bool:
    """R-EN5: whether an attempt at the final assessment has been made (a started test counts)."""
    return Submission.objects.filter(enrolment_id=enrolment.pk).exists()


def submission_of_learner(learner: AbstractBaseUser, public_id: uuid.UUID | str) -> Submission | None:
    return (
        Submission.objects.select_related("enrolment__microcredential__provider")
        .filter(public_id=public_id, enrolment__learner_id=learner.pk)
        .first()
    )


def submission_by_public_id(public_id: uuid.UUID | str) -> Submission | None:
    return (
        Submission.objects.select_related("enrolment__microcredential__provider")
        .filter(public_id=public_id)
        .first()
    )


def credits_of(learner: AbstractBaseUser) -> QuerySet[Credit]:
    """The credit a learner holds, oldest first, with what awards and credentials need beside it."""
    return Credit.objects.filter(learner_id=learner.pk).select_related("provider", "microcredential")


@dataclass(frozen=True)
class WindowText:
    is_open: bool
    text: str


def window_text(decision: WindowDecision, policy: Policy) -> WindowText:
    """R-AS2: when the window closes, or when the next one opens and closes, in the provider's time zone."""
    zone = f" ({policy.timezone} time)"
    if decision.window is None and decision.allowed:
        return WindowText(True, "Submissions are open at any time.")
    if decision.window is not None:
        return WindowText(
            True, f"A submission window is open until {long_datetime(decision.window.closes_at)}{zone}."
        )
    upcoming = decision.next_window
    if upcoming is None:
        return WindowText(False, "No submission window is open, and no date is set for the next one.")
    span = f"{long_datetime(upcoming.opens_at)} and closes {long_datetime(upcoming.closes_at)}"
    return WindowText(False, f"No submission window is open. The next opens {span}{zone}.")


def window_now(*, at: dt.datetime, policy: Policy) -> WindowText:
    return window_text(submission_window_decision(at, policy), policy)
