"""R-AS4 grade for a mark by the policy's scheme; R-AS5 what the learner may see (IBERS: never the mark)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from policy_builders import SHIPPED, shipped_policy

from microcred.rules.errors import RuleInputError
from microcred.rules.grading import Grade, LearnerResult, grade_for_mark, learner_result, pass_mark_for

UOL = shipped_policy("uol").grading
IBERS = shipped_policy("ibers")
IBERS_TYPES = {kind.id: kind for kind in IBERS.assessment.types}


@pytest.mark.parametrize(
    ("mark", "grade"),
    [
        (0, Grade.FAIL),
        (49, Grade.FAIL),
        (50, Grade.PASS),
        (59, Grade.PASS),
        (60, Grade.MERIT),
        (69, Grade.MERIT),
        (70, Grade.DISTINCTION),
        (100, Grade.DISTINCTION),
    ],
)
def test_r_as4_distinction_merit_pass_fail_boundaries_50_60_70(mark: int, grade: Grade) -> None:
    assert grade_for_mark(mark, UOL) is grade


@pytest.mark.parametrize(
    ("type_id", "mark", "grade"),
    [
        ("report", 49, Grade.FAIL),
        ("report", 50, Grade.PASS),
        ("data_set_analysis", 50, Grade.PASS),
        ("masters_test", 69, Grade.FAIL),
        ("masters_test", 70, Grade.PASS),
        ("masters_test", 100, Grade.PASS),
    ],
)
def test_r_as1_r_as4_ibers_pass_fail_with_the_pass_mark_of_the_assessment_type(
    type_id: str, mark: int, grade: Grade
) -> None:
    assert grade_for_mark(mark, IBERS.grading, IBERS_TYPES[type_id]) is grade


def test_r_as1_the_pass_mark_comes_from_the_type_then_the_scheme() -> None:
    assert pass_mark_for(IBERS.grading, IBERS_TYPES["masters_test"]) == 70
    assert pass_mark_for(UOL, None) == 50


@pytest.mark.parametrize("mark", [-1, 101, 50.5, True, "50"])
def test_r_as4_a_mark_is_an_integer_from_0_to_100(mark: object) -> None:
    with pytest.raises(RuleInputError, match="mark: a whole number from 0 to 100 is required"):
        grade_for_mark(mark, UOL)  # type: ignore[arg-type]


def test_r_as5_ibers_learner_sees_pass_or_fail_never_the_mark() -> None:
    result = learner_result(83, IBERS.grading, IBERS_TYPES["masters_test"])

    assert result == LearnerResult(Grade.PASS, None)
    assert result.text == "Pass"
    assert learner_result(40, IBERS.grading, IBERS_TYPES["report"]).text == "Fail"


def test_r_as5_uol_learner_sees_outcome_and_mark() -> None:
    result = learner_result(65, UOL)

    assert result == LearnerResult(Grade.MERIT, 65)
    assert result.text == "Merit (65)"


_ORDER = {Grade.FAIL: 0, Grade.PASS: 1, Grade.MERIT: 2, Grade.DISTINCTION: 3}


@pytest.mark.parametrize("provider", SHIPPED)
@given(low=st.integers(0, 100), high=st.integers(0, 100))
def test_r_as4_grade_never_falls_as_the_mark_rises(provider: str, low: int, high: int) -> None:
    policy = shipped_policy(provider)
    low, high = min(low, high), max(low, high)

    for kind in policy.assessment.types:
        assert (
            _ORDER[grade_for_mark(low, policy.grading, kind)]
            <= _ORDER[grade_for_mark(high, policy.grading, kind)]
        )
