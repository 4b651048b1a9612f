"""The OpenAPI document: served at /api/v1/openapi.json, every operation with its request and response
schemas, and the same as the checked-in snapshot (a change to the API is a reviewed change to the file)."""

import json
import os
from pathlib import Path

import pytest

from microcred.api.api import api

SNAPSHOT = Path(__file__).with_name("openapi.json")
REGENERATE = (
    "The API's OpenAPI document differs from tests/api/openapi.json. If the change is meant, regenerate it "
    "with: UPDATE_OPENAPI_SNAPSHOT=1 SECRET_KEY=test-only-not-secret .venv/bin/pytest "
    "tests/api/test_api_openapi.py, and commit the file with the change."
)


def _served(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(document: dict) -> list[tuple[str, str, dict]]:
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]


@pytest.mark.django_db
def test_the_served_document_matches_the_checked_in_snapshot(client) -> None:
    document = _served(client)
    if os.environ.get("UPDATE_OPENAPI_SNAPSHOT") == "1":
        SNAPSHOT.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
    assert document == json.loads(SNAPSHOT.read_text()), REGENERATE


def test_every_operation_documents_a_json_schema_for_each_answer() -> None:
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    missing = [
        f"{method.upper()} {path} {status}"
        for path, method, operation in _operations(document)
        for status, answer in operation["responses"].items()
        if str(status) != "204" and "schema" not in answer.get("content", {}).get("application/json", {})
    ]
    assert missing == []


def test_every_operation_that_takes_a_body_documents_its_schema() -> None:
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    bodies = {
        f"{method.upper()} {path}": "schema" in operation["requestBody"]["content"]["application/json"]
        for path, method, operation in _operations(document)
        if method in {"post", "put", "patch"}
    }
    assert bodies == {
        "POST /api/v1/verifications": True,
        "POST /api/v1/me/tokens": True,
        "POST /api/v1/me/claims": True,
        "POST /api/v1/provider/api-keys": True,
        "POST /api/v1/provider/submissions/{public_id}/mark": True,
        "POST /api/v1/provider/completions": True,
        "POST /api/v1/provider/microcredentials": True,
        "PATCH /api/v1/provider/microcredentials/{slug}": True,
        "POST /api/v1/provider/microcredentials/{slug}/cohorts": True,
        "PATCH /api/v1/provider/cohorts/{cohort_id}": True,
        "POST /api/v1/provider/microcredentials/{slug}/prices": True,
        "PATCH /api/v1/provider/prices/{price_id}": True,
        "POST /api/v1/provider/webhooks": True,
        "POST /api/v1/provider/webhooks/redeliveries": True,
    }


def test_every_error_answer_is_the_error_schema() -> None:
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    error_refs = {
        answer["content"]["application/json"]["schema"].get("$ref")
        for _, _, operation in _operations(document)
        for status, answer in operation["responses"].items()
        if int(status) >= 400
    }
    assert error_refs == {"#/components/schemas/ErrorOut"}


@pytest.mark.django_db
def test_the_docs_page_loads_swagger_from_our_own_static_files(client) -> None:
    page = client.get("/api/v1/docs").content.decode()

    assert '<script src="/static/ninja/swagger-ui-bundle.js"></script>' in page
    assert "cdn" not in page.lower()
