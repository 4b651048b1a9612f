"""What a learner's assessment page shows for one enrolment: the assessment, whether they may sit it (R-EN3),
the window (R-AS2), the attempts left (R-AS3), and each attempt with its result as they may see it (R-AS5).

The attempt rows carry no mark field at all: where the policy withholds the mark, nothing built from them can
show it. Four queries, however many attempts there are."""

import datetime as dt
import uuid
from dataclasses import dataclass

from microcred.assessment import selectors
from microcred.assessment.models import Assessment, Question, Submission, SubmissionStatus
from microcred.enrolment.models import Enrolment
from microcred.rules.attempts import AttemptDecision
from microcred.rules.policy import Policy
from microcred.rules.windows import submission_window_decision

_LEARNER_STATUS = {
    SubmissionStatus.IN_PROGRESS: "Test in progress",
    SubmissionStatus.AWAITING_MARKING: "Submitted: being marked",
    SubmissionStatus.MARKED: "Submitted: being marked",
}


@dataclass(frozen=True)
class LearnerAttempt:
    public_id: uuid.UUID
    attempt_number: int
    submitted_at_text: str
    status_text: str
    # R-AS5: "Merit (65)", or "Pass" where the mark is withheld; None until released.
    result_text: str | None
    is_pass: bool | None
    feedback: str
    file_name: str
    text_excerpt: str
    word_count_text: str


@dataclass(frozen=True)
class OnlineTestQuestion:
    """A question as the learner sees it: never with its correct answer."""

    position: int
    text: str
    choices: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class AssessmentOverview:
    enrolment: Enrolment
    assessment: Assessment
    policy: Policy
    type_name: str
    pass_mark: int
    word_limit: int | None
    eligibility: selectors.Eligibility
    window: selectors.WindowText
    decision: AttemptDecision | None
    max_attempts: int
    attempts_remaining: int
    attempts: tuple[LearnerAttempt, ...]
    in_progress: Submission | None
    in_progress_deadline_text: str
    question_count: int

    @property
    def can_submit(self) -> bool:
        return self.eligibility.is_eligible and self.decision is not None and self.decision.allowed

    @property
    def shows_mark(self) -> bool:
        return self.policy.grading.show_mark_to_learner


def learner_attempt(submission: Submission, policy: Policy) -> LearnerAttempt:
    result = selectors.learner_result_of(submission, policy)
    released = submission.status == SubmissionStatus.RELEASED
    return LearnerAttempt(
        public_id=submission.public_id,
        attempt_number=submission.attempt_number,
        submitted_at_text=selectors.local_time_text(submission.submitted_at, policy),
        status_text="Result released" if released else _LEARNER_STATUS[SubmissionStatus(submission.status)],
        result_text=result.text if result else None,
        is_pass=result.outcome.is_pass if result else None,
        feedback=submission.feedback if released else "",
        file_name=submission.file_name,
        text_excerpt=submission.text[:300],
        word_count_text=selectors.word_count_text(submission, policy).text,
    )


def assessment_overview(enrolment: Enrolment, *, now: dt.datetime) -> AssessmentOverview:
    """``enrolment`` comes with its microcredential and provider (``enrolment_of_learner`` gives that)."""
    microcredential = enrolment.microcredential
    policy = microcredential.provider.policy
    assessment = selectors.assessment_of(microcredential)
    submissions = selectors.submissions_of_enrolment(enrolment)
    eligibility = selectors.eligibility_of(enrolment, today=now.astimezone(policy.zone).date())
    decision = (
        selectors.attempt_decision_for(submissions, at=now, policy=policy)
        if eligibility.is_eligible
        else None
    )
    kind = selectors.assessment_type_of(microcredential, policy)
    in_progress = next((item for item in submissions if item.status == SubmissionStatus.IN_PROGRESS), None)
    rules = policy.assessment.attempts
    return AssessmentOverview(
        enrolment=enrolment,
        assessment=assessment,
        policy=policy,
        type_name=kind.name if kind else microcredential.assessment_type,
        pass_mark=selectors.pass_mark_of(microcredential, policy),
        word_limit=kind.word_limit if kind else None,
        eligibility=eligibility,
        window=selectors.window_text(submission_window_decision(now, policy), policy),
        decision=decision,
        max_attempts=rules.max_attempts,
        attempts_remaining=max(rules.max_attempts - len(submissions), 0),
        attempts=tuple(learner_attempt(submission, policy) for submission in submissions),
        in_progress=in_progress,
        in_progress_deadline_text=selectors.local_time_text(
            in_progress.test_deadline if in_progress else None, policy
        ),
        question_count=assessment.questions.count() if assessment.pk and assessment.is_online_test else 0,
    )


def online_test_questions(assessment: Assessment) -> tuple[OnlineTestQuestion, ...]:
    return tuple(
        OnlineTestQuestion(question.position, question.text, tuple(enumerate(question.choices)))
        for question in Question.objects.filter(assessment_id=assessment.pk).order_by("position")
    )
