"""Loads the demo catalogue. Idempotent: every row is found by its natural key and updated in place, so a
second run on the same day changes nothing. Dates that must stay ahead of the reader (cohort starts, some
release dates) are computed from ``today``."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from microcred.catalog.models import (
    Cohort,
    CourseSet,
    CourseSetMember,
    Microcredential,
    Price,
    Provider,
    Qualification,
    QualificationMapping,
    QualificationRestriction,
    StartMode,
    Subject,
)
from microcred.catalog.services import microcredential_subjects_set
from microcred.demo.catalog_data import CATALOGUES, COURSE_SETS, QUALIFICATIONS
from microcred.demo.catalog_data.specs import CatalogueSpec, CourseSetSpec, CourseSpec, QualificationSpec

# Fixed, so reruns find the same rows: the demo price lists and qualification lists start here.
LISTS_START = dt.date(2024, 9, 1)
FORMER_MAPPING_END = dt.date(2025, 8, 31)
# R-CA2: OU cohorts start three times a year.
COHORT_MONTHS = (1, 5, 9)


class DemoDataError(Exception):
    """The demo data disagrees with a provider's policy (an assessment type it does not define)."""


@dataclass(frozen=True)
class CatalogueSummary:
    courses_by_provider: dict[str, int]
    subjects: int
    cohorts: int
    prices: int
    qualifications: int
    course_sets: int

    def lines(self) -> list[str]:
        per_provider = ", ".join(f"{slug} {count}" for slug, count in self.courses_by_provider.items())
        return [
            f"Catalogue: {sum(self.courses_by_provider.values())} microcredentials ({per_provider}), "
            f"{self.subjects} subjects",
            f"  {self.prices} prices, {self.cohorts} cohort starts, {self.qualifications} qualifications, "
            f"{self.course_sets} course sets",
        ]


def first_monday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(7 - first.weekday()) % 7)


def cohort_starts(today: dt.date) -> list[dt.date]:
    """The first Monday of January, May and September over the coming year."""
    starts = [first_monday(year, month) for year in (today.year, today.year + 1) for month in COHORT_MONTHS]
    return [start for start in starts if today < start <= today + dt.timedelta(days=365)]


@transaction.atomic
def load_catalog(*, today: dt.date) -> CatalogueSummary:
    courses_by_provider = {}
    for spec in CATALOGUES:
        provider = _provider(spec)
        sets = COURSE_SETS.get(provider.slug, ())
        releases = {
            slug: today + dt.timedelta(days=offset) for s in sets for slug, offset in s.release_offsets()
        }
        courses = {
            course.slug: _course(provider, spec, course, today, releases.get(course.slug))
            for course in spec.courses
        }
        courses_by_provider[provider.slug] = len(courses)
        for qualification in QUALIFICATIONS.get(provider.slug, ()):
            _qualification(provider, qualification, courses)
        for course_set in sets:
            _course_set(provider, course_set, courses)
    demo_providers = [spec.provider.slug for spec in CATALOGUES]
    return CatalogueSummary(
        courses_by_provider=courses_by_provider,
        subjects=Subject.objects.count(),
        cohorts=Cohort.objects.filter(microcredential__provider__slug__in=demo_providers).count(),
        prices=Price.objects.filter(microcredential__provider__slug__in=demo_providers).count(),
        qualifications=Qualification.objects.filter(provider__slug__in=demo_providers).count(),
        course_sets=CourseSet.objects.filter(provider__slug__in=demo_providers).count(),
    )


def _provider(spec: CatalogueSpec) -> Provider:
    data = spec.provider
    provider, _ = Provider.objects.update_or_create(
        slug=data.slug,
        defaults={
            "name": data.name,
            "awarding_body": data.awarding_body,
            "country": data.country,
            "quality_assurance": data.quality_assurance,
            "policy_slug": data.slug,
            "delivery_partner": data.delivery_partner,
            "website": data.website,
        },
    )
    return provider


def _subject(name: str) -> Subject:
    subject, _ = Subject.objects.update_or_create(slug=slugify(name), defaults={"name": name})
    return subject


def _course(
    provider: Provider, spec: CatalogueSpec, course: CourseSpec, today: dt.date, release_date: dt.date | None
) -> Microcredential:
    policy = provider.policy
    if not any(kind.id == course.assessment_type for kind in policy.assessment.types):
        raise DemoDataError(
            f"{course.slug}: assessment type {course.assessment_type!r} is not in the {provider.slug} policy"
        )
    primary = _subject(course.subject)
    microcredential, _ = Microcredential.objects.update_or_create(
        provider=provider,
        slug=course.slug,
        defaults={
            "title": course.title,
            "summary": course.summary,
            "primary_subject": primary,
            "credits": spec.credits,
            "level": spec.level,
            "weeks": spec.weeks,
            "hours_per_week": spec.hours_per_week,
            "learning_outcomes": "\n".join(course.outcomes),
            "assessment_type": course.assessment_type,
            "start_mode": spec.start_mode,
            "release_date": release_date,
            "entry_requirements": spec.entry_requirements,
            "supervision_and_identity_verification": spec.assessment_supervision,
            "identity_verified_at_assessment": True,
            "further_information": spec.further_information,
            "is_published": True,
        },
    )
    subjects = [primary, *(_subject(name) for name in course.other_subjects)]
    microcredential_subjects_set(microcredential=microcredential, subjects=subjects)
    for track in policy.tracks:
        Price.objects.update_or_create(
            microcredential=microcredential,
            track=track.id,
            effective_from=LISTS_START,
            defaults={"amount_minor": track.price_minor, "currency": policy.currency, "effective_to": None},
        )
    if spec.start_mode == StartMode.COHORT:
        for starts_on in cohort_starts(today):
            Cohort.objects.get_or_create(microcredential=microcredential, starts_on=starts_on)
    return microcredential


def _qualification(provider: Provider, spec: QualificationSpec, courses: dict[str, Microcredential]) -> None:
    qualification, _ = Qualification.objects.update_or_create(
        provider=provider,
        slug=spec.slug,
        defaults={
            "title": spec.title,
            "study_duration_years": spec.study_duration_years,
            "recommended_order": spec.recommended_order,
        },
    )
    for position, slug in enumerate(spec.courses, start=1):
        QualificationMapping.objects.update_or_create(
            qualification=qualification,
            microcredential=courses[slug],
            effective_from=LISTS_START,
            defaults={"effective_to": None, "recommended_position": position},
        )
    for slug in spec.former_courses:
        QualificationMapping.objects.update_or_create(
            qualification=qualification,
            microcredential=courses[slug],
            effective_from=LISTS_START,
            defaults={"effective_to": FORMER_MAPPING_END, "recommended_position": None},
        )
    for slug, module in spec.restrictions:
        QualificationRestriction.objects.get_or_create(
            qualification=qualification, microcredential=courses[slug], excludes_module=module
        )


def _course_set(provider: Provider, spec: CourseSetSpec, courses: dict[str, Microcredential]) -> None:
    course_set, _ = CourseSet.objects.update_or_create(
        provider=provider, slug=spec.slug, defaults={"name": spec.name}
    )
    course_set.related_programmes.set(
        Qualification.objects.filter(provider=provider, slug__in=spec.programmes)
    )
    for position, slug in enumerate(spec.courses, start=1):
        CourseSetMember.objects.update_or_create(
            course_set=course_set, position=position, defaults={"microcredential": courses[slug]}
        )
