"""A provider's systems (``X-Api-Key``) and registry officers (session): the provider's own data only.
Another provider's enrolments, submissions and courses are never found (404) and nothing of theirs changes."""

import uuid
from collections import Counter
from typing import Annotated

from django.http import HttpRequest
from ninja import Field as SchemaField
from ninja import Path, Query, Router, Schema, Status

from microcred.api import services
from microcred.api.auth import PROVIDER_AUTH, caller_provider, provider_caller, registry_officer
from microcred.api.errors import ApiError
from microcred.api.models import ApiKey
from microcred.api.pagination import cursor_for, position_of
from microcred.api.routers import provider_catalog
from microcred.api.schemas.common import ERRORS_SIGNED_IN, MAX_ID
from microcred.api.schemas.learner import CourseRef
from microcred.api.schemas.provider import (
    ApiKeyCreatedOut,
    ApiKeyIn,
    ApiKeyOut,
    CompletionOut,
    CompletionsIn,
    CompletionsOut,
    MarkIn,
    ProviderEnrolmentOut,
    ProviderEnrolmentPage,
    ProviderSubmissionOut,
    ProviderSubmissionPage,
    SubmissionFilters,
)
from microcred.assessment import selectors_provider as submission_selectors
from microcred.assessment.models import Submission
from microcred.assessment.services.external import submission_mark_external
from microcred.credentials import services_completions
from microcred.credentials.services_completions import CompletionOutcome, CompletionResult, CompletionRow
from microcred.enrolment.selectors import provider_enrolments

router = Router(tags=["provider"], auth=PROVIDER_AUTH)


class PageParameters(Schema):
    cursor: str | None = SchemaField(None, max_length=200)
    limit: int = SchemaField(50, ge=1, le=100)


@router.get("/enrolments", response={200: ProviderEnrolmentPage, **ERRORS_SIGNED_IN})
def enrolments(request: HttpRequest, page: Query[PageParameters]) -> ProviderEnrolmentPage:
    """The provider's enrolments, newest first."""
    start = position_of(page.cursor)
    rows = list(provider_enrolments(caller_provider(request))[start : start + page.limit + 1])
    items = [
        ProviderEnrolmentOut(
            public_id=str(enrolment.public_id),
            learner_email=enrolment.learner.email,
            microcredential=CourseRef.of(enrolment.microcredential),
            track=enrolment.track,
            status=enrolment.status,
            registered_on=enrolment.registered_on,
        )
        for enrolment in rows[: page.limit]
    ]
    has_more = len(rows) > page.limit
    return ProviderEnrolmentPage(items=items, next=cursor_for(start + page.limit) if has_more else None)


def api_key_out(key: ApiKey) -> ApiKeyOut:
    return ApiKeyOut(
        id=key.pk, name=key.name, prefix=key.prefix, created_at=key.created_at, revoked_at=key.revoked_at
    )


@router.get("/api-keys", response={200: list[ApiKeyOut], **ERRORS_SIGNED_IN})
def api_keys(request: HttpRequest) -> list[ApiKeyOut]:
    """The provider's keys (registry officers only; never the secrets)."""
    _, provider = registry_officer(request)
    return [api_key_out(key) for key in services.api_keys_of(provider)]


@router.post("/api-keys", response={201: ApiKeyCreatedOut, **ERRORS_SIGNED_IN})
def api_key_create(request: HttpRequest, payload: ApiKeyIn) -> Status[ApiKeyCreatedOut]:
    """A new key for one of the provider's systems; its secret is in this answer and nowhere else."""
    officer, provider = registry_officer(request)
    created = services.api_key_create(provider=provider, name=payload.name, actor=officer)
    return Status(201, ApiKeyCreatedOut(**api_key_out(created.record).model_dump(), secret=created.secret))


