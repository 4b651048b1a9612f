"""Factories for the catalogue, with deterministic values (no Faker: tests assert on them).

``ProviderFactory(slug="uol")`` gives the University of London as the demo knows it; any other slug gives a
plain provider under the UoL policy. Providers are fetched by slug if they exist, so personas and tests that
name the same provider share one row.
"""

import datetime as dt

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from microcred.catalog.models import (
    Cohort,
    CourseSet,
    CourseSetMember,
    FormOfParticipation,
    Microcredential,
    Price,
    Provider,
    Qualification,
    QualificationMapping,
    Review,
    StartMode,
    Subject,
)
from microcred.catalog.services import microcredential_subjects_set

KNOWN_PROVIDERS: dict[str, dict[str, str]] = {
    "uol": {
        "name": "University of London",
        "awarding_body": "University of London",
        "country": "United Kingdom",
        "quality_assurance": "QAA-reviewed UK higher education provider",
        "policy_slug": "uol",
        "delivery_partner": "",
    },
    "ou": {
        "name": "The Open University",
        "awarding_body": "The Open University",
        "country": "United Kingdom",
        "quality_assurance": "QAA-reviewed UK higher education provider",
        "policy_slug": "ou",
        "delivery_partner": "FutureLearn",
    },
    "ibers": {
        "name": "IBERS, Aberystwyth University",
        "awarding_body": "Aberystwyth University",
        "country": "Wales, United Kingdom",
        "quality_assurance": "QAA-reviewed UK higher education provider",
        "policy_slug": "ibers",
        "delivery_partner": "",
    },
}


def _known(slug: str, key: str, default: str) -> str:
    return KNOWN_PROVIDERS.get(slug, {}).get(key, default)


class ProviderFactory(DjangoModelFactory[Provider]):
    class Meta:
        model = Provider
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"provider-{n}")
    name = factory.LazyAttribute(lambda o: _known(o.slug, "name", f"Provider {o.slug}"))
    awarding_body = factory.LazyAttribute(lambda o: _known(o.slug, "awarding_body", f"Provider {o.slug}"))
    country = factory.LazyAttribute(lambda o: _known(o.slug, "country", "United Kingdom"))
    quality_assurance = factory.LazyAttribute(
        lambda o: _known(o.slug, "quality_assurance", "QAA-reviewed UK higher education provider")
    )
    policy_slug = factory.LazyAttribute(lambda o: _known(o.slug, "policy_slug", "uol"))
    delivery_partner = factory.LazyAttribute(lambda o: _known(o.slug, "delivery_partner", ""))
    website = ""


class SubjectFactory(DjangoModelFactory[Subject]):
    class Meta:
        model = Subject
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Subject {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class MicrocredentialFactory(DjangoModelFactory[Microcredential]):
    """A published 15-credit FHEQ 7 course of the UoL kind (R-CR3). ``subjects=[…]`` sets its subjects; the
    primary subject is always one of them."""

    class Meta:
        model = Microcredential
        skip_postgeneration_save = True

    provider = factory.SubFactory(ProviderFactory, slug="uol")
    title = factory.Sequence(lambda n: f"Course {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = factory.LazyAttribute(lambda o: f"A short postgraduate course: {o.title}.")
    description = ""
    primary_subject = factory.SubFactory(SubjectFactory)
    credits = 15
    level = 7
    weeks = 10
    hours_per_week = 15
    learning_outcomes = "Explain the main ideas of the field.\nApply them to a case from practice."
    assessment_type = "project"
    form_of_participation = FormOfParticipation.ONLINE
    start_mode = StartMode.ANYTIME
    release_date = None
    identity_verified_at_assessment = True
    is_published = True

    @factory.post_generation
    def subjects(
        obj: Microcredential, create: bool, extracted: list[Subject] | None, **kwargs: object
    ) -> None:
        if create:
            microcredential_subjects_set(microcredential=obj, subjects=extracted or [obj.primary_subject])


class CohortFactory(DjangoModelFactory[Cohort]):
    class Meta:
        model = Cohort

    microcredential = factory.SubFactory(MicrocredentialFactory, start_mode=StartMode.COHORT)
    starts_on = dt.date(2027, 1, 11)
    capacity = None


class PriceFactory(DjangoModelFactory[Price]):
    class Meta:
        model = Price

    microcredential = factory.SubFactory(MicrocredentialFactory)
    track = "credit_bearing"
    amount_minor = 49500
    currency = "GBP"
    effective_from = dt.date(2020, 1, 1)
    effective_to = None


class QualificationFactory(DjangoModelFactory[Qualification]):
    class Meta:
        model = Qualification

    provider = factory.SubFactory(ProviderFactory, slug="ou")
    title = factory.Sequence(lambda n: f"Postgraduate Certificate {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    study_duration_years = 5


class QualificationMappingFactory(DjangoModelFactory[QualificationMapping]):
    class Meta:
        model = QualificationMapping

    qualification = factory.SubFactory(QualificationFactory)
    microcredential = factory.SubFactory(
        MicrocredentialFactory, provider=factory.SelfAttribute("..qualification.provider")
    )
    effective_from = dt.date(2020, 1, 1)
    effective_to = None


class CourseSetFactory(DjangoModelFactory[CourseSet]):
    class Meta:
        model = CourseSet

    provider = factory.SubFactory(ProviderFactory, slug="ibers")
    name = factory.Sequence(lambda n: f"Set {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class CourseSetMemberFactory(DjangoModelFactory[CourseSetMember]):
    class Meta:
        model = CourseSetMember

    course_set = factory.SubFactory(CourseSetFactory)
    microcredential = factory.SubFactory(
        MicrocredentialFactory, provider=factory.SelfAttribute("..course_set.provider")
    )
    position = 1


class ReviewFactory(DjangoModelFactory[Review]):
    class Meta:
        model = Review

    learner = factory.SubFactory("tests.factories.accounts.UserFactory")
    microcredential = factory.SubFactory(MicrocredentialFactory)
    stars = 4
    text = "Clear, practical and well paced."


def bulk_microcredentials(count: int, *, title: str = "Course {number:05d}") -> list[Microcredential]:
    """``count`` published UoL courses, each titled from ``title`` with its number, all in one subject and
    each with a credit-bearing price from 2020, inserted in batches: fast enough for ten thousand."""
    provider = ProviderFactory(slug="uol")
    subject = SubjectFactory(name="Bulk Subject")
    courses = []
    for number in range(count):
        name = title.format(number=number)
        courses.append(
            MicrocredentialFactory.build(
                provider=provider,
                primary_subject=subject,
                title=name,
                slug=slugify(name),
                subject_names=subject.name,
            )
        )
    created = Microcredential.objects.bulk_create(courses, batch_size=2000)
    prices = [PriceFactory.build(microcredential=course, track="credit_bearing") for course in created]
    Price.objects.bulk_create(prices, batch_size=2000)
    return created
