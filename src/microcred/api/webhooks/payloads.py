"""What each event says: small JSON of ids, public ids, the course, times and the outcome, read once per
event from the rows the service just wrote. The learner is named by e-mail, as the provider API does.

R-AS5: a result's mark is read through ``learner_result_of``, so where the provider's policy withholds it
(IBERS) no payload carries it, only the outcome."""

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, Final

from microcred.api.models import WebhookEvent
from microcred.assessment.models import Credit, Submission
from microcred.assessment.selectors import learner_result_of
from microcred.awards.models import AwardClaim
from microcred.credentials.models import Credential, CredentialStatusEvent
from microcred.credentials.services import verification_url
from microcred.enrolment.models import Enrolment

# Event ids are UUID 5 of the event and its subject in this namespace: a change announced twice has one id.
EVENT_NAMESPACE: Final = uuid.UUID("5b0c6f0e-3a51-4f57-9d2a-1c86c2d0e7a4")


@dataclass(frozen=True)
class Announcement:
    """One event, before it is addressed to any endpoint."""

    event: WebhookEvent
    subject: str
    provider_id: int
    provider_slug: str
    occurred_at: dt.datetime
    data: dict[str, Any]

    @property
    def event_id(self) -> uuid.UUID:
        return uuid.uuid5(EVENT_NAMESPACE, f"{self.event.value}:{self.subject}")

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.event_id),
            "type": self.event.value,
            "created_at": self.occurred_at.isoformat(),
            "provider": self.provider_slug,
            "data": self.data,
        }


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def enrolment_created(enrolment_id: int) -> Announcement:
    enrolment = Enrolment.objects.select_related("learner", "microcredential__provider", "cohort").get(
        pk=enrolment_id
    )
    course = enrolment.microcredential
    return Announcement(
        WebhookEvent.ENROLMENT_CREATED,
        str(enrolment.public_id),
        course.provider_id,
        course.provider.slug,
        enrolment.created_at,
        {
            "enrolment": str(enrolment.public_id),
            "learner_email": enrolment.learner.email,
            "microcredential": course.slug,
            "track": enrolment.track,
            "cohort_starts_on": _day(enrolment.cohort.starts_on if enrolment.cohort else None),
            "registered_on": _day(enrolment.registered_on),
            "access_starts_on": _day(enrolment.access_starts_on),
        },
    )


def result_released(submission_id: int) -> Announcement:
    submission = Submission.objects.select_related(
        "provider", "enrolment__learner", "enrolment__microcredential__provider"
    ).get(pk=submission_id)
    course = submission.enrolment.microcredential
    result = learner_result_of(submission, course.provider.policy)
    credit = Credit.objects.filter(submission=submission).values_list("public_id", flat=True).first()
    assert submission.released_at is not None
    assert result is not None
    return Announcement(
        WebhookEvent.RESULT_RELEASED,
        str(submission.public_id),
        submission.provider_id,
        submission.provider.slug,
        submission.released_at,
        {
            "submission": str(submission.public_id),
            "enrolment": str(submission.enrolment.public_id),
            "learner_email": submission.enrolment.learner.email,
            "microcredential": course.slug,
            "attempt": submission.attempt_number,
            "outcome": result.outcome.value,
            # R-AS5: None where the policy withholds the mark.
            "mark": result.mark,
            "credit": None if credit is None else str(credit),
        },
    )


def _credential_data(credential: Credential) -> dict[str, Any]:
    credit = credential.credit
    return {
        "credential": str(credential.public_id),
        "kind": credential.kind,
        "title": credential.title,
        "learner_email": credential.learner.email,
        "credit": None if credit is None else str(credit.public_id),
        "enrolment": None if credit is None else str(credit.submission.enrolment.public_id),
        "issued_at": credential.issued_at.isoformat(),
        "verification_url": verification_url(credential.public_id),
    }


def _credentials(**filters: Any) -> list[Credential]:
    """A provider's credentials only: the platform's own (transcripts) belong to no provider's endpoints."""
    return list(
        Credential.objects.select_related(
            "learner", "issuer__provider", "credit__submission__enrolment"
        ).filter(issuer__provider__isnull=False, **filters)
    )


def _credential_announcement(event: WebhookEvent, credential: Credential, **extra: Any) -> Announcement:
    provider = credential.issuer.provider
    assert provider is not None
    occurred = credential.revoked_at if event is WebhookEvent.CREDENTIAL_REVOKED else credential.issued_at
    assert occurred is not None
    return Announcement(
        event,
        str(credential.public_id),
        provider.pk,
        provider.slug,
        occurred,
        {**_credential_data(credential), **extra},
    )


def credentials_issued(public_ids: list[uuid.UUID]) -> list[Announcement]:
    return [
        _credential_announcement(WebhookEvent.CREDENTIAL_ISSUED, credential)
        for credential in _credentials(public_id__in=public_ids)
    ]


def credential_revoked(credential_id: int) -> list[Announcement]:
    credentials = _credentials(pk=credential_id, is_revoked=True)
    if not credentials:
        return []
    [credential] = credentials
    reason = (
        CredentialStatusEvent.objects.filter(credential=credential)
        .order_by("-at", "-id")
        .values_list("reason", flat=True)
        .first()
    )
    assert credential.revoked_at is not None
    return [
        _credential_announcement(
            WebhookEvent.CREDENTIAL_REVOKED,
            credential,
            reason=reason,
            revoked_at=credential.revoked_at.isoformat(),
        )
    ]


def award_conferred(claim_id: int) -> Announcement:
    claim = AwardClaim.objects.select_related("learner", "provider").get(pk=claim_id)
    assert claim.decided_at is not None
    return Announcement(
        WebhookEvent.AWARD_CONFERRED,
        str(claim.pk),
        claim.provider_id,
        claim.provider.slug,
        claim.decided_at,
        {
            "award_claim": claim.pk,
            "learner_email": claim.learner.email,
            "award": claim.award,
            "title": claim.title,
            "credits": claim.credits,
            "conferred_at": claim.decided_at.isoformat(),
            "supersedes": sorted(claim.supersedes.values_list("pk", flat=True)),
        },
    )
