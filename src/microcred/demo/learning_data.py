"""Demo course content: every course gets up to three weeks of steps (text and links, R-LE1) and one
formative quiz in week 1 (R-LE2), written from the course's own facts. Idempotent: rows are found by their
natural keys and updated in place, so a second run changes nothing."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from microcred.catalog.models import Microcredential
from microcred.learning.models import Choice, Question, QuestionKind, Quiz, Step, StepKind, Week

DEMO_WEEKS = 3
EU_RECOMMENDATION = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX%3A32022H0627%2802%29"
QAA_FRAMEWORKS = "https://www.qaa.ac.uk/the-quality-code/qualifications-frameworks"
WEEK_TITLES = ("Getting started", "Core ideas", "Putting it into practice")


@dataclass(frozen=True)
class LearningSummary:
    courses: int
    weeks: int
    steps: int
    quizzes: int

    def lines(self) -> list[str]:
        counts = f"{self.weeks} weeks, {self.steps} steps and {self.quizzes} quizzes"
        return [f"Learning: {counts} in {self.courses} courses"]


@dataclass(frozen=True)
class StepSpec:
    title: str
    kind: StepKind
    body: str
    url: str = ""


def _outcomes(course: Microcredential) -> str:
    return "\n".join(f"- {outcome}" for outcome in course.learning_outcome_list)


def _steps(course: Microcredential, number: int) -> tuple[StepSpec, ...]:
    if number == 1:
        return (
            StepSpec(
                "Welcome",
                StepKind.TEXT,
                f"Welcome to **{course.title}**. Plan on about {course.hours_per_week} hours a week.\n\n"
                f"By the end of the course you will be able to:\n\n{_outcomes(course)}",
            ),
            StepSpec(
                "What a microcredential is",
                StepKind.LINK,
                "Read the definition in the Council Recommendation on micro-credentials (2022/C 243/02).",
                EU_RECOMMENDATION,
            ),
        )
    if number == 2:
        return (
            StepSpec(
                "The main ideas", StepKind.TEXT, f"This week introduces the main ideas of {course.title}."
            ),
            StepSpec(
                "Levels and credit",
                StepKind.LINK,
                f"The course is at FHEQ level {course.level}: see what the level asks of you.",
                QAA_FRAMEWORKS,
            ),
        )
    return (
        StepSpec(
            "Apply it to a case",
            StepKind.TEXT,
            "Pick a case from your own practice and note, in a few lines, how this week's ideas apply to it.",
        ),
        StepSpec(
            "Reflect", StepKind.TEXT, "What would you do differently now? Write it down *before* week 4."
        ),
    )


def _quiz(week: Week, course: Microcredential) -> None:
    quiz, _ = Quiz.objects.update_or_create(
        week=week, step=None, defaults={"title": "Check your understanding"}
    )
    hours = course.hours_per_week
    hours_choices = [(f"{hours} hours", True), (f"{hours + 3} hours", False), (f"{hours + 10} hours", False)]
    _question(
        quiz, 1, "How many hours a week does the study plan ask of you?", QuestionKind.SINGLE, hours_choices
    )
    outcomes = [(outcome, True) for outcome in course.learning_outcome_list[:2]]
    outcome_choices = [*outcomes, ("Recite the course handbook word for word.", False)]
    _question(
        quiz,
        2,
        "Which of these are learning outcomes of this course?",
        QuestionKind.MULTIPLE,
        outcome_choices,
    )


def _question(
    quiz: Quiz, position: int, text: str, kind: QuestionKind, choices: list[tuple[str, bool]]
) -> None:
    question, _ = Question.objects.update_or_create(
        quiz=quiz, position=position, defaults={"text": text, "kind": kind}
    )
    for number, (choice, is_correct) in enumerate(choices, start=1):
        Choice.objects.update_or_create(
            question=question, position=number, defaults={"text": choice, "is_correct": is_correct}
        )
    question.choices.filter(position__gt=len(choices)).delete()


def _course(course: Microcredential) -> None:
    for number in range(1, min(DEMO_WEEKS, course.weeks) + 1):
        week, _ = Week.objects.update_or_create(
            microcredential=course, number=number, defaults={"title": WEEK_TITLES[number - 1]}
        )
        for position, spec in enumerate(_steps(course, number), start=1):
            Step.objects.update_or_create(
                week=week,
                position=position,
                defaults={"title": spec.title, "kind": spec.kind, "body": spec.body, "url": spec.url},
            )
        if number == 1:
            _quiz(week, course)


@transaction.atomic
def load_learning(microcredentials: Iterable[Microcredential]) -> LearningSummary:
    courses = list(microcredentials)
    for course in courses:
        _course(course)
    ids = [course.pk for course in courses]
    return LearningSummary(
        courses=len(courses),
        weeks=Week.objects.filter(microcredential_id__in=ids).count(),
        steps=Step.objects.filter(week__microcredential_id__in=ids).count(),
        quizzes=Quiz.objects.filter(week__microcredential_id__in=ids).count(),
    )
