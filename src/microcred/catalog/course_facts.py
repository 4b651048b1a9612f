"""Everything a course's page shows a learner deciding whether to take it (R-CA1 … R-CA5), gathered in one
read: the course's rows, its provider's policy, and the rules' verdicts on them."""

import datetime as dt
from dataclasses import dataclass, replace

from microcred.catalog import selectors
from microcred.catalog.models import (
    CourseSet,
    Microcredential,
    QualificationMapping,
    QualificationRestriction,
    Review,
)
from microcred.catalog.selectors import Rating
from microcred.rules.cmf import CmfCriterion, cmf_criteria, meets_cmf
from microcred.rules.credit import Level, ects_credits, format_ects, level_of, notional_hours
from microcred.rules.grading import pass_mark_for
from microcred.rules.money import Money, format_money
from microcred.rules.policy import AssessmentType, GradingScheme, Policy
from microcred.rules.starts import BookingDecision, booking_decision

# R-CA3: said of every course, because these elements are the credential's, not the course's.
ON_EACH_CREDENTIAL = "Stated on each credential"
GRADING_DESCRIPTIONS = {
    GradingScheme.PASS_FAIL: "Pass or fail",
    GradingScheme.DISTINCTION_MERIT_PASS_FAIL: "Distinction, merit, pass or fail",
}


@dataclass(frozen=True)
class PriceRow:
    track: str
    name: str
    price: str
    is_credit_bearing: bool


@dataclass(frozen=True)
class Element:
    """One row of the EU definition list (R-CA3); ``values`` has one line, or one per outcome."""

    name: str
    values: tuple[str, ...]
    is_mandatory: bool


@dataclass(frozen=True)
class Recognition:
    """What the course can count towards (R-AW1, R-AW5, R-AW6)."""

    awards: tuple[str, ...]
    mappings: tuple[QualificationMapping, ...]
    restrictions: tuple[str, ...]
    course_sets: tuple[CourseSet, ...]
    exemption_credits: int | None

    @property
    def counts_towards_degree(self) -> bool:
        in_a_set_for_a_programme = any(course_set.related_programmes.all() for course_set in self.course_sets)
        return bool(self.awards or self.mappings or in_a_set_for_a_programme)

    def stackability(self) -> tuple[str, ...]:
        lines = []
        if self.awards:
            lines.append("Stackable towards " + ", ".join(self.awards))
        lines += [f"Counts towards {mapping.qualification.title}" for mapping in self.mappings]
        for course_set in self.course_sets:
            programmes = " or ".join(programme.title for programme in course_set.related_programmes.all())
            lines.append(
                f"With the other courses of the {course_set.name} set: exemption from "
                f"{self.exemption_credits} credits of {programmes}"
            )
        return tuple(lines)


@dataclass(frozen=True)
class CourseFacts:
    policy: Policy
    level: Level
    ects: str
    notional_hours: int
    stated_hours: int
    assessment: AssessmentType | None
    pass_mark: int
    grading: str
    prices: tuple[PriceRow, ...]
    cohort_starts: tuple[dt.date, ...]
    booking: BookingDecision
    declarations: tuple[str, ...]
    recognition: Recognition
    cmf: tuple[CmfCriterion, ...]
    meets_cmf: bool
    elements: tuple[Element, ...]
    rating: Rating
    reviews: tuple[Review, ...]


def course_facts(course: Microcredential, *, today: dt.date) -> CourseFacts:
    policy = course.provider.policy
    recognition = _recognition(course, policy, today)
    cmf = cmf_criteria(
        selectors.cmf_course_of(
            course, policy=policy, counts_towards_degree=recognition.counts_towards_degree
        ),
        policy.credit,
    )
    assessment = _assessment_type(course, policy)
    cohort_starts = selectors.upcoming_cohort_starts(course, today=today)
    facts = CourseFacts(
        policy=policy,
        level=level_of(course.level, policy.credit),
        ects=format_ects(ects_credits(course.credits, policy.credit)),
        notional_hours=notional_hours(course.credits, policy.credit),
        stated_hours=course.stated_hours,
        assessment=assessment,
        pass_mark=pass_mark_for(policy.grading, assessment),
        grading=GRADING_DESCRIPTIONS[policy.grading.scheme],
        prices=_price_rows(course, policy, today),
        cohort_starts=cohort_starts,
        booking=booking_decision(selectors.course_start_of(course, cohort_starts=cohort_starts), today),
        declarations=tuple(declaration.text for declaration in policy.declarations),
        recognition=recognition,
        cmf=cmf,
        meets_cmf=meets_cmf(cmf),
        elements=(),
        rating=selectors.rating_of(course),
        reviews=tuple(selectors.recent_reviews(course)),
    )
    return _with_elements(facts, course)


