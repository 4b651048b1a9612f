"""R-CA4: the Common Microcredential Framework check. Each criterion is judged on its own and shown as a
row; a course outside the framework (IBERS: 50 hours) is shown as such, never refused."""

from dataclasses import dataclass

from microcred.rules.credit import level_of, notional_hours
from microcred.rules.policy import CreditPolicy

# The CMF's own bounds, the same for every provider: 100–150 notional hours, EQF levels 6–7.
CMF_MIN_HOURS = 100
CMF_MAX_HOURS = 150
CMF_MIN_EQF = 6
CMF_MAX_EQF = 7


@dataclass(frozen=True)
class CmfCourse:
    """What the CMF check needs to know of a course."""

    credits: int
    level: int
    counts_towards_degree: bool
    has_credit_bearing_summative_assessment: bool
    verifies_identity_at_assessment: bool
    issues_transcript: bool
    stated_hours: int | None = None


@dataclass(frozen=True)
class CmfCriterion:
    name: str
    met: bool
    explanation: str


def _hours_criterion(course: CmfCourse, credit: CreditPolicy) -> CmfCriterion:
    hours = notional_hours(course.credits, credit)
    met = CMF_MIN_HOURS <= hours <= CMF_MAX_HOURS
    verdict = "within" if met else "outside"
    explanation = (
        f"{hours} notional hours ({course.credits} credits × {credit.hours_per_credit} h): {verdict} the "
        f"CMF's {CMF_MIN_HOURS}–{CMF_MAX_HOURS} hours"
    )
    if course.stated_hours is not None and course.stated_hours != hours:
        # R-CA4: the check uses notional hours; stated study time is shown, not judged (OU: 156 h stated).
        explanation += f"; the {course.stated_hours} hours of stated study time are not what is counted"
    return CmfCriterion("Notional learning hours", met, explanation + ".")


def _level_criterion(course: CmfCourse, credit: CreditPolicy) -> CmfCriterion:
    level = level_of(course.level, credit)
    met = CMF_MIN_EQF <= level.eqf_level <= CMF_MAX_EQF
    verdict = "within" if met else "outside"
    return CmfCriterion(
        "EQF level",
        met,
        f"{level.description}: {verdict} the CMF's EQF levels {CMF_MIN_EQF}–{CMF_MAX_EQF}.",
    )


def _yes_no(name: str, met: bool, yes: str, no: str) -> CmfCriterion:
    return CmfCriterion(name, met, yes if met else no)


def cmf_criteria(course: CmfCourse, credit: CreditPolicy) -> tuple[CmfCriterion, ...]:
    """Every CMF criterion, in the framework's order, with whether this course meets it and why."""
    return (
        _hours_criterion(course, credit),
        _level_criterion(course, credit),
        _yes_no(
            "Counts towards a degree",
            course.counts_towards_degree,
            "Counts towards at least one degree programme.",
            "Counts towards no degree programme.",
        ),
        _yes_no(
            "Summative assessment awarding credit",
            course.has_credit_bearing_summative_assessment,
            "A summative assessment awards the credit.",
            "No summative assessment awards credit.",
        ),
        _yes_no(
            "Identity verified at assessment",
            course.verifies_identity_at_assessment,
            "The learner's identity is verified at the point of assessment.",
            "The learner's identity is not verified at the point of assessment.",
        ),
        _yes_no(
            "Transcript",
            course.issues_transcript,
            "A transcript states learning outcomes, hours, EQF level and credits.",
            "No transcript states learning outcomes, hours, EQF level and credits.",
        ),
    )


def meets_cmf(criteria: tuple[CmfCriterion, ...]) -> bool:
    return all(criterion.met for criterion in criteria)
