"""Outbound webhooks, the credential and award events: a badge issued alone or in a batch, a revocation by
an officer or by the platform, and a conferred award, each announced by the service that makes it."""

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest
import time_machine
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.api.test_api_webhooks import (
    RELEASED_AT,
    endpoint_for,
    event_id,
    release,
    team_of,
    webhook_settings,
)
from tests.awards.awards_builders import credits_for, ids

from microcred.accounts.models import User
from microcred.api.models import WebhookDelivery, WebhookEvent
from microcred.awards.services import award_claim, award_confer
from microcred.catalog.models import Provider
from microcred.credentials import services as credential_services
from microcred.credentials.models import Credential

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _webhook_settings(settings: SettingsWrapper, tmp_path: Path) -> None:
    webhook_settings(settings, tmp_path)


@pytest.fixture
def uol_team(db: None, uol_registry: User) -> dict[str, User]:
    return team_of(uol_registry)


def test_an_issued_badge_is_announced_by_the_issuance_service(
    learner: User, uol_team: dict[str, User]
) -> None:
    # given
    endpoint_for(uol_team["registry"], events=(WebhookEvent.CREDENTIAL_ISSUED,))
    with time_machine.travel(RELEASED_AT, tick=False):
        released = release(learner, uol_team)
    assert released.credit is not None
    # when
    with time_machine.travel(RELEASED_AT + dt.timedelta(minutes=5), tick=False):
        badge = credential_services.credential_issue_for_credit(credit_id=released.credit.pk)
    # then
    [delivery] = WebhookDelivery.objects.all()
    assert delivery.payload == {
        "id": event_id("credential.issued", badge.public_id),
        "type": "credential.issued",
        "created_at": "2026-03-02T10:05:00+00:00",
        "provider": "uol",
        "data": {
            "credential": str(badge.public_id),
            "kind": "badge",
            "title": badge.title,
            "learner_email": "learner@example.org",
            "credit": str(released.credit.public_id),
            "enrolment": str(released.submission.enrolment.public_id),
            "issued_at": "2026-03-02T10:05:00+00:00",
            "verification_url": f"https://microcred.example/credentials/{badge.public_id}",
        },
    }


@time_machine.travel(RELEASED_AT, tick=False)
def test_badges_issued_in_a_batch_are_announced_one_event_each(
    learner: User, uol_team: dict[str, User]
) -> None:
    endpoint_for(uol_team["registry"], events=(WebhookEvent.CREDENTIAL_ISSUED,))
    credits = credits_for(learner, {"Data Science": 2})

    summary = credential_services.credentials_issue_pending()

    assert summary.issued == 2
    badges = Credential.objects.filter(credit__in=credits)
    assert sorted(WebhookDelivery.objects.values_list("event_id", flat=True)) == sorted(
        uuid.UUID(event_id("credential.issued", badge.public_id)) for badge in badges
    )


@time_machine.travel(RELEASED_AT, tick=False)
def test_a_revocation_is_announced_with_its_reason_and_not_its_note(
    learner: User, uol_team: dict[str, User]
) -> None:
    # given
    released = release(learner, uol_team)
    assert released.credit is not None
    badge = credential_services.credential_issue_for_credit(credit_id=released.credit.pk)
    endpoint_for(uol_team["registry"], events=(WebhookEvent.CREDENTIAL_REVOKED,))
    # when
    credential_services.credential_revoke(
        public_id=badge.public_id,
        officer=uol_team["registry"],
        reason="misconduct",
        note="Copied the report.",
    )
    # then
    [delivery] = WebhookDelivery.objects.all()
    assert delivery.payload["type"] == "credential.revoked"
    assert delivery.payload["id"] == event_id("credential.revoked", badge.public_id)
    assert (delivery.payload["data"]["reason"], delivery.payload["data"]["revoked_at"]) == (
        "misconduct",
        "2026-03-02T10:00:00+00:00",
    )
    assert "Copied" not in json.dumps(delivery.payload)


@time_machine.travel(RELEASED_AT, tick=False)
def test_a_refund_revocation_by_the_platform_is_announced_too(
    learner: User, uol_team: dict[str, User]
) -> None:
    released = release(learner, uol_team)
    assert released.credit is not None
    badge = credential_services.credential_issue_for_credit(credit_id=released.credit.pk)
    endpoint_for(uol_team["registry"], events=(WebhookEvent.CREDENTIAL_REVOKED,))

    credential_services.credentials_revoke_for_enrolment(
        enrolment_id=released.submission.enrolment_id, note="Refunded"
    )

    [delivery] = WebhookDelivery.objects.all()
    assert (delivery.payload["data"]["credential"], delivery.payload["data"]["reason"]) == (
        str(badge.public_id),
        "refund",
    )


@time_machine.travel(RELEASED_AT, tick=False)
def test_a_conferred_award_is_announced(learner: User, uol_registry: User) -> None:
    # given
    endpoint_for(uol_registry, events=(WebhookEvent.AWARD_CONFERRED,))
    credits = credits_for(learner, {"Data Science": 4})
    claim = award_claim(
        learner=learner, provider=Provider.objects.get(slug="uol"), award="PGCert", credit_ids=ids(credits)
    )
    # when
    award_confer(officer=uol_registry, claim_id=claim.pk)
    # then
    [delivery] = WebhookDelivery.objects.all()
    assert delivery.payload == {
        "id": event_id("award.conferred", claim.pk),
        "type": "award.conferred",
        "created_at": "2026-03-02T10:00:00+00:00",
        "provider": "uol",
        "data": {
            "award_claim": claim.pk,
            "learner_email": "learner@example.org",
            "award": "PGCert",
            "title": "PGCert in Data Science",
            "credits": 60,
            "conferred_at": "2026-03-02T10:00:00+00:00",
            "supersedes": [],
        },
    }