def _assessment_type(course: Microcredential, policy: Policy) -> AssessmentType | None:
    return next((kind for kind in policy.assessment.types if kind.id == course.assessment_type), None)


def _price_rows(course: Microcredential, policy: Policy, today: dt.date) -> tuple[PriceRow, ...]:
    rows = []
    for price in selectors.prices_in_force(course, on=today):
        track = policy.track(price.track)
        rows.append(
            PriceRow(
                track=price.track,
                name=track.name if track else price.track,
                price=format_money(Money(price.amount_minor, price.currency)),
                is_credit_bearing=bool(track and track.credit_bearing),
            )
        )
    return tuple(rows)


def _recognition(course: Microcredential, policy: Policy, today: dt.date) -> Recognition:
    awards: tuple[str, ...] = ()
    if policy.awards is not None and policy.awards.level == course.level:
        awards = tuple(f"{step.name} ({step.credits} credits)" for step in policy.awards.ladder)
    exemption = policy.set_exemption.exemption_credits if policy.set_exemption else None
    mappings = tuple(selectors.qualification_mappings_in_force(course, on=today))
    restrictions = selectors.restrictions_of(
        course, qualification_ids=[mapping.qualification_id for mapping in mappings]
    )
    return Recognition(
        awards=awards,
        mappings=mappings,
        restrictions=tuple(_restriction_text(restriction) for restriction in restrictions),
        course_sets=tuple(selectors.course_sets_of(course)) if exemption else (),
        exemption_credits=exemption,
    )


def _restriction_text(restriction: QualificationRestriction) -> str:
    excluded = restriction.excludes_module or str(restriction.excludes_microcredential)
    return (
        f"{restriction.qualification.title}: {restriction.microcredential} and {excluded} "
        "cannot both count towards it"
    )


def _grade_element(facts: CourseFacts) -> str:
    if not facts.policy.grading.show_mark_to_learner:
        # R-AS5: the outcome only, never the mark.
        return "Pass or fail only; the mark is not given"
    return f"{facts.grading}; the mark (0–100) is given"


def _with_elements(facts: CourseFacts, course: Microcredential) -> CourseFacts:
    provider = course.provider
    awarding_body = provider.awarding_body
    if course.delivery_partner_name:
        awarding_body += f" (delivered with {course.delivery_partner_name})"
    assessment = facts.assessment.name if facts.assessment else course.assessment_type
    mandatory = (
        ("Identification of the learner", (ON_EACH_CREDENTIAL,)),
        ("Title", (course.title,)),
        ("Country or region of the issuer", (provider.country,)),
        ("Awarding body", (awarding_body,)),
        ("Date of issuing", (ON_EACH_CREDENTIAL,)),
        ("Learning outcomes", course.learning_outcome_list),
        (
            "Notional workload",
            (f"{facts.ects} ECTS ({facts.notional_hours} hours, {course.credits} UK credits)",),
        ),
        ("Level and cycle", (facts.level.description,)),
        ("Type of assessment", (assessment,)),
        ("Form of participation", (course.get_form_of_participation_display(),)),
        ("Type of quality assurance", (provider.quality_assurance,)),
    )
    optional = (
        ("Prerequisites", (course.prerequisites,) if course.prerequisites else ()),
        ("Supervision and identity verification", _nonempty(course.supervision_and_identity_verification)),
        ("Grade achieved", (_grade_element(facts),)),
        ("Integration and stackability options", facts.recognition.stackability()),
        ("Further information", _nonempty(course.further_information)),
    )
    elements = tuple(Element(name, values, True) for name, values in mandatory) + tuple(
        Element(name, values, False) for name, values in optional if values
    )
    return replace(facts, elements=elements)


def _nonempty(text: str) -> tuple[str, ...]:
    return (text,) if text.strip() else ()
