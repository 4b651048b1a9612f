"""Every list endpoint answers in a fixed number of queries, however many rows it lists: each is counted with
three rows, so a query per row would show as two more."""

import pytest
from tests.assessment.builders import at, course, enrolment_for, staff, submit_file
from tests.awards.awards_builders import credits_for
from tests.credentials.issuance_builders import badge_for, credentials_settings

from microcred.api import services
from microcred.assessment import services as assessment_services
from microcred.assessment.models import Submission
from microcred.common.roles import Role

pytestmark = pytest.mark.django_db

# Reading the session and its user, before any endpoint's own query.
SESSION = 2


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path) -> None:
    credentials_settings(settings)
    settings.MEDIA_ROOT = tmp_path / "media"


def _count(client, path: str, django_assert_num_queries, expected: int, **headers: str) -> list:
    client.get(path, headers=headers)
    with django_assert_num_queries(expected):
        response = client.get(path, headers=headers)
    assert response.status_code == 200
    body = response.json()
    return body["items"] if isinstance(body, dict) else body


def _released_results(learner, moderator) -> None:
    marker = staff(Role.MARKER, "uol", "marker@uol.example.org")
    for number in range(3):
        submission = submit_file(enrolment_for(learner, course("uol", slug=f"course-{number}")))
        assessment_services.submission_mark(
            submission_id=submission.pk, marker=marker, mark=55, feedback="", expected_version=1
        )
    for submission in Submission.objects.all():
        assessment_services.submission_release(submission_id=submission.pk, actor=moderator)


def test_my_enrolments(client_for, learner, django_assert_num_queries) -> None:
    for number in range(3):
        enrolment_for(learner, course("uol", slug=f"course-{number}"))

    rows = _count(client_for(learner), "/api/v1/me/enrolments", django_assert_num_queries, SESSION + 1)

    assert len(rows) == 3


def test_my_results(client_for, learner, uol_moderator, time_machine, django_assert_num_queries) -> None:
    time_machine.move_to(at(2026, 3, 2, 9), tick=False)
    _released_results(learner, uol_moderator)

    # the enrolments, then every attempt of them
    rows = _count(client_for(learner), "/api/v1/me/results", django_assert_num_queries, SESSION + 2)

    assert [row["outcome"] for row in rows] == ["pass", "pass", "pass"]


def test_my_credentials(client_for, learner, django_assert_num_queries) -> None:
    for number in range(3):
        badge_for(learner, course("uol", slug=f"course-{number}"))

    rows = _count(client_for(learner), "/api/v1/me/credentials", django_assert_num_queries, SESSION + 1)

    assert len(rows) == 3


def test_my_tokens(client_for, learner, django_assert_num_queries) -> None:
    for name in ("a", "b", "c"):
        services.personal_access_token_create(user=learner, name=name)

    rows = _count(client_for(learner), "/api/v1/me/tokens", django_assert_num_queries, SESSION + 1)

    assert [row["name"] for row in rows] == ["c", "b", "a"]


def test_my_award_options(client_for, learner, django_assert_num_queries) -> None:
    credits_for(learner, {"Data Science": 3, "Cyber Security": 3})

    # the credit with its courses, the open claims, the credits' public ids
    rows = _count(client_for(learner), "/api/v1/me/award-options", django_assert_num_queries, SESSION + 3)

    assert [option["award"] for option in rows[0]["options"]][:1] == ["PGCert"]


def test_provider_enrolments(
    api_client, learner, uol_registry, api_key_for, django_assert_num_queries
) -> None:
    for number in range(3):
        enrolment_for(learner, course("uol", slug=f"course-{number}"))
    key = api_key_for(uol_registry)

    # the key, then the page
    rows = _count(
        api_client, "/api/v1/provider/enrolments", django_assert_num_queries, 2, **{"X-Api-Key": key}
    )

    assert len(rows) == 3


def test_provider_api_keys(client_for, uol_registry, django_assert_num_queries) -> None:
    for name in ("a", "b", "c"):
        services.api_key_create(provider=uol_registry.provider, name=name, actor=uol_registry)

    # staff's authenticator check (MFA), the officer's provider, then the keys
    rows = _count(
        client_for(uol_registry), "/api/v1/provider/api-keys", django_assert_num_queries, SESSION + 3
    )

    assert [row["name"] for row in rows] == ["c", "b", "a"]
