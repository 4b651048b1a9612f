"""Every endpoint × every kind of caller: the status each gets, and that nothing changed unless the caller
may change it (a refusal, a read, or another provider's attempt leaves every table as it was). A new
endpoint without a row here fails ``test_every_endpoint_is_in_the_matrix``."""

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from tests.assessment.builders import at, course, enrolment_for, submit_file
from tests.awards.awards_builders import credits_for
from tests.credentials.issuance_builders import badge_for, credentials_settings
from tests.factories.accounts import UserFactory
from tests.factories.catalog import CohortFactory, PriceFactory

from microcred.api import services
from microcred.api.api import api
from microcred.api.models import ApiKey, PersonalAccessToken, WebhookEndpoint, WebhookEvent
from microcred.api.webhooks.endpoints import endpoint_create
from microcred.assessment.models import Credit, MarkEvent, Submission
from microcred.awards.models import AwardClaim
from microcred.catalog.models import CatalogChange, Cohort, Microcredential, Price, StartMode
from microcred.credentials.models import Credential, ExternalCompletion

pytestmark = pytest.mark.django_db

CALLERS = ("anonymous", "learner", "other_learner", "uol_registry", "ou_registry", "uol_key", "ou_key")
UOL_WRITERS = frozenset({"uol_registry", "uol_key"})


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    statuses: tuple[int, int, int, int, int, int, int]  # in the order of CALLERS
    body: dict[str, Any] | None = None
    # Callers whose answer may change something; by default those answered 2xx to a write.
    writers: frozenset[str] | None = field(default=None)

    def may_change(self, caller: str, status: int) -> bool:
        if self.writers is not None:
            return caller in self.writers
        return self.method != "GET" and status < 400


