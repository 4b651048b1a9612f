"""The catalogue: its list filters (the list page's, R-CA6), its rows and a course's facts (R-CA3, CMF)."""

import datetime as dt

from ninja import Field, Schema

from microcred.api.schemas.common import PRINTABLE, MoneyOut
from microcred.catalog.selectors import CatalogSort


class CatalogFilters(Schema):
    q: str = Field("", max_length=200, pattern=PRINTABLE, description="Words to search for.")
    provider: str = Field("", max_length=40, pattern=PRINTABLE, description="A provider's slug.")
    subject: str = Field("", max_length=80, pattern=PRINTABLE, description="A subject's slug.")
    level: int | None = Field(None, ge=4, le=8, description="FHEQ level.")
    credits: int | None = Field(None, ge=1, le=32767)
    price_max_minor: int | None = Field(None, ge=0, le=100_000_000, description="In minor units (pence).")
    start_mode: str = Field("", max_length=20, pattern=PRINTABLE)
    form_of_participation: str = Field("", max_length=20, pattern=PRINTABLE)
    qualification: int | None = Field(None, ge=1, le=2**31 - 1)
    sort: CatalogSort | None = None
    cursor: str | None = Field(
        None, max_length=200, pattern=PRINTABLE, description="The `next` of the previous page."
    )
    limit: int = Field(20, ge=1, le=100)


class CourseRow(Schema):
    provider: str
    slug: str
    title: str
    summary: str
    credits: int
    level: int
    start_mode: str
    price_from: MoneyOut | None
    price_count: int
    rating_average: float | None
    review_count: int
    next_start: dt.date | None


class CoursePage(Schema):
    items: list[CourseRow]
    next: str | None = Field(description="The cursor of the next page, or null on the last page.")


class ElementOut(Schema):
    name: str
    values: list[str]
    is_mandatory: bool


class CmfRowOut(Schema):
    name: str
    met: bool
    explanation: str


class PriceRowOut(Schema):
    track: str
    name: str
    price: str
    is_credit_bearing: bool


class CourseDetail(Schema):
    provider: str
    slug: str
    title: str
    summary: str
    description: str
    credits: int
    level: int
    ects: str
    notional_hours: int
    pass_mark: int
    grading: str
    prices: list[PriceRowOut]
    cohort_starts: list[dt.date]
    elements: list[ElementOut] = Field(description="The EU microcredential elements (R-CA3).")
    cmf: list[CmfRowOut] = Field(description="The Common Microcredential Framework criteria.")
    meets_cmf: bool
    rating_average: float | None
    review_count: int
