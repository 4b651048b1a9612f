"""R-CA6: the catalogue's text search, filters, sorting and pagination, on SQLite and on PostgreSQL."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from tests.factories.catalog import (
    CohortFactory,
    CourseSetMemberFactory,
    MicrocredentialFactory,
    PriceFactory,
    ProviderFactory,
    QualificationFactory,
    QualificationMappingFactory,
    SubjectFactory,
    bulk_microcredentials,
)

from microcred.catalog.models import FormOfParticipation, StartMode
from microcred.catalog.selectors import CatalogQuery, CatalogSort, catalog_rows, catalog_search

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")


def titles(query: CatalogQuery) -> list[str]:
    return [course.title for course in catalog_search(query, today=TODAY)]


def test_r_ca6_text_search_finds_words_in_title_summary_outcomes_and_subjects() -> None:
    # given
    MicrocredentialFactory(title="Plant Genetics")
    MicrocredentialFactory(title="Soil Science", summary="How soils feed crops and store carbon.")
    MicrocredentialFactory(title="Farm Finance", learning_outcomes="Prepare a cash-flow budget for a farm.")
    MicrocredentialFactory(title="Livestock", primary_subject=SubjectFactory(name="Agronomy"))
    MicrocredentialFactory(title="Contract Law")
    # when / then
    assert titles(CatalogQuery(text="genetics")) == ["Plant Genetics"]
    assert titles(CatalogQuery(text="carbon")) == ["Soil Science"]
    assert titles(CatalogQuery(text="budget")) == ["Farm Finance"]
    assert titles(CatalogQuery(text="agronomy")) == ["Livestock"]


def test_r_ca6_every_word_of_a_search_must_match() -> None:
    MicrocredentialFactory(title="Plant Genetics", summary="Inheritance in crops.")
    MicrocredentialFactory(title="Plant Pathology", summary="Diseases of crops.")

    assert titles(CatalogQuery(text="plant inheritance")) == ["Plant Genetics"]
    assert titles(CatalogQuery(text="plant crops", sort=CatalogSort.TITLE)) == [
        "Plant Genetics",
        "Plant Pathology",
    ]


def test_r_ca6_relevance_ranks_a_title_match_above_a_summary_match() -> None:
    MicrocredentialFactory(title="Agrifood Policy", summary="Rules that govern markets for soil products.")
    MicrocredentialFactory(title="Soil Management", summary="Managing land well.")

    assert titles(CatalogQuery(text="soil")) == ["Soil Management", "Agrifood Policy"]


def test_r_ca6_unpublished_courses_are_never_listed() -> None:
    MicrocredentialFactory(title="Draft Course", is_published=False)
    MicrocredentialFactory(title="Live Course")

    assert titles(CatalogQuery()) == ["Live Course"]
    assert titles(CatalogQuery(text="course")) == ["Live Course"]


def test_r_ca6_filters_by_provider_subject_level_credits_start_mode_and_form() -> None:
    # given
    ibers = ProviderFactory(slug="ibers")
    breeding = SubjectFactory(name="Plant Breeding")
    MicrocredentialFactory(
        title="Plant Breeding 1",
        provider=ibers,
        primary_subject=breeding,
        credits=5,
        start_mode=StartMode.RELEASE,
        release_date=dt.date(2026, 1, 1),
        form_of_participation=FormOfParticipation.BLENDED,
    )
    MicrocredentialFactory(title="Data Science", level=6)
    MicrocredentialFactory(title="Cyber Security", start_mode=StartMode.COHORT)
    # when / then
    assert titles(CatalogQuery(provider="ibers")) == ["Plant Breeding 1"]
    assert titles(CatalogQuery(subject="plant-breeding")) == ["Plant Breeding 1"]
    assert titles(CatalogQuery(level=6)) == ["Data Science"]
    assert titles(CatalogQuery(credits=5)) == ["Plant Breeding 1"]
    assert titles(CatalogQuery(start_mode=StartMode.COHORT)) == ["Cyber Security"]
    assert titles(CatalogQuery(form_of_participation=FormOfParticipation.BLENDED)) == ["Plant Breeding 1"]
    assert titles(CatalogQuery(provider="uol", level=7)) == ["Cyber Security"]


def test_r_ca6_filters_by_a_secondary_subject_without_listing_a_course_twice() -> None:
    law, security = SubjectFactory(name="Law"), SubjectFactory(name="Cyber Security")
    MicrocredentialFactory(title="Digital Forensics", primary_subject=security, subjects=[security, law])

    assert titles(CatalogQuery(subject="law")) == ["Digital Forensics"]
    assert titles(CatalogQuery(text="law")) == ["Digital Forensics"]


def test_r_ca6_price_filter_uses_the_lowest_price_in_force_today() -> None:
    # given: IBERS' learning-only track is £100, credit-bearing £250; an old price no longer applies
    ibers_course = MicrocredentialFactory(title="Plant Breeding 1")
    PriceFactory(microcredential=ibers_course, track="learning_only", amount_minor=10000)
    PriceFactory(microcredential=ibers_course, track="credit_bearing", amount_minor=25000)
    uol_course = MicrocredentialFactory(title="Data Science")
    PriceFactory(microcredential=uol_course, amount_minor=49500)
    PriceFactory(
        microcredential=uol_course,
        amount_minor=100,
        effective_from=dt.date(2019, 1, 1),
        effective_to=dt.date(2019, 12, 31),
    )
    MicrocredentialFactory(title="Not On Sale")
    # when / then
    assert titles(CatalogQuery(price_max_minor=10000)) == ["Plant Breeding 1"]
    assert titles(CatalogQuery(price_max_minor=49500)) == ["Data Science", "Plant Breeding 1"]
    assert titles(CatalogQuery(price_max_minor=9999)) == []


def test_r_ca6_counts_towards_a_qualification_by_mapping_in_force_or_by_set() -> None:
    # given
    pgcert = QualificationFactory(title="PGCert Online Teaching")
    QualificationMappingFactory(qualification=pgcert, microcredential=MicrocredentialFactory(title="Listed"))
    QualificationMappingFactory(
        qualification=pgcert,
        microcredential=MicrocredentialFactory(title="Listed Until 2025"),
        effective_to=dt.date(2025, 8, 31),
    )
    QualificationMappingFactory(
        qualification=pgcert,
        microcredential=MicrocredentialFactory(title="Listed From 2027"),
        effective_from=dt.date(2027, 1, 1),
    )
    msc = QualificationFactory(title="Agrifood Innovation MSc", provider=ProviderFactory(slug="ibers"))
    member = CourseSetMemberFactory(microcredential=MicrocredentialFactory(title="Plant Breeding 1"))
    member.course_set.related_programmes.add(msc)
    MicrocredentialFactory(title="Unrelated")
    # when / then
    assert titles(CatalogQuery(qualification=pgcert.pk)) == ["Listed"]
    assert titles(CatalogQuery(qualification=msc.pk)) == ["Plant Breeding 1"]


def test_r_ca6_sorts_by_title_price_credits_and_newest() -> None:
    # given
    cheap = MicrocredentialFactory(title="Bravo", credits=15)
    PriceFactory(microcredential=cheap, amount_minor=10000)
    dear = MicrocredentialFactory(title="Alpha", credits=5)
    PriceFactory(microcredential=dear, amount_minor=49500)
    MicrocredentialFactory(title="Charlie", credits=10)
    # when / then
    assert titles(CatalogQuery(sort=CatalogSort.TITLE)) == ["Alpha", "Bravo", "Charlie"]
    assert titles(CatalogQuery(sort=CatalogSort.PRICE)) == ["Bravo", "Alpha", "Charlie"]
    assert titles(CatalogQuery(sort=CatalogSort.CREDITS)) == ["Alpha", "Charlie", "Bravo"]
    assert titles(CatalogQuery(sort=CatalogSort.NEWEST)) == ["Charlie", "Alpha", "Bravo"]
    assert titles(CatalogQuery(sort=CatalogSort.RELEVANCE)) == ["Alpha", "Bravo", "Charlie"]


def test_r_ca2_list_shows_the_next_cohort_start_from_today() -> None:
    course = MicrocredentialFactory(title="Leading Change", start_mode=StartMode.COHORT)
    CohortFactory(microcredential=course, starts_on=dt.date(2026, 9, 7))
    CohortFactory(microcredential=course, starts_on=dt.date(2027, 1, 4))
    CohortFactory(microcredential=course, starts_on=dt.date(2027, 5, 3))

    [listed] = catalog_rows([course.pk], today=TODAY)

    assert listed.next_start == dt.date(2027, 1, 4)


@postgres_only
@pytest.mark.postgres
def test_r_ca6_postgres_search_is_stemmed() -> None:
    MicrocredentialFactory(title="Plant Breeding 1", summary="Breed crops for yield.")
    MicrocredentialFactory(title="Cyber Security")

    assert titles(CatalogQuery(text="breed")) == ["Plant Breeding 1"]
    assert titles(CatalogQuery(text="breeding")) == ["Plant Breeding 1"]
    assert titles(CatalogQuery(text="breeds")) == ["Plant Breeding 1"]


@postgres_only
@pytest.mark.postgres
def test_r_ca6_postgres_search_uses_the_gin_index_of_migration_0004() -> None:
    MicrocredentialFactory(title="Plant Breeding 1")
    queryset = catalog_search(CatalogQuery(text="breeding"), today=TODAY)

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()

    assert "catalog_mc_search_document_gin" in plan


def client_get(client: Client, query: str) -> str:
    response = client.get(f"/courses/{query}")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("?level=nine", "Level: Select a valid choice."),
        ("?level=3", "Level: Select a valid choice."),
        ("?credits=abc", "Credits: Select a valid choice."),
        ("?price_max=-5", "Maximum price (£): Ensure this value is greater than or equal to 0."),
        ("?price_max=lots", "Maximum price (£): Enter a number."),
        ("?provider=nowhere", "University: Select a valid choice."),
        ("?subject=%00", "Subject: Select a valid choice."),
        ("?start_mode=tomorrow", "How it starts: Select a valid choice."),
        ("?qualification=999999999999999999999", "Counts towards: Select a valid choice."),
        ("?sort=cheapest", "Sort by: Select a valid choice."),
    ],
)
def test_r_ca6_a_bad_parameter_is_reported_and_ignored(client: Client, query: str, error: str) -> None:
    MicrocredentialFactory(title="Data Science")

    page = client_get(client, query)

    assert error in page.replace("&#x27;", "'")
    assert "1 course" in page
    assert "Data Science" in page


@pytest.mark.parametrize(
    "query", ["?page=abc", "?page=-1", "?page=99999", "?q=" + "x" * 500, "?q=%27%22%26%7C%21(", "?q=the"]
)
def test_r_ca6_garbage_never_fails(client: Client, query: str) -> None:
    MicrocredentialFactory(title="Data Science")

    client_get(client, query)


def test_r_ca6_list_paginates_twenty_a_page_and_marks_the_current_page(client: Client) -> None:
    bulk_microcredentials(45, title="Course {number:02d}")

    page = client_get(client, "?sort=title&page=3")

    assert "45 courses" in page
    assert "Showing 41 to 45 of 45, page 3 of 3." in page
    assert 'href="?sort=title&amp;page=3" aria-current="page">Page 3</a>' in page
    assert page.count('class="course-card"') == 5
    assert "Course 40" in page
    assert "Course 39" not in page


def test_r_ca6_list_is_bookmarkable_with_every_filter_in_the_query_string(client: Client) -> None:
    MicrocredentialFactory(title="Data Science", primary_subject=SubjectFactory(name="Data"))
    MicrocredentialFactory(title="Law and Data", primary_subject=SubjectFactory(name="Law"))

    page = client_get(client, "?q=data&subject=law&provider=uol&level=7")

    assert "1 course matching “data”" in page
    assert "Law and Data" in page
    assert '<option value="law" selected>Law</option>' in page