PUBLIC_OK = (200,) * 7
PUBLIC_MISSING = (404,) * 7
PEOPLE_ONLY = (401, 200, 200, 200, 200, 401, 401)
MINE_ONLY = (401, 200, 404, 404, 404, 401, 401)
PROVIDERS_READ = (401, 403, 403, 200, 200, 200, 200)
UOL_CHANGES = (401, 403, 403, 200, 404, 200, 404)
UOL_MAKES = (401, 403, 403, 201, 404, 201, 404)
MISSING_CREDENTIAL = "00000000-0000-4000-8000-000000000000"
NEW_COURSE = {
    "slug": "new-course",
    "title": "New course",
    "summary": "Made through the API.",
    "subjects": ["public-health"],
    "credits": 15,
    "level": 7,
    "weeks": 10,
    "hours_per_week": 15,
    "learning_outcomes": "One outcome",
    "assessment_type": "project",
    "start_mode": "cohort",
}
COMPLETION = {"key": "fl-1", "enrolment": "{partner}", "mark": 70, "completed_at": "2026-03-01T10:00:00Z"}
CLAIM = {"provider": "uol", "award": "PGCert", "uses": ["{credit0}", "{credit1}", "{credit2}", "{credit3}"]}

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
    "my_progress": Row("GET", "/api/v1/me/enrolments/{enrolment}/progress", MINE_ONLY),
    "my_results": Row("GET", "/api/v1/me/results", PEOPLE_ONLY),
    "my_credit": Row("GET", "/api/v1/me/credit", PEOPLE_ONLY),
    "my_award_options": Row("GET", "/api/v1/me/award-options", PEOPLE_ONLY),
    "my_credentials": Row("GET", "/api/v1/me/credentials", PEOPLE_ONLY),
    "my_credential_document": Row("GET", "/api/v1/me/credentials/{credential}", MINE_ONLY),
    "my_claims": Row("GET", "/api/v1/me/claims", PEOPLE_ONLY),
    "claim_create": Row("POST", "/api/v1/me/claims", (401, 201, 404, 404, 404, 401, 401), body=CLAIM),
    "my_tokens": Row("GET", "/api/v1/me/tokens", PEOPLE_ONLY),
    "token_create": Row(
        "POST", "/api/v1/me/tokens", (401, 201, 201, 201, 201, 401, 401), body={"name": "new"}
    ),
    "token_revoke": Row("DELETE", "/api/v1/me/tokens/{learner_token}", (401, 204, 404, 404, 404, 401, 401)),
    "enrolments": Row("GET", "/api/v1/provider/enrolments", PROVIDERS_READ),
    "api_keys": Row("GET", "/api/v1/provider/api-keys", (401, 403, 403, 200, 200, 403, 403)),
    "api_key_create": Row(
        "POST", "/api/v1/provider/api-keys", (401, 403, 403, 201, 201, 403, 403), body={"name": "new"}
    ),
    "api_key_revoke": Row(
        "DELETE", "/api/v1/provider/api-keys/{uol_key}", (401, 403, 403, 204, 404, 403, 403)
    ),
    "provider_microcredentials": Row("GET", "/api/v1/provider/microcredentials", PROVIDERS_READ),
    # OU's callers make their own course: a UoL assessment type is not in OU's policy, so it is refused.
    "microcredential_create": Row(
        "POST", "/api/v1/provider/microcredentials", (401, 403, 403, 201, 422, 201, 422), body=NEW_COURSE
    ),
    "microcredential_update": Row(
        "PATCH", "/api/v1/provider/microcredentials/uol-course", UOL_CHANGES, body={"title": "Renamed"}
    ),
    "cohort_create": Row(
        "POST",
        "/api/v1/provider/microcredentials/uol-course/cohorts",
        UOL_MAKES,
        body={"starts_on": "2027-05-03"},
    ),
    "cohort_update": Row("PATCH", "/api/v1/provider/cohorts/{cohort}", UOL_CHANGES, body={"capacity": 30}),
    "price_create": Row(
        "POST",
        "/api/v1/provider/microcredentials/uol-course/prices",
        UOL_MAKES,
        body={"track": "credit_bearing", "amount_minor": 5000, "effective_from": "2030-01-01"},
    ),
    "price_update": Row("PATCH", "/api/v1/provider/prices/{price}", UOL_CHANGES, body={"amount_minor": 1234}),
    "submissions": Row("GET", "/api/v1/provider/submissions", PROVIDERS_READ),
    "submission_mark": Row(
        "POST", "/api/v1/provider/submissions/{submission}/mark", UOL_CHANGES, body={"mark": 55}
    ),
    # Every provider may send completions; OU's are refused row by row (not its enrolment), changing nothing.
    "completions_issue": Row(
        "POST",
        "/api/v1/provider/completions",
        PROVIDERS_READ,
        body={"rows": [COMPLETION]},
        writers=UOL_WRITERS,
    ),
    "webhook_endpoints_list": Row("GET", "/api/v1/provider/webhooks", PROVIDERS_READ),
    "webhook_endpoint_create": Row(
        "POST",
        "/api/v1/provider/webhooks",
        (401, 403, 403, 201, 201, 403, 403),
        body={"url": "https://hooks.example.org/microcred", "events": ["credential.issued"]},
    ),
    "webhook_endpoint_disable": Row(
        "DELETE", "/api/v1/provider/webhooks/{webhook}", (401, 403, 403, 204, 404, 403, 403)
    ),
    "webhook_deliveries": Row("GET", "/api/v1/provider/webhooks/deliveries", PROVIDERS_READ),
    "webhook_redeliver": Row(
        "POST",
        "/api/v1/provider/webhooks/redeliveries",
        (401, 403, 403, 404, 404, 404, 404),
        body={"delivery": 2**31 - 1},
    ),
}


def test_every_endpoint_is_in_the_matrix() -> None:
    schema = api.get_openapi_schema()
    operations = {
        operation["operationId"] for path in schema["paths"].values() for operation in path.values()
    }
    assert operations == set(MATRIX)


def _rows(model: Any, *fields: str) -> list[tuple[Any, ...]]:
    return sorted(model.objects.values_list("pk", *fields))


