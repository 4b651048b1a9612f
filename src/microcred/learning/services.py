"""Every write of the learning app: a step marked done (R-LE1), a quiz attempt marked and kept (R-LE2), a
help question asked and answered (R-LE3). Each checks who may do it, whatever page or API calls it."""

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from microcred.accounts.models import User
from microcred.accounts.selectors import is_staff_of
from microcred.enrolment.models import Enrolment
from microcred.learning import selectors
from microcred.learning.errors import InvalidAnswer, NoAccess, NotMentor
from microcred.learning.marking import MarkingInputError, mark_quiz
from microcred.learning.models import HelpAnswer, HelpQuestion, Quiz, QuizAttempt, Step, StepCompletion, Week

TITLE_MAX = 200
TEXT_MAX = 5000


def _require_access(enrolment: Enrolment, microcredential_id: int, what: str) -> None:
    access = selectors.access_today(enrolment).access
    if not access.has_access:
        raise NoAccess("enrolment", access.reason)
    if microcredential_id != enrolment.microcredential_id:
        raise NoAccess(what, f"this {what} is not part of the course")


def _text(field: str, value: str, limit: int) -> str:
    text = value.strip()
    if not text:
        raise InvalidAnswer(field, "this cannot be empty")
    if len(text) > limit:
        raise InvalidAnswer(field, f"at most {limit} characters, not {len(text)}")
    return text


def step_complete(*, enrolment: Enrolment, step: Step) -> StepCompletion:
    """R-LE1: the learner has done the step. Marking it again changes nothing (one row per learner and
    step, kept by a unique constraint, so two clicks at once still make one)."""
    _require_access(enrolment, step.week.microcredential_id, "step")
    completion, _ = StepCompletion.objects.get_or_create(learner_id=enrolment.learner_id, step=step)
    return completion


@transaction.atomic
def quiz_attempt_submit(
    *, enrolment: Enrolment, quiz: Quiz, answers: Mapping[int, frozenset[int]]
) -> QuizAttempt:
    """R-LE2: mark the answers at once and keep the attempt beside every earlier one. ``answers`` maps each
    question id to the ids of the choices picked."""
    _require_access(enrolment, quiz.week.microcredential_id, "quiz")
    keys = selectors.quiz_keys(quiz)
    if not keys:
        raise InvalidAnswer("quiz", "this quiz has no questions yet")
    try:
        mark = mark_quiz(keys, answers)
    except MarkingInputError as error:
        raise InvalidAnswer(error.field, error.message) from None
    return QuizAttempt.objects.create(
        quiz=quiz,
        learner_id=enrolment.learner_id,
        answers=[
            {
                "question": question.question_id,
                "chosen": sorted(question.chosen),
                "is_correct": question.is_correct,
            }
            for question in mark.questions
        ],
        correct_count=mark.correct_count,
        question_count=mark.question_count,
    )


def help_question_ask(*, enrolment: Enrolment, week: Week, title: str, body: str) -> HelpQuestion:
    """R-LE3: a learner with access asks in a week's help area; the answer target runs from now."""
    _require_access(enrolment, week.microcredential_id, "week")
    return HelpQuestion.objects.create(
        week=week,
        learner_id=enrolment.learner_id,
        title=_text("title", title, TITLE_MAX),
        body=_text("body", body, TEXT_MAX),
        asked_at=timezone.now(),
    )


@transaction.atomic
def help_question_answer(*, mentor: User, question: HelpQuestion, body: str) -> HelpAnswer:
    """R-LE3: a mentor of the course's provider answers. The first answer stops the target's clock; later
    ones (a follow-up, a second mentor) leave it where it stopped."""
    if not is_staff_of(mentor, question.week.microcredential.provider_id):
        raise NotMentor("question", "only staff of the course's university answer its help area")
    # Another server's clock may lag the one that took the question: an answer never predates it.
    now = max(timezone.now(), question.asked_at)
    answer = HelpAnswer.objects.create(
        question=question, mentor=mentor, body=_text("body", body, TEXT_MAX), answered_at=now
    )
    # A conditional update, so two mentors answering at once cannot move the first answer's time.
    HelpQuestion.objects.filter(pk=question.pk, answered_at__isnull=True).update(answered_at=now)
    question.refresh_from_db(fields=["answered_at"])
    return answer
