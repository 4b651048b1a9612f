"""A provider's systems manage their own catalogue through the API: microcredentials, cohorts (R-CA2) and
prices (R-EN2), with the admin's checks and an audit row per change; another provider's are never found."""

import datetime as dt

import pytest
from tests.assessment.builders import course
from tests.factories.catalog import CohortFactory, PriceFactory, SubjectFactory

from microcred.catalog.models import CatalogChange, Cohort, Microcredential, Price, StartMode

pytestmark = pytest.mark.django_db

NEW_COURSE = {
    "slug": "machine-learning",
    "title": "Machine Learning",
    "summary": "Models that learn from data.",
    "subjects": ["data-science", "public-health"],
    "credits": 15,
    "level": 7,
    "weeks": 10,
    "hours_per_week": 15,
    "learning_outcomes": "Fit a model\nJudge a model",
    "assessment_type": "project",
    "start_mode": "cohort",
}


@pytest.fixture
def subjects() -> None:
    SubjectFactory(slug="data-science", name="Data Science")
    SubjectFactory(slug="public-health", name="Public Health")


def _key(api_key_for, officer) -> dict[str, str]:
    return {"X-Api-Key": api_key_for(officer)}


def test_a_key_creates_a_microcredential_audited_under_the_key(
    api_client, uol_registry, api_key_for, subjects
) -> None:
    response = api_client.post(
        "/api/v1/provider/microcredentials",
        NEW_COURSE,
        content_type="application/json",
        headers=_key(api_key_for, uol_registry),
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["provider"], body["slug"], body["is_published"]) == ("uol", "machine-learning", False)
    assert (body["primary_subject"], body["subjects"]) == ("data-science", ["data-science", "public-health"])
    assert (body["cohorts"], body["prices"]) == ([], [])
    created = Microcredential.objects.get(slug="machine-learning")
    assert created.subject_names == "Data Science Public Health"
    change = CatalogChange.objects.get()
    assert (change.kind, change.object_id, change.actor, change.provider.slug) == (
        "microcredential_created", created.pk, None, "uol",
    )  # fmt: skip
    assert change.actor_label.startswith("API key mck_")
    assert change.changes["title"] == [None, "Machine Learning"]


def test_an_assessment_type_outside_the_policy_is_a_422_naming_the_field_and_nothing_is_made(
    client_for, uol_registry, subjects
) -> None:
    response = client_for(uol_registry).post(
        "/api/v1/provider/microcredentials",
        {**NEW_COURSE, "assessment_type": "report"},
        content_type="application/json",
    )

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed"
    assert [item["field"] for item in body["details"]] == ["body.assessment_type"]
    assert (Microcredential.objects.count(), CatalogChange.objects.count()) == (0, 0)


def test_a_second_course_with_the_same_slug_is_refused(client_for, uol_registry, subjects) -> None:
    client = client_for(uol_registry)
    client.post("/api/v1/provider/microcredentials", NEW_COURSE, content_type="application/json")

    again = client.post("/api/v1/provider/microcredentials", NEW_COURSE, content_type="application/json")

    assert again.status_code == 422
    assert Microcredential.objects.count() == 1
    assert CatalogChange.objects.count() == 1