def _state() -> dict[str, list[tuple[Any, ...]]]:
    """Every table an endpoint writes, with the fields it changes."""
    return {
        "tokens": _rows(PersonalAccessToken, "revoked_at"),
        "keys": _rows(ApiKey, "revoked_at"),
        "courses": _rows(Microcredential, "title", "is_published"),
        "cohorts": _rows(Cohort, "starts_on", "capacity"),
        "prices": _rows(Price, "amount_minor", "effective_from", "effective_to"),
        "catalog_changes": _rows(CatalogChange),
        "submissions": _rows(Submission, "status", "mark", "version"),
        "mark_events": _rows(MarkEvent),
        "credits": _rows(Credit),
        "completions": _rows(ExternalCompletion),
        "credentials": _rows(Credential, "is_revoked"),
        "claims": _rows(AwardClaim, "status"),
        "webhooks": _rows(WebhookEndpoint, "is_active"),
    }


@pytest.fixture
def world(
    learner, other_learner, uol_registry, ou_registry, settings, time_machine, tmp_path
) -> dict[str, object]:
    credentials_settings(settings)
    settings.MEDIA_ROOT = tmp_path / "media"
    time_machine.move_to(at(2026, 3, 2, 9), tick=False)
    uol_course = course("uol", start_mode=StartMode.COHORT)
    enrolment = enrolment_for(learner, uol_course)
    cohort = CohortFactory(microcredential=uol_course)
    price = PriceFactory(microcredential=uol_course, effective_to=at(2026, 12, 31).date())
    badge = badge_for(learner)
    credits = credits_for(learner, {"Data Science": 4})
    waiting = submit_file(enrolment_for(UserFactory(email="marked@example.org"), uol_course))
    partner = enrolment_for(UserFactory(email="partner@example.org"), uol_course)
    uol_key = services.api_key_create(provider=uol_registry.provider, name="uol", actor=uol_registry)
    ou_key = services.api_key_create(provider=ou_registry.provider, name="ou", actor=ou_registry)
    token = services.personal_access_token_create(user=learner, name="learner's")
    webhook = endpoint_create(
        provider=uol_registry.provider,
        url="https://hooks.example.org/uol",
        # Subscribed to what no row here does, so no call sends anything out of the machine.
        events=[WebhookEvent.AWARD_CONFERRED],
        actor=uol_registry,
    ).endpoint
    ids = {
        "learner_token": token.record.pk,
        "uol_key": uol_key.record.pk,
        "enrolment": enrolment.public_id,
        "credential": badge.public_id,
        "cohort": cohort.pk,
        "price": price.pk,
        "submission": waiting.public_id,
        "partner": partner.public_id,
        "webhook": webhook.pk,
        **{f"credit{number}": credit.public_id for number, credit in enumerate(credits)},
    }
    return {
        "people": {
            "learner": learner,
            "other_learner": other_learner,
            "uol_registry": uol_registry,
            "ou_registry": ou_registry,
        },
        "keys": {"uol_key": uol_key.secret, "ou_key": ou_key.secret},
        "ids": ids,
    }


def _filled(value: Any, ids: dict[str, object]) -> Any:
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, list):
        return [_filled(item, ids) for item in value]
    if isinstance(value, dict):
        return {key: _filled(item, ids) for key, item in value.items()}
    return value


def _call(world: dict, caller: str, row: Row):
    client, headers = Client(), {}
    if caller in world["people"]:
        client.force_login(world["people"][caller])
    if caller in world["keys"]:
        headers["X-Api-Key"] = world["keys"][caller]
    path = row.path.format(**world["ids"])
    if row.body is None:
        return client.generic(row.method, path, headers=headers)
    body = json.dumps(_filled(row.body, world["ids"]))
    return client.generic(row.method, path, data=body, content_type="application/json", headers=headers)


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_access_matrix(world, endpoint: str, caller: str, django_capture_on_commit_callbacks) -> None:
    row = MATRIX[endpoint]
    expected = row.statuses[CALLERS.index(caller)]
    before = _state()

    with django_capture_on_commit_callbacks(execute=True):
        response = _call(world, caller, row)

    assert response.status_code == expected, response.content
    if expected >= 400:
        assert set(response.json()) == {"code", "message", "details"}
    if not row.may_change(caller, expected):
        assert _state() == before
