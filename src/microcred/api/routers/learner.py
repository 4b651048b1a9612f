"""A learner's own data, by session (CSRF checked on writes) or personal access token."""

import json
import uuid
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path, Router, Status

from microcred.api import services
from microcred.api.auth import LEARNER_AUTH, caller_user
from microcred.api.errors import ApiError
from microcred.api.models import PersonalAccessToken
from microcred.api.schemas.common import ERRORS_SIGNED_IN, MAX_ID
from microcred.api.schemas.credentials import CredentialOut
from microcred.api.schemas.learner import (
    AwardOptionOut,
    AwardPlanOut,
    AwardUseOut,
    ClaimIn,
    ClaimOut,
    CourseRef,
    CredentialRef,
    CreditOut,
    EnrolmentOut,
    ProgressOut,
    ResultOut,
    ShortfallOut,
    StudyPlanOut,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
    WeekProgressOut,
)
from microcred.assessment.models import Credit, Submission
from microcred.assessment.selectors import learner_result_of
from microcred.assessment.selectors_learner import submissions_of_enrolments
from microcred.awards import selectors as award_selectors
from microcred.awards import selectors_learner as learner_award_selectors
from microcred.awards import services as award_services
from microcred.awards.models import AwardClaim
from microcred.catalog.models import Provider
from microcred.credentials import selectors as credential_selectors
from microcred.credentials.services_issuers import verification_url
from microcred.enrolment.models import Enrolment
from microcred.enrolment.selectors import enrolments_of
from microcred.learning import selectors as learning_selectors

router = Router(tags=["learner"], auth=LEARNER_AUTH)


def enrolment_out(enrolment: Enrolment) -> EnrolmentOut:
    course = enrolment.microcredential
    return EnrolmentOut(
        public_id=str(enrolment.public_id),
        microcredential=CourseRef.of(course),
        track=enrolment.track,
        status=enrolment.status,
        registered_on=enrolment.registered_on,
        access_starts_on=enrolment.access_starts_on,
        registration_expires_on=enrolment.registration_expires_on,
    )


@router.get("/enrolments", response={200: list[EnrolmentOut], **ERRORS_SIGNED_IN})
def my_enrolments(request: HttpRequest) -> list[EnrolmentOut]:
    return [enrolment_out(enrolment) for enrolment in enrolments_of(caller_user(request))]


def _result_out(submission: Submission) -> ResultOut | None:
    enrolment = submission.enrolment
    # R-AS5: only what learner_result_of lets the learner see; never the stored mark itself.
    result = learner_result_of(submission, enrolment.microcredential.provider.policy)
    if result is None:
        return None
    return ResultOut(
        enrolment=str(enrolment.public_id),
        attempt_number=submission.attempt_number,
        outcome=result.outcome.value,
        mark=result.mark,
        text=result.text,
    )


@router.get("/results", response={200: list[ResultOut], **ERRORS_SIGNED_IN})
def my_results(request: HttpRequest) -> list[ResultOut]:
    """Released results of every enrolment (R-AS5: IBERS's marks are withheld)."""
    enrolments = list(enrolments_of(caller_user(request)))
    rows = (_result_out(submission) for submission in submissions_of_enrolments(enrolments))
    return [row for row in rows if row is not None]


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


@router.get("/enrolments/{public_id}/progress", response={200: ProgressOut, **ERRORS_SIGNED_IN})
def my_progress(request: HttpRequest, public_id: uuid.UUID) -> ProgressOut:
    """R-LE1: steps done of the course's steps, by week, and the study plan, as the course page shows."""
    course = learning_selectors.course_access(caller_user(request), public_id)
    if course is None:
        raise ApiError(404, "not_found", "You have no enrolment with this id.")
    outline = learning_selectors.course_outline(course)
    plan = outline.plan
    return ProgressOut(
        enrolment=str(public_id),
        has_access=course.access.has_access,
        access=course.access.reason,
        steps_done=outline.progress.done,
        steps_total=outline.progress.total,
        percent=outline.progress.percent,
        is_complete=outline.progress.is_complete,
        weeks=[
            WeekProgressOut(
                number=week.week.number,
                title=week.week.title,
                steps_done=week.progress.done,
                steps_total=week.progress.total,
            )
            for week in outline.weeks
        ],
        study_plan=StudyPlanOut(
            current_week=plan.current_week,
            weeks=plan.weeks,
            hours_per_week=plan.hours_per_week,
            total_hours=plan.total_hours,
            is_over=plan.is_over,
        ),
        next_step=outline.next_step.title if outline.next_step else None,
    )


def _credential_ref(credit: Credit) -> CredentialRef | None:
    credential = getattr(credit, "credential", None)
    if credential is None:
        return None
    return CredentialRef(
        public_id=str(credential.public_id),
        is_revoked=credential.is_revoked,
        verification_url=verification_url(credential.public_id),
    )


def _award_use(credit: Credit) -> AwardUseOut | None:
    use = getattr(credit, "award_use", None)
    if use is None:
        return None
    return AwardUseOut(claim=use.claim_id, title=use.claim.title, status=use.claim.status)