def test_an_officer_updates_only_the_fields_sent_and_the_audit_keeps_before_and_after(
    client_for, uol_registry, subjects
) -> None:
    microcredential = course("uol", title="Old title", is_published=False)

    response = client_for(uol_registry).patch(
        f"/api/v1/provider/microcredentials/{microcredential.slug}",
        {"title": "New title", "is_published": True},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert (response.json()["title"], response.json()["is_published"]) == ("New title", True)
    microcredential.refresh_from_db()
    assert (microcredential.title, microcredential.is_published, microcredential.credits) == (
        "New title", True, 15,
    )  # fmt: skip
    change = CatalogChange.objects.get()
    assert (change.kind, change.actor) == ("microcredential_updated", uol_registry)
    assert change.changes == {"title": ["Old title", "New title"], "is_published": [False, True]}


def test_r_ca2_cohorts_only_for_fixed_start_courses(client_for, uol_registry) -> None:
    anytime = course("uol", slug="anytime")
    fixed = course("uol", slug="fixed", start_mode=StartMode.COHORT)
    client = client_for(uol_registry)

    refused = client.post(
        f"/api/v1/provider/microcredentials/{anytime.slug}/cohorts",
        {"starts_on": "2027-01-11"},
        content_type="application/json",
    )
    made = client.post(
        f"/api/v1/provider/microcredentials/{fixed.slug}/cohorts",
        {"starts_on": "2027-01-11", "capacity": 40},
        content_type="application/json",
    )
    changed = client.patch(
        f"/api/v1/provider/cohorts/{made.json()['id']}", {"capacity": 60}, content_type="application/json"
    )

    assert refused.status_code == 422
    assert made.status_code == 201
    assert changed.json() == {
        "id": made.json()["id"],
        "microcredential": "fixed",
        "starts_on": "2027-01-11",
        "capacity": 60,
    }
    assert list(Cohort.objects.values_list("microcredential__slug", "capacity")) == [("fixed", 60)]
    assert list(CatalogChange.objects.values_list("kind", flat=True)) == ["cohort_created", "cohort_updated"]


def test_r_en2_overlapping_prices_of_a_track_are_refused(client_for, uol_registry) -> None:
    microcredential = course("uol")
    PriceFactory(microcredential=microcredential, effective_from=dt.date(2026, 1, 1), effective_to=None)
    client = client_for(uol_registry)
    url = f"/api/v1/provider/microcredentials/{microcredential.slug}/prices"

    overlapping = client.post(
        url,
        {"track": "credit_bearing", "amount_minor": 99000, "effective_from": "2027-01-01"},
        content_type="application/json",
    )

    assert overlapping.status_code == 422
    assert [item["field"] for item in overlapping.json()["details"]] == ["body.effective_from"]
    assert Price.objects.count() == 1


def test_a_price_is_made_and_changed_in_minor_units(client_for, uol_registry) -> None:
    microcredential = course("uol")
    client = client_for(uol_registry)

    made = client.post(
        f"/api/v1/provider/microcredentials/{microcredential.slug}/prices",
        {"track": "credit_bearing", "amount_minor": 99000, "effective_from": "2027-01-01"},
        content_type="application/json",
    )
    changed = client.patch(
        f"/api/v1/provider/prices/{made.json()['id']}",
        {"amount_minor": 95000, "effective_to": "2027-12-31"},
        content_type="application/json",
    )

    assert made.status_code == 201
    assert changed.json() == {
        "id": made.json()["id"],
        "microcredential": microcredential.slug,
        "track": "credit_bearing",
        "amount_minor": 95000,
        "currency": "GBP",
        "effective_from": "2027-01-01",
        "effective_to": "2027-12-31",
    }


def test_another_providers_key_finds_none_of_it_and_changes_nothing(
    api_client, uol_registry, ou_registry, api_key_for
) -> None:
    # given a UoL course with a cohort and a price
    microcredential = course("uol", title="UoL only", start_mode=StartMode.COHORT)
    cohort = CohortFactory(microcredential=microcredential, starts_on=dt.date(2027, 1, 11))
    price = PriceFactory(microcredential=microcredential)
    headers = _key(api_key_for, ou_registry)

    # when OU's key tries each write and reads its own list
    statuses = [
        api_client.patch(
            f"/api/v1/provider/microcredentials/{microcredential.slug}",
            {"title": "Taken"},
            content_type="application/json",
            headers=headers,
        ).status_code,
        api_client.post(
            f"/api/v1/provider/microcredentials/{microcredential.slug}/cohorts",
            {"starts_on": "2027-05-01"},
            content_type="application/json",
            headers=headers,
        ).status_code,
        api_client.patch(
            f"/api/v1/provider/cohorts/{cohort.pk}", {"capacity": 1}, content_type="application/json",
            headers=headers,
        ).status_code,
        api_client.patch(
            f"/api/v1/provider/prices/{price.pk}", {"amount_minor": 1}, content_type="application/json",
            headers=headers,
        ).status_code,
    ]  # fmt: skip
    listed = api_client.get("/api/v1/provider/microcredentials", headers=headers).json()

    # then
    assert statuses == [404, 404, 404, 404]
    assert listed == {"items": [], "next": None}
    microcredential.refresh_from_db()
    assert microcredential.title == "UoL only"
    assert list(Cohort.objects.values_list("starts_on", "capacity")) == [(dt.date(2027, 1, 11), None)]
    assert Price.objects.get().amount_minor == price.amount_minor
    assert CatalogChange.objects.count() == 0


def test_the_list_pages_by_cursor_in_a_fixed_number_of_queries(
    api_client, uol_registry, api_key_for, django_assert_num_queries
) -> None:
    for number in range(5):
        microcredential = course("uol", slug=f"course-{number}", start_mode=StartMode.COHORT)
        CohortFactory(microcredential=microcredential)
        PriceFactory(microcredential=microcredential)
    headers = _key(api_key_for, uol_registry)

    # the key, its list page (courses, subjects, cohorts, prices)
    with django_assert_num_queries(5):
        first = api_client.get("/api/v1/provider/microcredentials", {"limit": 3}, headers=headers).json()
    second = api_client.get(
        "/api/v1/provider/microcredentials", {"limit": 3, "cursor": first["next"]}, headers=headers
    ).json()

    assert [row["slug"] for row in first["items"]] == ["course-0", "course-1", "course-2"]
    assert [row["slug"] for row in second["items"]] == ["course-3", "course-4"]
    assert second["next"] is None
    assert [len(row["cohorts"]) for row in first["items"]] == [1, 1, 1]


def test_an_update_sent_twice_changes_and_audits_once(api_client, uol_registry, api_key_for) -> None:
    microcredential = course("uol", title="Old title")
    headers = _key(api_key_for, uol_registry)
    url = f"/api/v1/provider/microcredentials/{microcredential.slug}"

    first = api_client.patch(url, {"title": "New title"}, content_type="application/json", headers=headers)
    second = api_client.patch(url, {"title": "New title"}, content_type="application/json", headers=headers)

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json() == second.json()
    assert CatalogChange.objects.count() == 1


def test_a_cohort_sent_twice_is_made_once(client_for, uol_registry) -> None:
    microcredential = course("uol", start_mode=StartMode.COHORT)
    client = client_for(uol_registry)
    url = f"/api/v1/provider/microcredentials/{microcredential.slug}/cohorts"

    statuses = [
        client.post(url, {"starts_on": "2027-01-11"}, content_type="application/json").status_code
        for _ in range(2)
    ]

    assert statuses == [201, 422]
    assert (Cohort.objects.count(), CatalogChange.objects.count()) == (1, 1)
