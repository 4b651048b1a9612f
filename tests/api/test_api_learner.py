"""A learner's own data through the API, by session or personal access token; R-AS5: an IBERS mark appears
nowhere in the JSON."""

import re

import pytest
from tests.assessment.builders import at, course, enrolment_for, marked, staff, submit_file
from tests.credentials.issuance_builders import credentials_settings

from microcred.api.models import PersonalAccessToken
from microcred.api.services import secret_hash
from microcred.assessment import services as assessment_services
from microcred.common.roles import Role
from microcred.credentials.models import Credential

pytestmark = pytest.mark.django_db

SIXTY_THREE = re.compile(r"\b63\b")


@pytest.fixture(autouse=True)
def _uploads(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    credentials_settings(settings)


def _released(enrolment, provider_slug: str, mark: int, django_capture_on_commit_callbacks) -> None:
    marker = staff(Role.MARKER, provider_slug, f"marker@{provider_slug}.example.org")
    registry = staff(Role.REGISTRY_OFFICER, provider_slug, f"registry@{provider_slug}.example.org")
    submission = marked(submit_file(enrolment), mark, marker)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.submission_release(submission_id=submission.pk, actor=registry)


def test_r_as5_an_ibers_mark_appears_nowhere_in_the_learners_json(
    client_for, learner, time_machine, django_capture_on_commit_callbacks
) -> None:
    # given a released IBERS result of 63
    time_machine.move_to(at(2026, 3, 2), tick=False)
    enrolment = enrolment_for(learner, course("ibers"))
    _released(enrolment, "ibers", 63, django_capture_on_commit_callbacks)
    client = client_for(learner)

    # when the learner reads every one of their endpoints
    names = ["enrolments", f"enrolments/{enrolment.public_id}/progress", "results", "credit", "award-options"]
    names += ["credentials", "claims", *(f"credentials/{row.public_id}" for row in Credential.objects.all())]
    bodies = [client.get(f"/api/v1/me/{name}").content.decode() for name in names]

    # then the outcome is there and the mark is not
    results = client.get("/api/v1/me/results").json()
    assert results == [
        {
            "enrolment": str(enrolment.public_id),
            "attempt_number": 1,
            "outcome": "pass",
            "mark": None,
            "text": "Pass",
        }
    ]
    assert Credential.objects.count() == 1
    assert [SIXTY_THREE.findall(body) for body in bodies] == [[]] * 8


def test_r_as5_a_uol_learner_sees_the_mark(
    client_for, learner, time_machine, django_capture_on_commit_callbacks
) -> None:
    time_machine.move_to(at(2026, 3, 2), tick=False)
    enrolment = enrolment_for(learner, course("uol"))
    _released(enrolment, "uol", 65, django_capture_on_commit_callbacks)

    results = client_for(learner).get("/api/v1/me/results").json()

    assert [(row["outcome"], row["mark"], row["text"]) for row in results] == [("merit", 65, "Merit (65)")]


def test_my_enrolments_list_only_the_callers_own(client_for, learner, other_learner) -> None:
    mine = enrolment_for(learner, course("uol"))
    enrolment_for(other_learner, course("ou"))

    body = client_for(learner).get("/api/v1/me/enrolments").json()

    assert [row["public_id"] for row in body] == [str(mine.public_id)]
    assert body[0]["microcredential"] == {"provider": "uol", "slug": "uol-course", "title": "UOL Course"}


def test_a_personal_access_token_is_shown_once_and_only_its_hash_kept(client_for, learner) -> None:
    response = client_for(learner).post(
        "/api/v1/me/tokens", {"name": "my script"}, content_type="application/json"
    )

    assert response.status_code == 201
    secret = response.json()["secret"]
    token = PersonalAccessToken.objects.get()
    assert token.secret_hash == secret_hash(secret)
    assert secret not in {token.name, token.prefix, token.secret_hash}
    listed = client_for(learner).get("/api/v1/me/tokens").json()
    assert [set(row) for row in listed] == [{"id", "name", "prefix", "created_at", "revoked_at"}]


def test_a_bearer_token_reads_the_owners_data_until_revoked(
    client_for, learner, personal_token_for, api_client
) -> None:
    enrolment = enrolment_for(learner, course("uol"))
    secret = personal_token_for(learner)
    headers = {"Authorization": f"Bearer {secret}"}

    before = api_client.get("/api/v1/me/enrolments", headers=headers)
    revoked = client_for(learner).delete(f"/api/v1/me/tokens/{PersonalAccessToken.objects.get().pk}")
    after = api_client.get("/api/v1/me/enrolments", headers=headers)

    assert before.status_code == 200
    assert [row["public_id"] for row in before.json()] == [str(enrolment.public_id)]
    assert revoked.status_code == 204
    assert after.status_code == 401
    assert after.json()["code"] == "not_authenticated"


def test_a_learner_cannot_revoke_another_learners_token(
    client_for, learner, other_learner, personal_token_for
) -> None:
    personal_token_for(other_learner)
    token = PersonalAccessToken.objects.get()

    response = client_for(learner).delete(f"/api/v1/me/tokens/{token.pk}")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_session_writes_need_the_csrf_token(learner) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)

    response = client.post("/api/v1/me/tokens", {"name": "x"}, content_type="application/json")

    assert response.status_code == 403
    assert PersonalAccessToken.objects.count() == 0
