"""Setting up a course's final assessment (R-AS1): its format, instructions and, for a timed online test, the
time limit and questions. The type, pass mark and word limit stay the provider policy's."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from microcred.assessment.errors import AssessmentError
from microcred.assessment.models import Assessment, Question, SubmissionFormat
from microcred.catalog.models import Microcredential


@dataclass(frozen=True)
class QuestionSpec:
    text: str
    choices: tuple[str, ...]
    correct_choice: int
    weight: int = 1


def _checked_questions(questions: Sequence[QuestionSpec]) -> None:
    for number, spec in enumerate(questions, start=1):
        if not spec.text.strip():
            raise AssessmentError(f"questions[{number}].text", "Enter the question.")
        if len(spec.choices) < 2 or not all(choice.strip() for choice in spec.choices):
            raise AssessmentError(f"questions[{number}].choices", "Give at least two answers, none empty.")
        if not 0 <= spec.correct_choice < len(spec.choices):
            raise AssessmentError(f"questions[{number}].correct_choice", "Must be one of the answers given.")
        if spec.weight < 1:
            raise AssessmentError(f"questions[{number}].weight", "Must be 1 or more.")


def assessment_configure(
    *,
    microcredential: Microcredential,
    submission_format: SubmissionFormat,
    instructions: str = "",
    time_limit_minutes: int | None = None,
    questions: Sequence[QuestionSpec] = (),
) -> Assessment:
    """Create or replace the course's assessment. A test needs a time limit and questions; other formats
    have neither. Replacing questions does not touch submissions already marked (they keep their marks)."""
    is_test = submission_format == SubmissionFormat.ONLINE_TEST
    if is_test and (time_limit_minutes is None or time_limit_minutes < 1 or not questions):
        raise AssessmentError("time_limit_minutes", "A timed online test needs a time limit and questions.")
    if not is_test and (time_limit_minutes is not None or questions):
        raise AssessmentError("submission_format", "Only a timed online test has a time limit and questions.")
    _checked_questions(questions)
    with transaction.atomic():
        assessment, _ = Assessment.objects.update_or_create(
            microcredential=microcredential,
            defaults={
                "submission_format": submission_format,
                "instructions": instructions.strip(),
                "time_limit_minutes": time_limit_minutes,
            },
        )
        assessment.questions.all().delete()
        Question.objects.bulk_create(
            Question(
                assessment=assessment,
                position=position,
                text=spec.text.strip(),
                choices=list(spec.choices),
                correct_choice=spec.correct_choice,
                weight=spec.weight,
            )
            for position, spec in enumerate(questions, start=1)
        )
    return assessment
