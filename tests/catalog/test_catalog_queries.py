"""The catalogue's pages run a fixed number of queries whatever the number of courses (no N+1)."""

import datetime as dt

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from tests.factories.catalog import (
    CohortFactory,
    MicrocredentialFactory,
    PriceFactory,
    ReviewFactory,
    SubjectFactory,
    bulk_microcredentials,
)

pytestmark = pytest.mark.django_db
# Filter choices (providers, subjects, credits, qualifications), the count, the page's ids, its courses; a
# text search reads all matching ids at once, so it needs no count.
LIST_QUERIES = 7
SEARCH_QUERIES = 6
# A UoL course with its provider and subjects (2), prices, cohorts, qualification listings, the rating and
# the reviews; UoL has no set exemption, so its sets are not read.
COURSE_QUERIES = 7
LIST_URLS = [
    "/courses/",
    "/courses/?q=course",
    "/courses/?provider=uol&level=7&price_max=600&sort=price",
    "/courses/?page=3",
]


def courses_with_everything(count: int) -> None:
    for number in range(count):
        course = MicrocredentialFactory(
            title=f"Course {number:03d}", subjects=[SubjectFactory(name=f"Topic {number}")]
        )
        PriceFactory(microcredential=course)
        CohortFactory(microcredential=course)
        ReviewFactory(microcredential=course, stars=number % 5 + 1)


@pytest.mark.parametrize("url", LIST_URLS)
@pytest.mark.parametrize("count", [3, 30])
def test_r_ca6_list_page_queries_do_not_grow_with_results(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries, url: str, count: int
) -> None:
    courses_with_everything(count)

    with django_assert_num_queries(SEARCH_QUERIES if "q=" in url else LIST_QUERIES):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", LIST_URLS)
def test_r_ca6_list_page_queries_stay_the_same_over_ten_thousand_courses(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries, url: str
) -> None:
    bulk_microcredentials(10_000)

    with django_assert_num_queries(SEARCH_QUERIES if "q=" in url else LIST_QUERIES):
        response = client.get(url)

    assert response.status_code == 200
    assert "10000 courses" in response.content.decode()


@pytest.mark.parametrize("count", [1, 10])
def test_course_page_queries_do_not_grow_with_reviews_and_cohorts(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    course = MicrocredentialFactory(title="Leading Change", start_mode="cohort")
    for number in range(count):
        PriceFactory(microcredential=course, track=f"track_{number}")
        CohortFactory(microcredential=course, starts_on=dt.date(2099, 1, 1) + dt.timedelta(days=number))
        ReviewFactory(microcredential=course)

    with django_assert_num_queries(COURSE_QUERIES):
        assert client.get("/courses/uol/leading-change/").status_code == 200
