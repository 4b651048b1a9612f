"""Every endpoint × every kind of caller: the status each gets, and for writes, that nothing changed when
the caller was refused. A new endpoint without a row here fails ``test_every_endpoint_is_in_the_matrix``."""

import json
from dataclasses import dataclass

import pytest
from django.test import Client
from tests.assessment.builders import course, enrolment_for

from microcred.api import services
from microcred.api.api import api
from microcred.api.models import ApiKey, PersonalAccessToken

pytestmark = pytest.mark.django_db

CALLERS = ("anonymous", "learner", "other_learner", "uol_registry", "ou_registry", "uol_key", "ou_key")


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    statuses: tuple[int, int, int, int, int, int, int]  # in the order of CALLERS
    body: dict[str, str] | None = None


PUBLIC_OK = (200,) * 7
PUBLIC_MISSING = (404,) * 7
PEOPLE_ONLY = (401, 200, 200, 200, 200, 401, 401)
MISSING_CREDENTIAL = "00000000-0000-4000-8000-000000000000"

MATRIX = {
    "catalog_list": Row("GET", "/api/v1/microcredentials", PUBLIC_OK),
    "catalog_detail": Row("GET", "/api/v1/microcredentials/uol/uol-course", PUBLIC_OK),
    "credential_verification": Row(
        "GET", f"/api/v1/credentials/{MISSING_CREDENTIAL}/verification", PUBLIC_MISSING
    ),
    "verify_document": Row("POST", "/api/v1/verifications", PUBLIC_OK, body={"type": "VerifiableCredential"}),
    "issuer_profile": Row("GET", "/api/v1/issuers/nobody", PUBLIC_MISSING),
    "did_document": Row("GET", "/api/v1/issuers/nobody/did.json", PUBLIC_MISSING),
    "status_list": Row("GET", "/api/v1/status-lists/nobody/1", PUBLIC_MISSING),
    "my_enrolments": Row("GET", "/api/v1/me/enrolments", PEOPLE_ONLY),
    "my_results": Row("GET", "/api/v1/me/results", PEOPLE_ONLY),
    "my_credentials": Row("GET", "/api/v1/me/credentials", PEOPLE_ONLY),
    "my_tokens": Row("GET", "/api/v1/me/tokens", PEOPLE_ONLY),
    "token_create": Row(
        "POST", "/api/v1/me/tokens", (401, 201, 201, 201, 201, 401, 401), body={"name": "new"}
    ),
    "token_revoke": Row("DELETE", "/api/v1/me/tokens/{learner_token}", (401, 204, 404, 404, 404, 401, 401)),
    "enrolments": Row("GET", "/api/v1/provider/enrolments", (401, 403, 403, 200, 200, 200, 200)),
    "api_keys": Row("GET", "/api/v1/provider/api-keys", (401, 403, 403, 200, 200, 403, 403)),
    "api_key_create": Row(
        "POST", "/api/v1/provider/api-keys", (401, 403, 403, 201, 201, 403, 403), body={"name": "new"}
    ),
    "api_key_revoke": Row(
        "DELETE", "/api/v1/provider/api-keys/{uol_key}", (401, 403, 403, 204, 404, 403, 403)
    ),
}


def test_every_endpoint_is_in_the_matrix() -> None:
    schema = api.get_openapi_schema()
    operations = {
        operation["operationId"] for path in schema["paths"].values() for operation in path.values()
    }
    assert operations == set(MATRIX)


def _state() -> tuple[list[tuple[int, bool]], list[tuple[int, bool]]]:
    tokens = [
        (pk, revoked is None) for pk, revoked in PersonalAccessToken.objects.values_list("pk", "revoked_at")
    ]
    keys = [(pk, revoked is None) for pk, revoked in ApiKey.objects.values_list("pk", "revoked_at")]
    return sorted(tokens), sorted(keys)


@pytest.fixture
def world(learner, other_learner, uol_registry, ou_registry) -> dict[str, object]:
    enrolment_for(learner, course("uol"))
    uol_key = services.api_key_create(provider=uol_registry.provider, name="uol", actor=uol_registry)
    ou_key = services.api_key_create(provider=ou_registry.provider, name="ou", actor=ou_registry)
    token = services.personal_access_token_create(user=learner, name="learner's")
    return {
        "people": {
            "learner": learner,
            "other_learner": other_learner,
            "uol_registry": uol_registry,
            "ou_registry": ou_registry,
        },
        "keys": {"uol_key": uol_key.secret, "ou_key": ou_key.secret},
        "ids": {"learner_token": token.record.pk, "uol_key": uol_key.record.pk},
    }


def _call(world: dict, caller: str, row: Row):
    client, headers = Client(), {}
    if caller in world["people"]:
        client.force_login(world["people"][caller])
    if caller in world["keys"]:
        headers["X-Api-Key"] = world["keys"][caller]
    path = row.path.format(**world["ids"])
    if row.body is None:
        return client.generic(row.method, path, headers=headers)
    return client.generic(
        row.method, path, data=json.dumps(row.body), content_type="application/json", headers=headers
    )


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_access_matrix(world, endpoint: str, caller: str) -> None:
    row = MATRIX[endpoint]
    expected = row.statuses[CALLERS.index(caller)]
    before = _state()

    response = _call(world, caller, row)

    assert response.status_code == expected, response.content
    if expected >= 400:
        assert set(response.json()) == {"code", "message", "details"}
        assert _state() == before
