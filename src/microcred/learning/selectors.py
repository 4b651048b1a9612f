"""Reads of the learning app: whether a learner may open a course today (the enrolment app decides), the
course outline with progress and study plan (R-LE1), quizzes and attempts (R-LE2), the help area and the
staff's queue of questions nearing or past the answer target (R-LE3)."""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max, Prefetch, QuerySet

from microcred.accounts.models import User
from microcred.enrolment.models import Enrolment
from microcred.enrolment.selectors import EnrolmentAccess, access_of, enrolment_of_learner, local_today
from microcred.learning.marking import QuestionKey
from microcred.learning.models import (
    Choice,
    HelpAnswer,
    HelpQuestion,
    Question,
    QuestionKind,
    Quiz,
    QuizAttempt,
    Step,
    StepCompletion,
    Week,
)
from microcred.learning.progress import Progress, StudyPlan, study_plan
from microcred.rules.help_area import AnswerState, AnswerStatus, answer_status


@dataclass(frozen=True)
class CourseAccess:
    """A learner's enrolment and what it allows today, ``today`` counted in the provider's time zone."""

    enrolment: Enrolment
    access: EnrolmentAccess
    today: dt.date

    @property
    def microcredential_id(self) -> int:
        return self.enrolment.microcredential_id


def access_today(enrolment: Enrolment) -> CourseAccess:
    today = local_today(enrolment.microcredential.provider.policy)
    return CourseAccess(enrolment, access_of(enrolment, today=today), today)


def course_access(learner: AbstractBaseUser | AnonymousUser, public_id: uuid.UUID) -> CourseAccess | None:
    """The learner's own enrolment with that public id, or None: nobody opens another learner's."""
    if not isinstance(learner, User):
        return None
    enrolment = enrolment_of_learner(learner, public_id)
    return None if enrolment is None else access_today(enrolment)


@dataclass(frozen=True)
class QuizRow:
    quiz: Quiz
    question_count: int
    attempt_count: int
    best_score: int | None


@dataclass(frozen=True)
class StepRow:
    step: Step
    is_done: bool
    quiz: QuizRow | None


@dataclass(frozen=True)
class WeekOutline:
    week: Week
    steps: tuple[StepRow, ...]
    quiz: QuizRow | None
    progress: Progress


@dataclass(frozen=True)
class CourseOutline:
    weeks: tuple[WeekOutline, ...]
    progress: Progress
    plan: StudyPlan
    next_step: Step | None


def _quiz_rows(weeks: list[Week], learner_id: int, microcredential_id: int) -> dict[int, QuizRow]:
    attempts: dict[int, tuple[int, int | None]] = {
        row["quiz_id"]: (row["count"], row["best"])
        for row in QuizAttempt.objects.filter(
            learner_id=learner_id, quiz__week__microcredential_id=microcredential_id
        )
        .values("quiz_id")
        .annotate(count=Count("id"), best=Max("correct_count"))
    }
    rows = {}
    for week in weeks:
        for quiz in week.quizzes.all():
            count, best = attempts.get(quiz.pk, (0, None))
            question_total: int = quiz.question_total  # type: ignore[attr-defined]
            rows[quiz.pk] = QuizRow(quiz, question_total, count, best)
    return rows


def _week_outline(week: Week, done: set[int], quizzes: dict[int, QuizRow]) -> WeekOutline:
    by_step = {quiz.step_id: quizzes[quiz.pk] for quiz in week.quizzes.all() if quiz.step_id is not None}
    week_quiz = next((quizzes[quiz.pk] for quiz in week.quizzes.all() if quiz.step_id is None), None)
    steps = tuple(StepRow(step, step.pk in done, by_step.get(step.pk)) for step in week.steps.all())
    progress = Progress(sum(1 for row in steps if row.is_done), len(steps))
    return WeekOutline(week, steps, week_quiz, progress)


def _weeks_with_content(microcredential_id: int) -> list[Week]:
    """The weeks with their steps and quizzes (each with its number of questions): three queries."""
    quizzes = Quiz.objects.annotate(question_total=Count("questions")).order_by("id")
    return list(
        Week.objects.filter(microcredential_id=microcredential_id).prefetch_related(
            Prefetch("steps", queryset=Step.objects.order_by("position")),
            Prefetch("quizzes", queryset=quizzes),
        )
    )


def course_outline(course: CourseAccess) -> CourseOutline:
    """R-LE1: the weeks and steps with what the learner has done, in a fixed number of queries."""
    enrolment = course.enrolment
    microcredential = enrolment.microcredential
    weeks = _weeks_with_content(microcredential.pk)
    done = set(
        StepCompletion.objects.filter(
            learner_id=enrolment.learner_id, step__week__microcredential_id=microcredential.pk
        ).values_list("step_id", flat=True)
    )
    quizzes = _quiz_rows(weeks, enrolment.learner_id, microcredential.pk)
    outlines = tuple(_week_outline(week, done, quizzes) for week in weeks)
    rows = [row for outline in outlines for row in outline.steps]
    plan = study_plan(
        started_on=enrolment.access_starts_on,
        today=course.today,
        weeks=microcredential.weeks,
        hours_per_week=microcredential.hours_per_week,
    )
    return CourseOutline(
        weeks=outlines,
        progress=Progress(sum(1 for row in rows if row.is_done), len(rows)),
        plan=plan,
        next_step=next((row.step for row in rows if not row.is_done), None),
    )


def steps_of_course(microcredential_id: int) -> list[Step]:
    """Every step in study order, with its week: enough for a step page and its neighbours."""
    return list(
        Step.objects.filter(week__microcredential_id=microcredential_id)
        .select_related("week")
        .order_by("week__number", "position")
    )


