"""R-CA5 reviews and their aggregate; R-EN2 the price in force on a day; the checks the admin runs before
saving a price, a listing or a course (R-PO1: the policy decides what is valid)."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from tests.factories.accounts import UserFactory
from tests.factories.catalog import (
    CohortFactory,
    MicrocredentialFactory,
    PriceFactory,
    ProviderFactory,
    QualificationFactory,
    QualificationMappingFactory,
    ReviewFactory,
)

from microcred.catalog.errors import InvalidReview, ReviewAlreadyExists, ReviewNotAllowed
from microcred.catalog.models import Price, Review
from microcred.catalog.selectors import Rating, price_in_force, rating_of
from microcred.catalog.services import review_create

pytestmark = pytest.mark.django_db


def test_r_ca5_a_learner_who_completed_the_course_reviews_it_once() -> None:
    learner, course = UserFactory(), MicrocredentialFactory()

    review = review_create(
        learner_id=learner.pk, microcredential=course, stars=5, text=" Great. ", has_completed=True
    )

    assert (review.learner_id, review.stars, review.text) == (learner.pk, 5, "Great.")
    with pytest.raises(ReviewAlreadyExists, match=re.escape("You have already reviewed this course.")):
        review_create(learner_id=learner.pk, microcredential=course, stars=1, text="", has_completed=True)
    assert Review.objects.get().stars == 5


def test_r_ca5_a_learner_without_a_completed_enrolment_cannot_review() -> None:
    learner, course = UserFactory(), MicrocredentialFactory()

    with pytest.raises(
        ReviewNotAllowed, match=re.escape("Only a learner who has completed this course can review it.")
    ):
        review_create(learner_id=learner.pk, microcredential=course, stars=4, text="", has_completed=False)
    assert Review.objects.count() == 0


@pytest.mark.parametrize("stars", [0, 6, -1, True, 4.5])
def test_r_ca5_stars_outside_one_to_five_are_refused_naming_the_field(stars: object) -> None:
    learner, course = UserFactory(), MicrocredentialFactory()

    with pytest.raises(InvalidReview, match=r"^stars: must be a whole number from 1 to 5$"):
        review_create(learner_id=learner.pk, microcredential=course, stars=stars, text="", has_completed=True)  # type: ignore[arg-type]


def test_r_ca5_the_database_refuses_stars_outside_one_to_five() -> None:
    with pytest.raises(IntegrityError):
        ReviewFactory(stars=6)


def test_r_ca5_rating_is_the_average_to_one_decimal_and_the_count() -> None:
    course = MicrocredentialFactory()
    for stars in (5, 4, 4, 2):
        ReviewFactory(microcredential=course, stars=stars)

    assert rating_of(course) == Rating(average=3.8, count=4)
    assert rating_of(MicrocredentialFactory()) == Rating(average=None, count=0)


def test_r_en2_the_price_in_force_follows_the_price_list_dates() -> None:
    # given: UoL's £495 is "introductory"; a later list raises it
    course = MicrocredentialFactory()
    PriceFactory(
        microcredential=course,
        amount_minor=49500,
        effective_from=dt.date(2025, 9, 1),
        effective_to=dt.date(2026, 8, 31),
    )
    PriceFactory(microcredential=course, amount_minor=59500, effective_from=dt.date(2026, 9, 1))

    def amount_on(day: dt.date) -> int | None:
        price = price_in_force(microcredential_id=course.pk, track="credit_bearing", on=day)
        return None if price is None else price.amount_minor

    assert amount_on(dt.date(2025, 8, 31)) is None
    assert amount_on(dt.date(2025, 9, 1)) == 49500
    assert amount_on(dt.date(2026, 8, 31)) == 49500
    assert amount_on(dt.date(2026, 9, 1)) == 59500
    assert amount_on(dt.date(2040, 1, 1)) == 59500


def test_r_en2_prices_of_one_track_may_not_overlap() -> None:
    course = MicrocredentialFactory()
    PriceFactory(
        microcredential=course, effective_from=dt.date(2025, 9, 1), effective_to=dt.date(2026, 8, 31)
    )
    overlapping = Price(
        microcredential=course,
        track="credit_bearing",
        amount_minor=1,
        currency="GBP",
        effective_from=dt.date(2026, 8, 31),
    )

    with pytest.raises(ValidationError) as refusal:
        overlapping.full_clean()

    assert refusal.value.message_dict == {
        "effective_from": ["overlaps the price from 01 September 2025 to 31 August 2026"]
    }


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"track": "learning_only"}, {"track": ["must be one of the policy's tracks: credit_bearing"]}),
        ({"currency": "EUR"}, {"currency": ["the provider's policy charges in GBP"]}),
        ({"amount_minor": -1}, {"__all__": ["Constraint “catalog_price_not_negative” is violated."]}),
        (
            {"effective_to": dt.date(2019, 1, 1)},
            {"__all__": ["Constraint “catalog_price_effective_range_ordered” is violated."]},
        ),
    ],
)
def test_a_wrong_price_is_refused_naming_the_field(
    changes: dict[str, object], errors: dict[str, list[str]]
) -> None:
    price = PriceFactory.build(
        microcredential=MicrocredentialFactory(), effective_from=dt.date(2020, 1, 1), **changes
    )

    with pytest.raises(ValidationError) as refusal:
        price.full_clean()

    assert refusal.value.message_dict == errors


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"assessment_type": "essay"}, {"assessment_type": ["must be one of the policy's types: project"]}),
        ({"level": 9}, {"level": ["FHEQ has no level 9 (known: 4, 5, 6, 7, 8)"]}),
        ({"credits": 0}, {"__all__": ["Constraint “catalog_mc_credits_positive” is violated."]}),
        (
            {"start_mode": "release"},
            {"release_date": ["a course that starts on release needs a release date"]},
        ),
    ],
)
def test_a_wrong_course_is_refused_naming_the_field(
    changes: dict[str, object], errors: dict[str, list[str]]
) -> None:
    course = MicrocredentialFactory()
    for field, value in changes.items():
        setattr(course, field, value)

    with pytest.raises(ValidationError) as refusal:
        course.full_clean()

    assert refusal.value.message_dict == errors


def test_r_aw6_a_course_listed_for_another_providers_qualification_is_refused() -> None:
    mapping = QualificationMappingFactory.build(
        qualification=QualificationFactory(provider=ProviderFactory(slug="ou")),
        microcredential=MicrocredentialFactory(),
    )

    with pytest.raises(ValidationError) as refusal:
        mapping.full_clean()

    assert refusal.value.message_dict == {
        "microcredential": ["must be a course of the qualification's provider"]
    }


def test_r_ca2_only_a_cohort_course_has_cohorts() -> None:
    cohort = CohortFactory.build(microcredential=MicrocredentialFactory())

    with pytest.raises(ValidationError) as refusal:
        cohort.full_clean()

    assert refusal.value.message_dict == {
        "microcredential": ["only a course with fixed start dates has cohorts"]
    }
