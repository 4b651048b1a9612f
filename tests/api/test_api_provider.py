"""Provider systems: API keys made and revoked by the provider's registry officer (only a hash kept), each
scoped to its one provider."""

import pytest
from tests.assessment.builders import course, enrolment_for

from microcred.api.models import ApiKey
from microcred.api.services import secret_hash

pytestmark = pytest.mark.django_db


def test_a_registry_officer_makes_a_key_shown_once_and_stored_as_a_hash(client_for, uol_registry) -> None:
    response = client_for(uol_registry).post(
        "/api/v1/provider/api-keys", {"name": "marking system"}, content_type="application/json"
    )

    assert response.status_code == 201
    secret = response.json()["secret"]
    key = ApiKey.objects.get()
    assert (key.provider.slug, key.name, key.created_by) == ("uol", "marking system", uol_registry)
    assert key.secret_hash == secret_hash(secret)
    assert secret not in {key.prefix, key.secret_hash}
    listed = client_for(uol_registry).get("/api/v1/provider/api-keys").json()
    assert [row["name"] for row in listed] == ["marking system"]
    assert "secret" not in listed[0]


def test_a_key_lists_its_own_providers_enrolments_only(
    api_client, uol_registry, api_key_for, learner
) -> None:
    uol_enrolment = enrolment_for(learner, course("uol"))
    enrolment_for(learner, course("ou"))

    response = api_client.get("/api/v1/provider/enrolments", headers={"X-Api-Key": api_key_for(uol_registry)})

    assert response.status_code == 200
    assert [row["public_id"] for row in response.json()["items"]] == [str(uol_enrolment.public_id)]
    assert response.json()["items"][0]["learner_email"] == "learner@example.org"


def test_a_revoked_key_is_refused(client_for, api_client, uol_registry, api_key_for) -> None:
    secret = api_key_for(uol_registry)

    revoked = client_for(uol_registry).delete(f"/api/v1/provider/api-keys/{ApiKey.objects.get().pk}")
    response = api_client.get("/api/v1/provider/enrolments", headers={"X-Api-Key": secret})

    assert revoked.status_code == 204
    assert response.status_code == 401


def test_another_providers_officer_cannot_revoke_the_key(
    client_for, uol_registry, ou_registry, api_key_for
) -> None:
    api_key_for(uol_registry)
    key = ApiKey.objects.get()

    response = client_for(ou_registry).delete(f"/api/v1/provider/api-keys/{key.pk}")

    assert response.status_code == 404
    key.refresh_from_db()
    assert key.revoked_at is None


def test_a_key_cannot_make_more_keys(api_client, uol_registry, api_key_for) -> None:
    response = api_client.post(
        "/api/v1/provider/api-keys",
        {"name": "more"},
        content_type="application/json",
        headers={"X-Api-Key": api_key_for(uol_registry)},
    )

    assert response.status_code == 403
    assert ApiKey.objects.count() == 1
