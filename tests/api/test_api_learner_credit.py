"""A learner's progress (R-LE1), credit, award options (R-AW3), credentials as JSON and claims (R-AW4) through
the API; nothing of another learner's is found, and a refused claim changes nothing."""

import datetime as dt
import json

import pytest
from tests.assessment.builders import course, enrolment_for
from tests.awards.awards_builders import credit_for, credits_for
from tests.credentials.issuance_builders import badge_for, credentials_settings
from tests.learning.factories import course_content

from microcred.awards.models import AwardClaim, AwardEvent, CreditUse
from microcred.learning.services import step_complete

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _credentials(settings) -> None:
    credentials_settings(settings)


def test_r_le1_progress_counts_the_steps_done_by_week(client_for, learner, time_machine) -> None:
    # given a course of two weeks of three steps, two steps of week 1 done, 10 days after the start
    time_machine.move_to(dt.datetime(2026, 1, 11, 12, tzinfo=dt.UTC), tick=False)
    microcredential = course("uol", weeks=2, hours_per_week=5)
    enrolment = enrolment_for(learner, microcredential)
    steps = course_content(microcredential, weeks=2, steps_per_week=3)
    for step in steps[:2]:
        step_complete(enrolment=enrolment, step=step)

    # when
    response = client_for(learner).get(f"/api/v1/me/enrolments/{enrolment.public_id}/progress")

    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["steps_done"], body["steps_total"], body["percent"], body["is_complete"]) == (
        2,
        6,
        33,
        False,
    )
    assert [(week["number"], week["steps_done"], week["steps_total"]) for week in body["weeks"]] == [
        (1, 2, 3),
        (2, 0, 3),
    ]
    assert body["study_plan"] == {
        "current_week": 2,
        "weeks": 2,
        "hours_per_week": 5,
        "total_hours": 10,
        "is_over": False,
    }
    assert body["next_step"] == steps[2].title
    assert body["has_access"] is True


def test_another_learners_progress_is_a_404(client_for, learner, other_learner) -> None:
    enrolment = enrolment_for(other_learner, course("uol"))

    response = client_for(learner).get(f"/api/v1/me/enrolments/{enrolment.public_id}/progress")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_my_credit_lists_each_credit_with_its_badge_and_what_it_counts_towards(
    client_for, learner, other_learner, django_assert_num_queries
) -> None:
    # given a credit with a badge, a credit held by a claim, and another learner's credit
    badge = badge_for(learner)
    claimed = credit_for(learner, subject="Cyber Security", awarded_on=dt.date(2026, 4, 1))
    claim = AwardClaim.objects.create(
        learner=learner, provider=claimed.provider, award="PGCert", title="PGCert in Cyber Security",
        credits=60, achievement_type="Certificate", policy_version="1", claimed_at=dt.datetime.now(dt.UTC),
    )  # fmt: skip
    CreditUse.objects.create(credit=claimed, claim=claim)
    credit_for(other_learner)
    client = client_for(learner)
    client.get("/api/v1/me/credit")  # the session is read once, outside the count

    # when: one query for the session, one for the user and one for the credit however many
    with django_assert_num_queries(3):
        response = client.get("/api/v1/me/credit")

    # then
    assert response.status_code == 200
    first, second = response.json()
    assert first["public_id"] == str(badge.credit.public_id)
    assert first["microcredential"] == {
        "provider": "uol",
        "slug": "data-science-foundations",
        "title": "Data Science Foundations",
    }
    assert (first["subject"], first["credits"], first["level"], first["awarded_on"], first["grade"]) == (
        "Data Science", 15, 7, "2026-03-12", "merit",
    )  # fmt: skip
    assert first["credential"]["public_id"] == str(badge.public_id)
    assert first["credential"]["is_revoked"] is False
    assert first["used_for"] is None
    assert second["credential"] is None
    assert second["used_for"] == {"claim": claim.pk, "title": "PGCert in Cyber Security", "status": "claimed"}


def test_r_aw3_award_options_are_the_planners_with_credit_public_ids(client_for, learner) -> None:
    credits = credits_for(learner, {"Data Science": 4})

    response = client_for(learner).get("/api/v1/me/award-options")

    assert response.status_code == 200
    [plan] = response.json()
    assert (plan["provider"], plan["open_claim"]) == ("uol", None)
    assert [(option["award"], option["title"], option["credits"]) for option in plan["options"]] == [
        ("PGCert", "PGCert in Data Science", 60)
    ]
    assert sorted(plan["options"][0]["uses"]) == sorted(str(credit.public_id) for credit in credits)
    assert [item["award"] for item in plan["shortfall"]] == ["PGDip", "Master's"]


