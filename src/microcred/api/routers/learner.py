"""A learner's own data, by session (CSRF checked on writes) or personal access token."""

from typing import Annotated

from django.http import HttpRequest
from ninja import Path, Router, Status

from microcred.api import services
from microcred.api.auth import LEARNER_AUTH, caller_user
from microcred.api.errors import ApiError
from microcred.api.models import PersonalAccessToken
from microcred.api.schemas.common import ERRORS_SIGNED_IN, MAX_ID
from microcred.api.schemas.credentials import CredentialOut
from microcred.api.schemas.learner import (
    CourseRef,
    EnrolmentOut,
    ResultOut,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
)
from microcred.assessment.selectors import learner_result_of, submissions_of_enrolment
from microcred.credentials import selectors as credential_selectors
from microcred.credentials.services_issuers import verification_url
from microcred.enrolment.models import Enrolment
from microcred.enrolment.selectors import enrolments_of

router = Router(tags=["learner"], auth=LEARNER_AUTH)


def enrolment_out(enrolment: Enrolment) -> EnrolmentOut:
    course = enrolment.microcredential
    return EnrolmentOut(
        public_id=str(enrolment.public_id),
        microcredential=CourseRef(provider=course.provider.slug, slug=course.slug, title=course.title),
        track=enrolment.track,
        status=enrolment.status,
        registered_on=enrolment.registered_on,
        access_starts_on=enrolment.access_starts_on,
        registration_expires_on=enrolment.registration_expires_on,
    )


@router.get("/enrolments", response={200: list[EnrolmentOut], **ERRORS_SIGNED_IN})
def my_enrolments(request: HttpRequest) -> list[EnrolmentOut]:
    return [enrolment_out(enrolment) for enrolment in enrolments_of(caller_user(request))]


def _results_of(enrolment: Enrolment) -> list[ResultOut]:
    policy = enrolment.microcredential.provider.policy
    rows = []
    for submission in submissions_of_enrolment(enrolment):
        # R-AS5: only what learner_result_of lets the learner see; never the stored mark itself.
        result = learner_result_of(submission, policy)
        if result is not None:
            rows.append(
                ResultOut(
                    enrolment=str(enrolment.public_id),
                    attempt_number=submission.attempt_number,
                    outcome=result.outcome.value,
                    mark=result.mark,
                    text=result.text,
                )
            )
    return rows


@router.get("/results", response={200: list[ResultOut], **ERRORS_SIGNED_IN})
def my_results(request: HttpRequest) -> list[ResultOut]:
    """Released results of every enrolment (R-AS5: IBERS's marks are withheld)."""
    return [row for enrolment in enrolments_of(caller_user(request)) for row in _results_of(enrolment)]


@router.get("/credentials", response={200: list[CredentialOut], **ERRORS_SIGNED_IN})
def my_credentials(request: HttpRequest) -> list[CredentialOut]:
    credentials = credential_selectors.credentials_of_learner(caller_user(request)).order_by(
        "-issued_at", "-id"
    )
    return [
        CredentialOut(
            public_id=str(credential.public_id),
            kind=credential.kind,
            title=credential.title,
            is_revoked=credential.is_revoked,
            issued_at=credential.issued_at,
            verification_url=verification_url(credential.public_id),
        )
        for credential in credentials
    ]


def token_out(token: PersonalAccessToken) -> TokenOut:
    return TokenOut(
        id=token.pk,
        name=token.name,
        prefix=token.prefix,
        created_at=token.created_at,
        revoked_at=token.revoked_at,
    )


@router.get("/tokens", response={200: list[TokenOut], **ERRORS_SIGNED_IN})
def my_tokens(request: HttpRequest) -> list[TokenOut]:
    return [token_out(token) for token in services.tokens_of(caller_user(request))]


@router.post("/tokens", response={201: TokenCreatedOut, **ERRORS_SIGNED_IN})
def token_create(request: HttpRequest, payload: TokenIn) -> Status[TokenCreatedOut]:
    """A new personal access token; its secret is in this answer and nowhere else, ever."""
    created = services.personal_access_token_create(user=caller_user(request), name=payload.name)
    return Status(201, TokenCreatedOut(**token_out(created.record).model_dump(), secret=created.secret))


@router.delete("/tokens/{token_id}", response={204: None, **ERRORS_SIGNED_IN})
def token_revoke(request: HttpRequest, token_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> Status[None]:
    if not services.personal_access_token_revoke(user=caller_user(request), token_id=token_id):
        raise ApiError(404, "not_found", "You have no live token with this id.")
    return Status(204, None)
