"""Reads of the catalogue: the list page query, a course with everything its page shows, prices in force."""

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce

from microcred.catalog.models import (
    Cohort,
    CourseSet,
    CourseSetMember,
    Microcredential,
    Price,
    Provider,
    Qualification,
    QualificationMapping,
    QualificationRestriction,
    Review,
    Subject,
)
from microcred.catalog.search import search
from microcred.rules.cmf import CmfCourse
from microcred.rules.policy import Policy
from microcred.rules.starts import CourseStart
from microcred.rules.starts import StartMode as RuleStartMode


class CatalogSort(enum.StrEnum):
    RELEVANCE = "relevance"
    TITLE = "title"
    PRICE = "price"
    CREDITS = "credits"
    NEWEST = "newest"


@dataclass(frozen=True)
class CatalogQuery:
    """What a learner asked the catalogue for (R-CA6); empty values mean "any"."""

    text: str = ""
    provider: str = ""
    subject: str = ""
    level: int | None = None
    credits: int | None = None
    price_max_minor: int | None = None
    start_mode: str = ""
    form_of_participation: str = ""
    qualification: int | None = None
    sort: CatalogSort | None = None

    @property
    def effective_sort(self) -> CatalogSort:
        """The order asked for; by default, and for "best match" without words, relevance or title."""
        has_text = bool(self.text.strip())
        if self.sort is None or (self.sort is CatalogSort.RELEVANCE and not has_text):
            return CatalogSort.RELEVANCE if has_text else CatalogSort.TITLE
        return self.sort


@dataclass(frozen=True)
class Rating:
    """R-CA5: the average of a course's stars (one decimal) and how many reviews it has."""

    average: float | None
    count: int


def _in_force(day: dt.date) -> Q:
    return Q(effective_from__lte=day) & (Q(effective_to__isnull=True) | Q(effective_to__gte=day))


def catalog_search(query: CatalogQuery, *, today: dt.date) -> QuerySet[Microcredential]:
    """Published microcredentials matching ``query``, in the order asked (R-CA6). Only what the order needs
    is computed here, so paging through ten thousand courses stays cheap; ``catalog_rows`` then reads the
    courses of one page in full."""
    courses = _filtered(Microcredential.objects.filter(is_published=True), query, today)
    if query.text.strip():
        courses = search(courses, query.text)
    sort = query.effective_sort
    if sort is CatalogSort.PRICE:
        courses = courses.alias(price_from_minor=_lowest_price_in_force(today, "amount_minor"))
    return courses.order_by(*_ordering(sort))


def catalog_rows(ids: Sequence[int], *, today: dt.date) -> list[Microcredential]:
    """The courses of one catalogue page, in the order of ``ids``, each with its provider and primary
    subject and annotated with the lowest price in force, the rating and the next cohort start: one query
    whatever the page size."""
    courses = Microcredential.objects.filter(pk__in=ids).select_related("provider", "primary_subject")
    by_id = {course.pk: course for course in _annotated(courses, today)}
    return [by_id[pk] for pk in ids if pk in by_id]


def _filtered(
    courses: QuerySet[Microcredential], query: CatalogQuery, today: dt.date
) -> QuerySet[Microcredential]:
    exact = {
        "provider__slug": query.provider,
        "level": query.level,
        "credits": query.credits,
        "start_mode": query.start_mode,
        "form_of_participation": query.form_of_participation,
    }
    courses = courses.filter(**{field: value for field, value in exact.items() if value not in ("", None)})
    if query.subject:
        courses = courses.filter(subjects__slug=query.subject)
    if query.qualification is not None:
        courses = courses.filter(_counts_towards(query.qualification, today))
    if query.price_max_minor is not None:
        # The lowest price in force is at most the maximum exactly when some price in force is.
        affordable = Price.objects.filter(
            _in_force(today), microcredential=OuterRef("pk"), amount_minor__lte=query.price_max_minor
        )
        courses = courses.filter(Exists(affordable))
    return courses


def _counts_towards(qualification_id: int, today: dt.date) -> Q:
    # A qualification that lists the course (R-AW6), or a master's its set exempts credit of (R-AW5).
    listed = QualificationMapping.objects.filter(
        _in_force(today), qualification_id=qualification_id, microcredential=OuterRef("pk")
    )
    in_set = CourseSetMember.objects.filter(
        microcredential=OuterRef("pk"), course_set__related_programmes=qualification_id
    )
    return Q(Exists(listed)) | Q(Exists(in_set))


def _lowest_price_in_force(today: dt.date, column: str) -> Subquery:
    prices = Price.objects.filter(_in_force(today), microcredential=OuterRef("pk")).order_by(
        "amount_minor", "id"
    )
    return Subquery(prices.values(column)[:1])


def _price_count_in_force(today: dt.date) -> Subquery:
    prices = Price.objects.filter(_in_force(today), microcredential=OuterRef("pk")).order_by()
    return Subquery(prices.values("microcredential").annotate(value=Count("id")).values("value"))


def _review_stat(aggregate: Avg | Count) -> Subquery:
    per_course = Review.objects.filter(microcredential=OuterRef("pk")).order_by().values("microcredential")
    return Subquery(per_course.annotate(value=aggregate).values("value"))


def _annotated(courses: QuerySet[Microcredential], today: dt.date) -> QuerySet[Microcredential]:
    next_cohort = Cohort.objects.filter(microcredential=OuterRef("pk"), starts_on__gte=today).order_by(
        "starts_on"
    )
    return courses.annotate(
        price_from_minor=_lowest_price_in_force(today, "amount_minor"),
        price_currency=_lowest_price_in_force(today, "currency"),
        price_count=Coalesce(_price_count_in_force(today), Value(0), output_field=IntegerField()),
        rating_average=_review_stat(Avg("stars")),
        review_count=Coalesce(_review_stat(Count("id")), Value(0), output_field=IntegerField()),
        next_start=Subquery(next_cohort.values("starts_on")[:1]),
    )


