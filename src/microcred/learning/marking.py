"""R-LE2: marking a formative quiz. Pure values and functions, no database.

A question is right when the learner chose exactly its correct choices: the one correct choice of a
single-choice question, every correct choice and no other of a multiple-choice one. No partial credit, and
the score is the number of questions right.
"""

from collections.abc import Mapping
from dataclasses import dataclass


class MarkingInputError(ValueError):
    """The answers do not fit the quiz; ``field`` names the question (``question_<id>``)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True)
class QuestionKey:
    question_id: int
    is_multiple: bool
    choice_ids: tuple[int, ...]
    correct_ids: frozenset[int]


@dataclass(frozen=True)
class QuestionMark:
    question_id: int
    chosen: frozenset[int]
    correct: frozenset[int]

    @property
    def is_correct(self) -> bool:
        return self.chosen == self.correct


@dataclass(frozen=True)
class QuizMark:
    questions: tuple[QuestionMark, ...]

    @property
    def correct_count(self) -> int:
        return sum(1 for question in self.questions if question.is_correct)

    @property
    def question_count(self) -> int:
        return len(self.questions)


def field_name(question_id: int) -> str:
    return f"question_{question_id}"


def _checked(key: QuestionKey, chosen: frozenset[int]) -> frozenset[int]:
    field = field_name(key.question_id)
    if not chosen:
        raise MarkingInputError(field, "choose an answer")
    if not chosen <= set(key.choice_ids):
        raise MarkingInputError(field, "choose from the answers given")
    if not key.is_multiple and len(chosen) > 1:
        raise MarkingInputError(field, "choose one answer")
    return chosen


def mark_quiz(keys: tuple[QuestionKey, ...], answers: Mapping[int, frozenset[int]]) -> QuizMark:
    """Every question must be answered with choices of its own; otherwise MarkingInputError names it."""
    unknown = set(answers) - {key.question_id for key in keys}
    if unknown:
        raise MarkingInputError(field_name(min(unknown)), "not a question of this quiz")
    return QuizMark(
        tuple(
            QuestionMark(
                key.question_id, _checked(key, answers.get(key.question_id, frozenset())), key.correct_ids
            )
            for key in keys
        )
    )
