"""A provider's catalogue from its systems (``X-Api-Key``) or registry officers (session): its
microcredentials, their cohorts and prices, through the catalogue's services (the admin's checks, an audit
row per change). Another provider's are never found: 404, and nothing changes."""

from typing import Annotated

from django.http import HttpRequest
from ninja import Field as SchemaField
from ninja import Path, Query, Router, Schema, Status

from microcred.api.auth import PROVIDER_AUTH, ProviderCaller, provider_caller
from microcred.api.errors import ApiError
from microcred.api.pagination import cursor_for, position_of
from microcred.api.schemas.common import ERRORS_SIGNED_IN, MAX_ID
from microcred.api.schemas.provider_catalog import (
    SLUG,
    CohortIn,
    CohortOut,
    CohortPatch,
    MicrocredentialIn,
    MicrocredentialPatch,
    PriceIn,
    PriceOut,
    PricePatch,
    ProviderCourseOut,
    ProviderCoursePage,
)
from microcred.catalog import selectors_provider as selectors
from microcred.catalog import services_courses as services
from microcred.catalog.models import Cohort, Microcredential, Price

router = Router(tags=["provider catalogue"], auth=PROVIDER_AUTH)

CourseSlug = Annotated[str, Path(max_length=80, pattern=SLUG)]
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]


class PageParameters(Schema):
    cursor: str | None = SchemaField(None, max_length=200)
    limit: int = SchemaField(50, ge=1, le=100)


def _actor(caller: ProviderCaller) -> services.CatalogActor:
    return services.CatalogActor(caller.user, caller.label)


def cohort_out(cohort: Cohort, slug: str) -> CohortOut:
    return CohortOut(id=cohort.pk, microcredential=slug, starts_on=cohort.starts_on, capacity=cohort.capacity)


def price_out(price: Price, slug: str) -> PriceOut:
    return PriceOut(
        id=price.pk,
        microcredential=slug,
        track=price.track,
        amount_minor=price.amount_minor,
        currency=price.currency,
        effective_from=price.effective_from,
        effective_to=price.effective_to,
    )


def course_out(course: Microcredential) -> ProviderCourseOut:
    """From a row of ``provider_microcredentials`` (its subjects, cohorts and prices prefetched)."""
    fields = {name: getattr(course, name) for name in services.MICROCREDENTIAL_FIELDS}
    return ProviderCourseOut(
        provider=course.provider.slug,
        slug=course.slug,
        subjects=[subject.slug for subject in course.subjects.all()],
        primary_subject=course.primary_subject.slug,
        cohorts=[cohort_out(cohort, course.slug) for cohort in course.cohorts.all()],
        prices=[price_out(price, course.slug) for price in course.prices.all()],
        **fields,
    )


def _own_course(caller: ProviderCaller, slug: str) -> Microcredential:
    course = selectors.provider_microcredential(caller.provider, slug)
    if course is None:
        raise ApiError(404, "not_found", "Your provider has no microcredential with this slug.")
    return course


def _reloaded(caller: ProviderCaller, slug: str) -> ProviderCourseOut:
    return course_out(_own_course(caller, slug))


@router.get("/microcredentials", response={200: ProviderCoursePage, **ERRORS_SIGNED_IN})
def provider_microcredentials(request: HttpRequest, page: Query[PageParameters]) -> ProviderCoursePage:
    """The provider's microcredentials, published or not, by slug, with their cohorts and prices."""
    caller = provider_caller(request)
    start = position_of(page.cursor)
    rows = list(selectors.provider_microcredentials(caller.provider)[start : start + page.limit + 1])
    has_more = len(rows) > page.limit
    return ProviderCoursePage(
        items=[course_out(course) for course in rows[: page.limit]],
        next=cursor_for(start + page.limit) if has_more else None,
    )


@router.post("/microcredentials", response={201: ProviderCourseOut, **ERRORS_SIGNED_IN})
def microcredential_create(request: HttpRequest, payload: MicrocredentialIn) -> Status[ProviderCourseOut]:
    """A new microcredential of the provider (unpublished unless `is_published` says otherwise)."""
    caller = provider_caller(request)
    values = payload.model_dump(exclude_unset=True, exclude={"slug", "subjects"})
    course = services.microcredential_create(
        provider=caller.provider,
        slug=payload.slug,
        subject_slugs=payload.subjects,
        values=values,
        actor=_actor(caller),
    )
    return Status(201, _reloaded(caller, course.slug))


@router.patch("/microcredentials/{slug}", response={200: ProviderCourseOut, **ERRORS_SIGNED_IN})
def microcredential_update(
    request: HttpRequest, slug: CourseSlug, payload: MicrocredentialPatch
) -> ProviderCourseOut:
    """Change the fields sent; the others stay as they are."""
    caller = provider_caller(request)
    course = _own_course(caller, slug)
    values = payload.model_dump(exclude_unset=True, exclude={"subjects"})
    services.microcredential_update(
        microcredential=course, values=values, subject_slugs=payload.subjects, actor=_actor(caller)
    )
    return _reloaded(caller, slug)


@router.post("/microcredentials/{slug}/cohorts", response={201: CohortOut, **ERRORS_SIGNED_IN})
def cohort_create(request: HttpRequest, slug: CourseSlug, payload: CohortIn) -> Status[CohortOut]:
    """R-CA2: a start date of a microcredential with fixed start dates."""
    caller = provider_caller(request)
    course = _own_course(caller, slug)
    cohort = services.cohort_create(
        microcredential=course, starts_on=payload.starts_on, capacity=payload.capacity, actor=_actor(caller)
    )
    return Status(201, cohort_out(cohort, course.slug))


@router.patch("/cohorts/{cohort_id}", response={200: CohortOut, **ERRORS_SIGNED_IN})
def cohort_update(request: HttpRequest, cohort_id: RowId, payload: CohortPatch) -> CohortOut:
    caller = provider_caller(request)
    cohort = selectors.provider_cohort(caller.provider, cohort_id)
    if cohort is None:
        raise ApiError(404, "not_found", "Your provider has no cohort with this id.")
    values = payload.model_dump(exclude_unset=True)
    updated = services.cohort_update(cohort=cohort, values=values, actor=_actor(caller))
    return cohort_out(updated, cohort.microcredential.slug)


@router.post("/microcredentials/{slug}/prices", response={201: PriceOut, **ERRORS_SIGNED_IN})
def price_create(request: HttpRequest, slug: CourseSlug, payload: PriceIn) -> Status[PriceOut]:
    """R-EN2: a price of one track from a date; spans of one track may not overlap."""
    caller = provider_caller(request)
    course = _own_course(caller, slug)
    values = payload.model_dump()
    price = services.price_create(microcredential=course, values=values, actor=_actor(caller))
    return Status(201, price_out(price, course.slug))


@router.patch("/prices/{price_id}", response={200: PriceOut, **ERRORS_SIGNED_IN})
def price_update(request: HttpRequest, price_id: RowId, payload: PricePatch) -> PriceOut:
    caller = provider_caller(request)
    price = selectors.provider_price(caller.provider, price_id)
    if price is None:
        raise ApiError(404, "not_found", "Your provider has no price with this id.")
    values = payload.model_dump(exclude_unset=True)
    updated = services.price_update(price=price, values=values, actor=_actor(caller))
    return price_out(updated, price.microcredential.slug)
