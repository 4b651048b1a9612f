"""The catalogue pages: the searchable list of courses (R-CA6) and a course's page (R-CA1, R-CA3, R-CA4)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from microcred.catalog import selectors
from microcred.catalog.course_facts import course_facts
from microcred.catalog.models import FormOfParticipation, Microcredential, StartMode
from microcred.catalog.selectors import CatalogQuery, CatalogSort
from microcred.rules.dates import long_date
from microcred.rules.money import Money, format_money

PAGE_SIZE = 20
LEVEL_CHOICES = [("", "Any level"), *((str(level), f"FHEQ level {level}") for level in range(4, 9))]
SORT_CHOICES = [
    ("", "Best match, or title"),
    (CatalogSort.RELEVANCE.value, "Best match"),
    (CatalogSort.TITLE.value, "Title, A to Z"),
    (CatalogSort.PRICE.value, "Price, lowest first"),
    (CatalogSort.CREDITS.value, "Credits, fewest first"),
    (CatalogSort.NEWEST.value, "Newest first"),
]


class FlatSelect(forms.Select):
    """A select drawn by one template, without an include per option: the filters have dozens of options
    and are drawn on every catalogue page."""

    template_name = "web/catalog/widgets/select.html"


class SearchInput(forms.TextInput):
    input_type = "search"


class CatalogFilterForm(forms.Form):
    """The catalogue's query string. Every field is optional; a bad value is reported and ignored."""

    q = forms.CharField(widget=SearchInput, label="Search", required=False, max_length=200)
    provider = forms.ChoiceField(widget=FlatSelect, label="University", required=False)
    subject = forms.ChoiceField(widget=FlatSelect, label="Subject", required=False)
    level = forms.TypedChoiceField(
        widget=FlatSelect, label="Level", required=False, choices=LEVEL_CHOICES, coerce=int, empty_value=None
    )
    credits = forms.TypedChoiceField(
        widget=FlatSelect, label="Credits", required=False, coerce=int, empty_value=None
    )
    price_max = forms.DecimalField(
        label="Maximum price (£)", required=False, min_value=Decimal(0), max_digits=7, decimal_places=2
    )
    start_mode = forms.ChoiceField(
        widget=FlatSelect,
        label="How it starts",
        required=False,
        choices=[("", "Any way"), *StartMode.choices],
    )
    form_of_participation = forms.ChoiceField(
        widget=FlatSelect,
        label="Form of participation",
        required=False,
        choices=[("", "Any form"), *FormOfParticipation.choices],
    )
    qualification = forms.TypedChoiceField(
        widget=FlatSelect, label="Counts towards", required=False, coerce=int, empty_value=None
    )
    sort = forms.ChoiceField(widget=FlatSelect, label="Sort by", required=False, choices=SORT_CHOICES)

    def __init__(self, data: Any, *, choices: dict[str, list[tuple[str, str]]]) -> None:
        super().__init__(data)
        anything = {
            "provider": "Any university",
            "subject": "Any subject",
            "credits": "Any credits",
            "qualification": "Any qualification",
        }
        for name, label in anything.items():
            self.fields[name].choices = [("", label), *choices[name]]  # type: ignore[attr-defined]

    def catalog_query(self) -> CatalogQuery:
        """The valid part of the query: invalid fields are left out of cleaned_data by is_valid()."""
        self.is_valid()
        data = self.cleaned_data
        price_max: Decimal | None = data.get("price_max")
        sort = data.get("sort")
        return CatalogQuery(
            text=data.get("q") or "",
            provider=data.get("provider") or "",
            subject=data.get("subject") or "",
            level=data.get("level"),
            credits=data.get("credits"),
            # Prices are in pence; the form asks in pounds.
            price_max_minor=None if price_max is None else int(price_max * 100),
            start_mode=data.get("start_mode") or "",
            form_of_participation=data.get("form_of_participation") or "",
            qualification=data.get("qualification"),
            sort=CatalogSort(sort) if sort else None,
        )


@dataclass(frozen=True)
class ListRow:
    """One course of the list, written out here: a template lookup per fact costs more than the query."""

    title: str
    url: str
    byline: str
    summary: str
    facts: tuple[tuple[str, str], ...]


def _price_label(course: Any) -> str:
    if course.price_from_minor is None:
        return "Not on sale"
    price = format_money(Money(course.price_from_minor, course.price_currency))
    return f"from {price}" if course.price_count > 1 else price


def _start_label(course: Any, today: dt.date) -> str:
    # R-CA2: the list shows how each course starts, and release dates still to come.
    if course.start_mode == StartMode.ANYTIME:
        return "Start any time"
    if course.start_mode == StartMode.COHORT:
        return (
            f"Next start {long_date(course.next_start)}" if course.next_start else "No start date announced"
        )
    if course.release_date > today:
        return f"Released {long_date(course.release_date)}"
    return f"Available since {long_date(course.release_date)}"


def _reviews_label(course: Any) -> str:
    if not course.review_count:
        return "No reviews yet"
    plural = "" if course.review_count == 1 else "s"
    return f"{course.rating_average:.1f} out of 5 ({course.review_count} review{plural})"


def _row(course: Any, today: dt.date) -> ListRow:
    return ListRow(
        title=course.title,
        url=reverse("catalog:course", args=[course.provider.slug, course.slug]),
        byline=f"{course.provider.name} · {course.primary_subject.name}",
        summary=course.summary,
        facts=(
            ("Credits", f"{course.credits} at FHEQ level {course.level}"),
            ("Study", f"{course.weeks} weeks × {course.hours_per_week} hours a week"),
            ("Price", _price_label(course)),
            ("Starts", _start_label(course, today)),
            ("Reviews", _reviews_label(course)),
        ),
    )


def course_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = CatalogFilterForm(request.GET, choices=selectors.filter_choices())
    query = form.catalog_query()
    matching = selectors.catalog_search(query, today=today).values_list("pk", flat=True)
    # A text search reads every course's text: take all matching ids from that one pass instead of making a
    # second to count them.
    paginator = Paginator(list(matching) if query.text.strip() else matching, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "rows": [_row(course, today) for course in selectors.catalog_rows(list(page), today=today)],
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "query": query,
        "is_filtered": any(
            value not in ("", None) for key, value in form.cleaned_data.items() if key != "sort"
        ),
    }
    return render(request, "web/catalog/list.html", context)


def course_detail(request: HttpRequest, provider_slug: str, slug: str) -> HttpResponse:
    today: dt.date = timezone.localdate()
    try:
        course = selectors.course_for_page(provider_slug=provider_slug, slug=slug)
    except Microcredential.DoesNotExist:
        raise Http404("No such course.") from None
    facts = course_facts(course, today=today)
    return render(request, "web/catalog/course.html", {"course": course, "facts": facts, "today": today})
