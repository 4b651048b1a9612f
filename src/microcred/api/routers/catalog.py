"""Public: the catalogue list with the list page's filters (R-CA6) and a course's facts (R-CA3, CMF)."""

from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router

from microcred.api.pagination import cursor_for, position_of
from microcred.api.schemas.catalog import (
    CatalogFilters,
    CmfRowOut,
    CourseDetail,
    CoursePage,
    CourseRow,
    ElementOut,
    PriceRowOut,
)
from microcred.api.schemas.common import ERRORS_PUBLIC, MoneyOut
from microcred.api.throttling import PublicRateThrottle
from microcred.catalog import selectors
from microcred.catalog.course_facts import course_facts
from microcred.catalog.models import Microcredential
from microcred.catalog.selectors import CatalogQuery

router = Router(tags=["catalog"], throttle=[PublicRateThrottle()])


def _query(filters: CatalogFilters) -> CatalogQuery:
    return CatalogQuery(
        text=filters.q,
        provider=filters.provider,
        subject=filters.subject,
        level=filters.level,
        credits=filters.credits,
        price_max_minor=filters.price_max_minor,
        start_mode=filters.start_mode,
        form_of_participation=filters.form_of_participation,
        qualification=filters.qualification,
        sort=filters.sort,
    )


def _row(course: Any) -> CourseRow:
    price = None
    if course.price_from_minor is not None:
        price = MoneyOut(amount_minor=course.price_from_minor, currency=course.price_currency)
    average = None if course.rating_average is None else round(float(course.rating_average), 1)
    return CourseRow(
        provider=course.provider.slug,
        slug=course.slug,
        title=course.title,
        summary=course.summary,
        credits=course.credits,
        level=course.level,
        start_mode=course.start_mode,
        price_from=price,
        price_count=course.price_count,
        rating_average=average,
        review_count=course.review_count,
        next_start=course.next_start,
    )


@router.get("/microcredentials", response={200: CoursePage, **ERRORS_PUBLIC}, auth=None)
def catalog_list(request: HttpRequest, filters: Query[CatalogFilters]) -> CoursePage:
    """Published microcredentials, filtered and sorted as on the catalogue page, a page at a time."""
    today = timezone.localdate()
    start = position_of(filters.cursor)
    ids = list(
        selectors.catalog_search(_query(filters), today=today).values_list("pk", flat=True)[
            start : start + filters.limit + 1
        ]
    )
    rows = selectors.catalog_rows(ids[: filters.limit], today=today)
    has_more = len(ids) > filters.limit
    return CoursePage(
        items=[_row(course) for course in rows], next=cursor_for(start + filters.limit) if has_more else None
    )


@router.get("/microcredentials/{provider}/{slug}", response={200: CourseDetail, **ERRORS_PUBLIC}, auth=None)
def catalog_detail(request: HttpRequest, provider: str, slug: str) -> CourseDetail:
    """A published microcredential: its EU elements, CMF criteria, prices and starts."""
    try:
        course = selectors.course_for_page(provider_slug=provider, slug=slug)
    except Microcredential.DoesNotExist:
        raise Http404 from None
    facts = course_facts(course, today=timezone.localdate())
    return CourseDetail(
        provider=course.provider.slug,
        slug=course.slug,
        title=course.title,
        summary=course.summary,
        description=course.description,
        credits=course.credits,
        level=course.level,
        ects=facts.ects,
        notional_hours=facts.notional_hours,
        pass_mark=facts.pass_mark,
        grading=facts.grading,
        prices=[PriceRowOut.model_validate(row, from_attributes=True) for row in facts.prices],
        cohort_starts=list(facts.cohort_starts),
        elements=[
            ElementOut(name=e.name, values=list(e.values), is_mandatory=e.is_mandatory)
            for e in facts.elements
        ],
        cmf=[CmfRowOut(name=c.name, met=c.met, explanation=c.explanation) for c in facts.cmf],
        meets_cmf=facts.meets_cmf,
        rating_average=facts.rating.average,
        review_count=facts.rating.count,
    )
