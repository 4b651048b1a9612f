"""A provider's systems (``X-Api-Key``) and registry officers (session): the provider's own data only."""

from typing import Annotated

from django.http import HttpRequest
from ninja import Field as SchemaField
from ninja import Path, Query, Router, Schema, Status

from microcred.api import services
from microcred.api.auth import PROVIDER_AUTH, caller_provider, registry_officer
from microcred.api.errors import ApiError
from microcred.api.models import ApiKey
from microcred.api.pagination import cursor_for, position_of
from microcred.api.schemas.common import ERRORS_SIGNED_IN, MAX_ID
from microcred.api.schemas.learner import CourseRef
from microcred.api.schemas.provider import (
    ApiKeyCreatedOut,
    ApiKeyIn,
    ApiKeyOut,
    ProviderEnrolmentOut,
    ProviderEnrolmentPage,
)
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
            microcredential=CourseRef(
                provider=enrolment.microcredential.provider.slug,
                slug=enrolment.microcredential.slug,
                title=enrolment.microcredential.title,
            ),
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