def _ordering(sort: CatalogSort) -> tuple[str | OrderBy, ...]:
    return {
        CatalogSort.RELEVANCE: (F("relevance").desc(), "title", "id"),
        CatalogSort.TITLE: ("title", "id"),
        CatalogSort.PRICE: (F("price_from_minor").asc(nulls_last=True), "title", "id"),
        CatalogSort.CREDITS: ("credits", "title", "id"),
        CatalogSort.NEWEST: ("-created_at", "-id"),
    }[sort]


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The options of the catalogue's provider, subject, credits and qualification filters."""
    published = Microcredential.objects.filter(is_published=True)
    credits = published.order_by("credits").values_list("credits", flat=True).distinct()
    qualifications = Qualification.objects.select_related("provider").order_by("provider__name", "title")
    return {
        "provider": [(p.slug, p.name) for p in Provider.objects.order_by("name")],
        "subject": [(s.slug, s.name) for s in Subject.objects.order_by("name")],
        "credits": [(str(value), f"{value} credits") for value in credits],
        "qualification": [(str(q.pk), f"{q.title} ({q.provider.name})") for q in qualifications],
    }


def course_for_page(*, provider_slug: str, slug: str) -> Microcredential:
    """A published course with its subjects; raises Microcredential.DoesNotExist."""
    return (
        Microcredential.objects.select_related("provider", "primary_subject")
        .prefetch_related("subjects")
        .get(provider__slug=provider_slug, slug=slug, is_published=True)
    )


def prices_in_force(microcredential: Microcredential, *, on: dt.date) -> list[Price]:
    return list(microcredential.prices.filter(_in_force(on)).order_by("amount_minor", "track"))


def price_in_force(*, microcredential_id: int, track: str, on: dt.date) -> Price | None:
    """The price of a track on a day (R-EN2), or None when the course has no price for it then."""
    prices = Price.objects.filter(_in_force(on), microcredential_id=microcredential_id, track=track)
    return prices.order_by("-effective_from").first()


def upcoming_cohort_starts(microcredential: Microcredential, *, today: dt.date) -> tuple[dt.date, ...]:
    starts = microcredential.cohorts.filter(starts_on__gte=today).order_by("starts_on")
    return tuple(starts.values_list("starts_on", flat=True))


def course_start_of(microcredential: Microcredential, *, cohort_starts: Sequence[dt.date]) -> CourseStart:
    """R-CA2: how the course starts, for ``rules.starts.booking_decision``. ``cohort_starts`` are the dates
    the caller read (all, or the upcoming ones)."""
    return CourseStart(
        mode=RuleStartMode(microcredential.start_mode),
        cohort_starts=tuple(cohort_starts),
        release_date=microcredential.release_date,
    )


def cmf_course_of(
    microcredential: Microcredential, *, policy: Policy, counts_towards_degree: bool
) -> CmfCourse:
    """R-CA4: what the CMF check needs of a course. Every pass is recorded on a transcript with outcomes,
    hours, EQF level and credits (R-CD2), so the platform always issues one."""
    return CmfCourse(
        credits=microcredential.credits,
        level=microcredential.level,
        counts_towards_degree=counts_towards_degree,
        has_credit_bearing_summative_assessment=any(track.credit_bearing for track in policy.tracks)
        and any(kind.id == microcredential.assessment_type for kind in policy.assessment.types),
        verifies_identity_at_assessment=microcredential.identity_verified_at_assessment,
        issues_transcript=True,
        stated_hours=microcredential.stated_hours,
    )


def qualification_mappings_in_force(
    microcredential: Microcredential, *, on: dt.date
) -> list[QualificationMapping]:
    mappings = microcredential.qualification_mappings.filter(_in_force(on)).select_related("qualification")
    return list(mappings.order_by("qualification__title"))


def restrictions_of(
    microcredential: Microcredential, *, qualification_ids: Sequence[int]
) -> list[QualificationRestriction]:
    """R-AW6: the restrictions of these qualifications that involve the course, either way round."""
    if not qualification_ids:
        return []
    involving = Q(microcredential=microcredential) | Q(excludes_microcredential=microcredential)
    restrictions = QualificationRestriction.objects.filter(involving, qualification_id__in=qualification_ids)
    related = ("qualification", "microcredential", "excludes_microcredential")
    return list(restrictions.select_related(*related).order_by("qualification__title", "pk"))


def course_sets_of(microcredential: Microcredential) -> list[CourseSet]:
    """The sets the course belongs to (R-AW5), each with its members in order and its related programmes."""
    members = CourseSetMember.objects.select_related("microcredential__provider").order_by("position")
    return list(
        CourseSet.objects.filter(members__microcredential=microcredential)
        .prefetch_related(Prefetch("members", queryset=members), "related_programmes")
        .order_by("name")
    )


def rating_of(microcredential: Microcredential) -> Rating:
    stats = microcredential.reviews.aggregate(average=Avg("stars"), count=Count("id"))
    average = None if stats["average"] is None else round(float(stats["average"]), 1)
    return Rating(average=average, count=stats["count"])


def recent_reviews(microcredential: Microcredential, *, limit: int = 10) -> list[Review]:
    return list(microcredential.reviews.select_related("learner").order_by("-created_at", "-id")[:limit])
