"""R-CA4: the CMF check, criterion by criterion."""

import dataclasses

from policy_builders import shipped_policy

from microcred.rules.cmf import CmfCourse, CmfCriterion, cmf_criteria, meets_cmf

OU_COURSE = CmfCourse(
    credits=15,
    level=7,
    counts_towards_degree=True,
    has_credit_bearing_summative_assessment=True,
    verifies_identity_at_assessment=True,
    issues_transcript=True,
    stated_hours=156,
)


def test_r_ca4_ou_course_meets_every_criterion_on_notional_not_stated_hours() -> None:
    criteria = cmf_criteria(OU_COURSE, shipped_policy("ou").credit)

    assert criteria[0] == CmfCriterion(
        "Notional learning hours",
        True,
        "150 notional hours (15 credits × 10 h): within the CMF's 100–150 hours; the 156 hours of stated "
        "study time are not what is counted.",
    )
    assert criteria[1] == CmfCriterion(
        "EQF level",
        True,
        "FHEQ level 7 (EQF level 7, QF-EHEA second cycle): within the CMF's EQF levels 6–7.",
    )
    assert [criterion.met for criterion in criteria] == [True] * 6
    assert meets_cmf(criteria) is True


def test_r_ca4_ibers_50_hours_is_shown_as_outside_not_refused() -> None:
    ibers = dataclasses.replace(OU_COURSE, credits=5, stated_hours=None)

    criteria = cmf_criteria(ibers, shipped_policy("ibers").credit)

    assert criteria[0] == CmfCriterion(
        "Notional learning hours",
        False,
        "50 notional hours (5 credits × 10 h): outside the CMF's 100–150 hours.",
    )
    assert [criterion.met for criterion in criteria[1:]] == [True] * 5
    assert meets_cmf(criteria) is False


def test_r_ca4_each_criterion_is_evaluated_separately() -> None:
    course = dataclasses.replace(
        OU_COURSE, level=8, counts_towards_degree=False, verifies_identity_at_assessment=False
    )

    criteria = cmf_criteria(course, shipped_policy("uol").credit)

    assert [(criterion.name, criterion.met) for criterion in criteria] == [
        ("Notional learning hours", True),
        ("EQF level", False),
        ("Counts towards a degree", False),
        ("Summative assessment awarding credit", True),
        ("Identity verified at assessment", False),
        ("Transcript", True),
    ]
    assert criteria[2].explanation == "Counts towards no degree programme."