@router.delete("/api-keys/{key_id}", response={204: None, **ERRORS_SIGNED_IN})
def api_key_revoke(request: HttpRequest, key_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> Status[None]:
    _, provider = registry_officer(request)
    if not services.api_key_revoke(provider=provider, key_id=key_id):
        raise ApiError(404, "not_found", "Your provider has no live key with this id.")
    return Status(204, None)


def submission_out(submission: Submission) -> ProviderSubmissionOut:
    enrolment = submission.enrolment
    course = enrolment.microcredential
    return ProviderSubmissionOut(
        public_id=str(submission.public_id),
        enrolment=str(enrolment.public_id),
        learner_email=enrolment.learner.email,
        microcredential=CourseRef.of(course),
        attempt_number=submission.attempt_number,
        status=submission.status,
        submitted_at=submission.submitted_at,
        mark=submission.mark,
        grade=submission.grade,
        needs_moderation=submission.needs_moderation,
        version=submission.version,
    )


@router.get("/submissions", response={200: ProviderSubmissionPage, **ERRORS_SIGNED_IN})
def submissions(request: HttpRequest, filters: Query[SubmissionFilters]) -> ProviderSubmissionPage:
    """The provider's submissions, oldest first (`status=awaiting_marking`: the marking queue)."""
    provider = caller_provider(request)
    start = position_of(filters.cursor)
    found = submission_selectors.provider_submissions(provider.pk, status=filters.status)
    rows = list(found[start : start + filters.limit + 1])
    has_more = len(rows) > filters.limit
    return ProviderSubmissionPage(
        items=[submission_out(submission) for submission in rows[: filters.limit]],
        next=cursor_for(start + filters.limit) if has_more else None,
    )


@router.post("/submissions/{public_id}/mark", response={200: ProviderSubmissionOut, **ERRORS_SIGNED_IN})
def submission_mark(request: HttpRequest, public_id: uuid.UUID, payload: MarkIn) -> ProviderSubmissionOut:
    """R-AS4, R-AS7: the mark and feedback from an external marking system, with the same checks and audit
    trail as the marking page (the key or officer recorded); moderation and release follow as there.
    Sending the same mark and feedback again changes nothing."""
    caller = provider_caller(request)
    submission = submission_selectors.provider_submission(caller.provider.pk, public_id)
    if submission is None:
        raise ApiError(404, "not_found", "Your provider has no submission with this id.")
    marked = submission_mark_external(
        submission_id=submission.pk,
        provider_id=caller.provider.pk,
        actor=caller.user,
        actor_label=caller.label,
        mark=payload.mark,
        feedback=payload.feedback,
        expected_version=payload.expected_version,
    )
    reloaded = submission_selectors.provider_submission(caller.provider.pk, marked.submission.public_id)
    assert reloaded is not None
    return submission_out(reloaded)


def completion_out(result: CompletionResult) -> CompletionOut:
    return CompletionOut(
        key=result.external_key,
        outcome=result.outcome,
        credit=str(result.credit.public_id) if result.credit else None,
        credential=str(result.credential_public_id) if result.credential_public_id else None,
        code=result.code,
        reason=result.reason,
    )


@router.post("/completions", response={200: CompletionsOut, **ERRORS_SIGNED_IN})
def completions_issue(request: HttpRequest, payload: CompletionsIn) -> CompletionsOut:
    """R-CD1: badges for passes recorded elsewhere (a partner platform's completions), up to 500 at once,
    each row under the caller's own key: issued, already issued (the key or the credit was seen before),
    or refused with a code and reason. Badges are signed after the answer, by the cohort signer."""
    caller = provider_caller(request)
    rows = [
        CompletionRow(
            external_key=row.key,
            enrolment_public_id=row.enrolment,
            mark=row.mark,
            completed_at=row.completed_at,
        )
        for row in payload.rows
    ]
    results = services_completions.completions_issue(
        provider=caller.provider, rows=rows, actor=caller.user, actor_label=caller.label
    )
    counts = Counter(result.outcome for result in results)
    return CompletionsOut(
        results=[completion_out(result) for result in results],
        issued=counts[CompletionOutcome.ISSUED],
        already_issued=counts[CompletionOutcome.ALREADY_ISSUED],
        refused=counts[CompletionOutcome.REFUSED],
    )


router.add_router("", provider_catalog.router)