def step_of_course(microcredential_id: int, step_id: int) -> Step | None:
    return (
        Step.objects.select_related("week")
        .filter(pk=step_id, week__microcredential_id=microcredential_id)
        .first()
    )


def is_step_done(learner_id: int, step: Step) -> bool:
    return StepCompletion.objects.filter(learner_id=learner_id, step=step).exists()


def quiz_after_step(step: Step) -> Quiz | None:
    return Quiz.objects.filter(step=step).first()


def quiz_of_course(microcredential_id: int, quiz_id: int) -> Quiz | None:
    """The quiz with its questions and their choices, if it belongs to the course."""
    return (
        Quiz.objects.select_related("week", "step")
        .prefetch_related("questions__choices")
        .filter(pk=quiz_id, week__microcredential_id=microcredential_id)
        .first()
    )


def quiz_questions(quiz: Quiz) -> list[Question]:
    """The questions a learner answers, from the prefetch: a question still without choices is left out."""
    return [question for question in quiz.questions.all() if question.choices.all()]


def quiz_keys(quiz: Quiz) -> tuple[QuestionKey, ...]:
    """What marking needs to know of each question (R-LE2)."""
    return tuple(
        QuestionKey(
            question_id=question.pk,
            is_multiple=question.kind == QuestionKind.MULTIPLE,
            choice_ids=tuple(choice.pk for choice in question.choices.all()),
            correct_ids=frozenset(choice.pk for choice in question.choices.all() if choice.is_correct),
        )
        for question in quiz_questions(quiz)
    )


def attempts_of(learner_id: int, quiz: Quiz) -> list[QuizAttempt]:
    """R-LE2: every attempt the learner made, oldest first."""
    return list(QuizAttempt.objects.filter(learner_id=learner_id, quiz=quiz).order_by("submitted_at", "id"))


@dataclass(frozen=True)
class ChoiceFeedback:
    choice: Choice
    was_chosen: bool


@dataclass(frozen=True)
class QuestionFeedback:
    question: Question
    is_correct: bool
    choices: tuple[ChoiceFeedback, ...]


@dataclass(frozen=True)
class AttemptFeedback:
    attempt: QuizAttempt
    questions: tuple[QuestionFeedback, ...]


def attempt_feedback(attempt: QuizAttempt, questions: list[Question]) -> AttemptFeedback:
    """R-LE2: per question, whether the attempt got it right, what was chosen and what is correct."""
    marked = {row["question"]: row for row in attempt.answers}
    feedback = tuple(
        QuestionFeedback(
            question=question,
            is_correct=marked[question.pk]["is_correct"],
            choices=tuple(
                ChoiceFeedback(choice, choice.pk in marked[question.pk]["chosen"])
                for choice in question.choices.all()
            ),
        )
        for question in questions
        if question.pk in marked
    )
    return AttemptFeedback(attempt, feedback)


def week_of_course(microcredential_id: int, number: int) -> Week | None:
    return Week.objects.filter(microcredential_id=microcredential_id, number=number).first()


def help_questions_of_week(week: Week) -> QuerySet[HelpQuestion]:
    """The week's questions, newest first, each with its answers in order and who gave them."""
    answers = HelpAnswer.objects.select_related("mentor").order_by("answered_at", "id")
    return HelpQuestion.objects.filter(week=week).prefetch_related(Prefetch("answers", queryset=answers))


@dataclass(frozen=True)
class QueueRow:
    question: HelpQuestion
    status: AnswerStatus


@dataclass(frozen=True)
class HelpQueue:
    """R-LE3: unanswered questions of one provider: those nearing or past the target, then the rest."""

    needs_attention: tuple[QueueRow, ...]
    waiting: tuple[QueueRow, ...]


def help_status(question: HelpQuestion, *, now: dt.datetime) -> AnswerStatus:
    policy = question.week.microcredential.provider.policy.help
    # Another server's clock may run a little ahead of ours: a question is never asked after "now".
    return answer_status(
        question.asked_at, question.answered_at is not None, max(now, question.asked_at), policy
    )


def help_queue(*, provider_id: int, now: dt.datetime) -> HelpQueue:
    questions = (
        HelpQuestion.objects.filter(answered_at__isnull=True, week__microcredential__provider_id=provider_id)
        .select_related("week__microcredential__provider", "learner")
        .order_by("asked_at", "id")
    )
    rows = [QueueRow(question, help_status(question, now=now)) for question in questions]
    urgent = (AnswerState.OVERDUE, AnswerState.NEARING)
    return HelpQueue(
        needs_attention=tuple(row for row in rows if row.status.state in urgent),
        waiting=tuple(row for row in rows if row.status.state not in urgent),
    )


def help_question_for_staff(staff: AbstractBaseUser | AnonymousUser, question_id: int) -> HelpQuestion | None:
    """A question of the staff member's own provider, with its answers; None for anything else."""
    if not isinstance(staff, User) or not staff.is_provider_staff or staff.provider_id is None:
        return None
    answers = HelpAnswer.objects.select_related("mentor").order_by("answered_at", "id")
    return (
        HelpQuestion.objects.select_related("week__microcredential__provider", "learner")
        .prefetch_related(Prefetch("answers", queryset=answers))
        .filter(pk=question_id, week__microcredential__provider_id=staff.provider_id)
        .first()
    )


def step_for_staff(staff: AbstractBaseUser | AnonymousUser, step_id: int) -> Step | None:
    """A step of one of the staff member's provider's courses; None for anything else."""
    if not isinstance(staff, User) or not staff.is_provider_staff or staff.provider_id is None:
        return None
    return Step.objects.filter(pk=step_id, week__microcredential__provider_id=staff.provider_id).first()
