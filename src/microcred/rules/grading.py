"""R-AS4: marks (integers 0–100) become grades by the policy's scheme. R-AS5: what a learner may see of
them (IBERS: Pass or Fail only, never the mark)."""

from dataclasses import dataclass
from enum import StrEnum

from microcred.rules.errors import RuleInputError
from microcred.rules.policy import AssessmentType, GradingPolicy, GradingScheme


class Grade(StrEnum):
    DISTINCTION = "distinction"
    MERIT = "merit"
    PASS = "pass"
    FAIL = "fail"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def is_pass(self) -> bool:
        return self is not Grade.FAIL


def require_mark(mark: int) -> int:
    if isinstance(mark, bool) or not isinstance(mark, int) or not 0 <= mark <= 100:
        raise RuleInputError(f"mark: a whole number from 0 to 100 is required, got {mark!r}")
    return mark


def pass_mark_for(grading: GradingPolicy, assessment_type: AssessmentType | None = None) -> int:
    """R-AS1: an assessment type's own pass mark (IBERS test: 70) wins over the scheme's."""
    if assessment_type is not None and assessment_type.pass_mark is not None:
        return assessment_type.pass_mark
    return grading.pass_mark


def grade_for_mark(mark: int, grading: GradingPolicy, assessment_type: AssessmentType | None = None) -> Grade:
    require_mark(mark)
    if mark < pass_mark_for(grading, assessment_type):
        return Grade.FAIL
    if grading.scheme is GradingScheme.PASS_FAIL:
        return Grade.PASS
    if grading.distinction_mark is not None and mark >= grading.distinction_mark:
        return Grade.DISTINCTION
    if grading.merit_mark is not None and mark >= grading.merit_mark:
        return Grade.MERIT
    return Grade.PASS


@dataclass(frozen=True)
class LearnerResult:
    """R-AS5: what the learner (and anything sent to them: page, API, e-mail, credential) may see."""

    outcome: Grade
    mark: int | None

    @property
    def text(self) -> str:
        """``Merit (65)`` or, where the mark is withheld, ``Pass``."""
        return self.outcome.label if self.mark is None else f"{self.outcome.label} ({self.mark})"


def learner_result(
    mark: int, grading: GradingPolicy, assessment_type: AssessmentType | None = None
) -> LearnerResult:
    outcome = grade_for_mark(mark, grading, assessment_type)
    return LearnerResult(outcome, mark if grading.show_mark_to_learner else None)