@router.get("/credit", response={200: list[CreditOut], **ERRORS_SIGNED_IN})
def my_credit(request: HttpRequest) -> list[CreditOut]:
    """ "My credit": every credit held, oldest first, with its badge and the award it counts towards."""
    return [
        CreditOut(
            public_id=str(credit.public_id),
            microcredential=CourseRef(
                provider=credit.provider.slug,
                slug=credit.microcredential.slug,
                title=credit.microcredential.title,
            ),
            subject=credit.subject,
            credits=credit.credits,
            level=credit.level,
            awarded_on=credit.awarded_on,
            grade=credit.grade,
            credential=_credential_ref(credit),
            used_for=_award_use(credit),
        )
        for credit in award_selectors.credit_held(caller_user(request))
    ]


def claim_out(claim: AwardClaim, public_ids: dict[str, uuid.UUID]) -> ClaimOut:
    return ClaimOut(
        id=claim.pk,
        provider=claim.provider.slug,
        award=claim.award,
        title=claim.title,
        credits=claim.credits,
        status=claim.status,
        claimed_at=claim.claimed_at,
        decided_at=claim.decided_at,
        reason=claim.reason,
        uses=[str(public_ids[str(pk)]) for pk in claim.chosen_credit_ids if str(pk) in public_ids],
    )


def _plan_out(plan: award_selectors.ProviderPlan, public_ids: dict[str, uuid.UUID]) -> AwardPlanOut:
    return AwardPlanOut(
        provider=plan.provider.slug,
        provider_name=plan.provider.name,
        open_claim=claim_out(plan.open_claim, public_ids) if plan.open_claim else None,
        options=[
            AwardOptionOut(
                award=option.award,
                title=option.title,
                credits=option.credits,
                uses=[str(public_ids[credit_id]) for credit_id in option.uses],
                courses=[plan.course_titles[credit_id] for credit_id in option.uses],
            )
            for option in plan.options.options
        ],
        shortfall=[
            ShortfallOut(award=item.award, credits_needed=item.credits_needed)
            for item in plan.options.shortfall
        ],
    )


@router.get("/award-options", response={200: list[AwardPlanOut], **ERRORS_SIGNED_IN})
def my_award_options(request: HttpRequest) -> list[AwardPlanOut]:
    """R-AW3: per provider with awards, every award and title the learner's credit reaches now (the
    planner of the awards page), and what the others still lack."""
    learner = caller_user(request)
    plans = award_selectors.award_plans(learner)
    credit_ids = {credit_id for plan in plans for credit_id in plan.course_titles}
    credit_ids |= {str(pk) for plan in plans if plan.open_claim for pk in plan.open_claim.chosen_credit_ids}
    public_ids = learner_award_selectors.credit_public_ids(learner, credit_ids)
    return [_plan_out(plan, public_ids) for plan in plans]


@router.get("/credentials/{public_id}", response={200: dict[str, Any], **ERRORS_SIGNED_IN})
def my_credential_document(request: HttpRequest, public_id: uuid.UUID) -> dict[str, Any]:
    """The signed document of one of my credentials (Open Badges 3.0 or CLR 2.0), exactly as signed."""
    credential = (
        credential_selectors.credentials_of_learner(caller_user(request)).filter(public_id=public_id).first()
    )
    if credential is None:
        raise ApiError(404, "not_found", "You have no credential with this id.")
    document: dict[str, Any] = json.loads(credential.document_json)
    return document


@router.get("/claims", response={200: list[ClaimOut], **ERRORS_SIGNED_IN})
def my_claims(request: HttpRequest) -> list[ClaimOut]:
    """Every award claim, newest first: awaiting the registry, conferred, refused or superseded."""
    learner = caller_user(request)
    claims = list(learner_award_selectors.claims_of_learner(learner))
    public_ids = learner_award_selectors.credit_public_ids(
        learner, {pk for claim in claims for pk in claim.chosen_credit_ids}
    )
    return [claim_out(claim, public_ids) for claim in claims]


@router.post("/claims", response={201: ClaimOut, **ERRORS_SIGNED_IN})
def claim_create(request: HttpRequest, payload: ClaimIn) -> Status[ClaimOut]:
    """R-AW3, R-AW4: claim one option of `award-options`: its provider, award and credits (`uses`)."""
    learner = caller_user(request)
    provider = Provider.objects.filter(slug=payload.provider).first()
    if provider is None:
        raise ApiError(404, "not_found", "There is no provider with this slug.", {"field": "body.provider"})
    credit_ids = learner_award_selectors.credit_ids_of(learner, payload.uses)
    if credit_ids is None:
        raise ApiError(404, "not_found", "A credit chosen is not one of yours.", {"field": "body.uses"})
    claim = award_services.award_claim(
        learner=learner, provider=provider, award=payload.award, credit_ids=credit_ids
    )
    public_ids = {str(pk): public_id for pk, public_id in zip(credit_ids, payload.uses, strict=True)}
    return Status(201, claim_out(claim, public_ids))
