"""R-CA6 through the API: the catalogue list with the page's filters and an opaque cursor, a course's EU
elements (R-CA3) and CMF rows, and the public rate limit."""

import pytest
from tests.factories.catalog import MicrocredentialFactory, PriceFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def test_r_ca6_list_pages_by_cursor_in_a_stable_title_order(api_client) -> None:
    for title in ["Delta", "Alpha", "Charlie", "Echo", "Bravo"]:
        MicrocredentialFactory(title=title)

    first = api_client.get("/api/v1/microcredentials", {"limit": 2}).json()
    second = api_client.get("/api/v1/microcredentials", {"limit": 2, "cursor": first["next"]}).json()
    third = api_client.get("/api/v1/microcredentials", {"limit": 2, "cursor": second["next"]}).json()

    assert [row["title"] for row in first["items"]] == ["Alpha", "Bravo"]
    assert [row["title"] for row in second["items"]] == ["Charlie", "Delta"]
    assert [row["title"] for row in third["items"]] == ["Echo"]
    assert third["next"] is None


def test_r_ca6_list_filters_by_provider_and_level_as_the_page_does(api_client) -> None:
    MicrocredentialFactory(title="UoL level 7")
    MicrocredentialFactory(title="UoL level 6", level=6)
    MicrocredentialFactory(title="OU level 7", provider=ProviderFactory(slug="ou"))

    response = api_client.get("/api/v1/microcredentials", {"provider": "uol", "level": 7})

    assert response.status_code == 200
    assert [row["title"] for row in response.json()["items"]] == ["UoL level 7"]


def test_r_ca6_list_row_carries_the_lowest_price_in_minor_units(api_client) -> None:
    course = MicrocredentialFactory(title="Priced")
    PriceFactory(microcredential=course, amount_minor=95000)

    row = api_client.get("/api/v1/microcredentials").json()["items"][0]

    assert row["price_from"] == {"amount_minor": 95000, "currency": "GBP"}
    assert row["price_count"] == 1
    assert (row["provider"], row["slug"], row["credits"], row["level"]) == ("uol", "priced", 15, 7)


def test_a_cursor_not_made_by_the_api_is_a_clean_400_naming_the_field(api_client) -> None:
    response = api_client.get("/api/v1/microcredentials", {"cursor": "not-a-cursor"})

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_cursor",
        "message": "This cursor was not made by this API.",
        "details": {"field": "cursor"},
    }


def test_a_bad_filter_is_a_422_with_the_field_path(api_client) -> None:
    response = api_client.get("/api/v1/microcredentials", {"level": "nine"})

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed"
    assert [item["field"] for item in body["details"]] == ["query.level"]


def test_r_ca3_detail_lists_the_eu_elements_and_the_cmf_rows(api_client) -> None:
    MicrocredentialFactory(title="Epidemiology")

    response = api_client.get("/api/v1/microcredentials/uol/epidemiology")

    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Epidemiology"
    assert body["notional_hours"] == 150
    assert len(body["elements"]) >= 10
    assert all(set(element) == {"name", "values", "is_mandatory"} for element in body["elements"])
    assert [row["name"] for row in body["cmf"]] != []
    assert body["meets_cmf"] is all(row["met"] for row in body["cmf"])


def test_an_unpublished_course_is_a_json_404(api_client) -> None:
    MicrocredentialFactory(title="Hidden", is_published=False)

    response = api_client.get("/api/v1/microcredentials/uol/hidden")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_unknown_api_address_is_a_json_404(api_client) -> None:
    response = api_client.get("/api/v1/no/such/thing")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_public_endpoints_answer_429_once_the_rate_is_spent(api_client, settings) -> None:
    settings.API_PUBLIC_RATE = "2/min"

    statuses = [api_client.get("/api/v1/microcredentials").status_code for _ in range(3)]
    refused = api_client.get("/api/v1/microcredentials")

    assert statuses == [200, 200, 429]
    assert refused.json()["code"] == "rate_limited"