def test_r_aw4_a_claim_of_an_option_goes_through_the_awards_service(client_for, learner) -> None:
    credits_for(learner, {"Data Science": 4})
    client = client_for(learner)
    option = client.get("/api/v1/me/award-options").json()[0]["options"][0]

    response = client.post(
        "/api/v1/me/claims",
        {"provider": "uol", "award": option["award"], "uses": option["uses"]},
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["award"], body["title"], body["status"], body["credits"]) == (
        "PGCert", "PGCert in Data Science", "claimed", 60,
    )  # fmt: skip
    assert sorted(body["uses"]) == sorted(option["uses"])
    claim = AwardClaim.objects.get()
    assert (claim.learner, claim.award, CreditUse.objects.filter(claim=claim).count()) == (
        learner,
        "PGCert",
        4,
    )
    assert list(AwardEvent.objects.values_list("kind", flat=True)) == ["claimed"]
    assert client.get("/api/v1/me/claims").json() == [body]
    assert client.get("/api/v1/me/award-options").json()[0]["open_claim"] == body


def test_a_claim_short_of_the_award_is_refused_and_changes_nothing(client_for, learner) -> None:
    credits = credits_for(learner, {"Data Science": 3})

    response = client_for(learner).post(
        "/api/v1/me/claims",
        {"provider": "uol", "award": "PGCert", "uses": [str(credit.public_id) for credit in credits]},
        content_type="application/json",
    )

    assert response.status_code == 409
    assert response.json()["code"] == "refused"
    assert (AwardClaim.objects.count(), CreditUse.objects.count(), AwardEvent.objects.count()) == (0, 0, 0)


def test_a_claim_of_another_learners_credit_is_a_404_and_changes_nothing(
    client_for, learner, other_learner
) -> None:
    theirs = credits_for(other_learner, {"Data Science": 4})

    response = client_for(learner).post(
        "/api/v1/me/claims",
        {"provider": "uol", "award": "PGCert", "uses": [str(credit.public_id) for credit in theirs]},
        content_type="application/json",
    )

    assert response.status_code == 404
    assert response.json()["details"] == {"field": "body.uses"}
    assert (AwardClaim.objects.count(), CreditUse.objects.count()) == (0, 0)


def test_my_credential_is_the_signed_document_byte_for_byte(client_for, learner) -> None:
    badge = badge_for(learner)

    response = client_for(learner).get(f"/api/v1/me/credentials/{badge.public_id}")

    assert response.status_code == 200
    assert response.json() == json.loads(badge.document_json)
    assert response.json()["proof"]["cryptosuite"] == "eddsa-rdfc-2022"


def test_another_learners_credential_is_a_404(client_for, learner, other_learner) -> None:
    badge = badge_for(other_learner)

    response = client_for(learner).get(f"/api/v1/me/credentials/{badge.public_id}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_my_claims_list_only_my_own(client_for, learner, other_learner, django_assert_num_queries) -> None:
    for person in (learner, other_learner):
        credits = credits_for(person, {"Data Science": 4})
        client_for(person).post(
            "/api/v1/me/claims",
            {"provider": "uol", "award": "PGCert", "uses": [str(credit.public_id) for credit in credits]},
            content_type="application/json",
        )
    client = client_for(learner)
    client.get("/api/v1/me/claims")

    # session, user, claims with their provider, the credits' public ids
    with django_assert_num_queries(4):
        body = client.get("/api/v1/me/claims").json()

    assert [claim["id"] for claim in body] == [AwardClaim.objects.get(learner=learner).pk]


def test_a_personal_access_token_claims_without_a_session(api_client, learner, personal_token_for) -> None:
    credits = credits_for(learner, {"Data Science": 4})
    headers = {"Authorization": f"Bearer {personal_token_for(learner)}"}

    response = api_client.post(
        "/api/v1/me/claims",
        {"provider": "uol", "award": "PGCert", "uses": [str(credit.public_id) for credit in credits]},
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == 201
    assert AwardClaim.objects.get().learner == learner
    assert len(api_client.get("/api/v1/me/credit", headers=headers).json()) == 4
