"""A provider's catalogue writes: its microcredentials, their cohorts (R-CA2) and prices (R-EN2, R-EN7).

A create names every required field; an update (PATCH) names only what changes. What the policy decides
(levels, assessment types, tracks, currency) is checked by the catalogue's services and refused as 422."""

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from microcred.api.schemas.common import PRINTABLE, PlainText, TextDate
from microcred.catalog.models import FormOfParticipation, StartMode

SLUG = r"^[-a-zA-Z0-9_]+$"
SMALL = 32767
LARGE = 2**31 - 1

Slug = Annotated[str, Field(min_length=1, max_length=80, pattern=SLUG)]
Line = Annotated[str, Field(max_length=200, pattern=PRINTABLE)]
Text = Annotated[PlainText, Field(max_length=20_000)]


class MicrocredentialPatch(Schema):
    """Every field optional: only those sent are changed."""

    title: Annotated[str, Field(min_length=1, max_length=200, pattern=PRINTABLE)] | None = None
    summary: Annotated[str, Field(min_length=1, max_length=400, pattern=PRINTABLE)] | None = None
    description: Text | None = None
    delivery_partner: Line | None = None
    subjects: list[Slug] | None = Field(
        None, min_length=1, max_length=20, description="Subject slugs; the first is the primary subject."
    )
    credits: int | None = Field(None, strict=True, ge=1, le=SMALL, description="UK credits (R-CR1).")
    level: int | None = Field(None, strict=True, ge=4, le=8, description="FHEQ level (R-CR2).")
    weeks: int | None = Field(None, strict=True, ge=1, le=SMALL)
    hours_per_week: int | None = Field(None, strict=True, ge=1, le=SMALL)
    learning_outcomes: Annotated[PlainText, Field(min_length=1, max_length=20_000)] | None = Field(
        None, description="One per line."
    )
    assessment_type: Annotated[str, Field(min_length=1, max_length=40, pattern=PRINTABLE)] | None = Field(
        None, description="An assessment type id of the provider's policy."
    )
    form_of_participation: FormOfParticipation | None = None
    entry_requirements: Text | None = None
    start_mode: StartMode | None = None
    release_date: TextDate | None = None
    prerequisites: Text | None = None
    identity_verified_at_assessment: bool | None = Field(None, strict=True)
    supervision_and_identity_verification: Text | None = None
    further_information: Text | None = None
    is_published: bool | None = Field(None, strict=True)


class MicrocredentialIn(MicrocredentialPatch):
    slug: Slug = Field(description="Unique within the provider; part of the course's address.")
    title: Annotated[str, Field(min_length=1, max_length=200, pattern=PRINTABLE)]
    summary: Annotated[str, Field(min_length=1, max_length=400, pattern=PRINTABLE)]
    subjects: list[Slug] = Field(
        min_length=1, max_length=20, description="Subject slugs; the first is the primary subject."
    )
    credits: int = Field(strict=True, ge=1, le=SMALL, description="UK credits (R-CR1).")
    level: int = Field(strict=True, ge=4, le=8, description="FHEQ level (R-CR2).")
    weeks: int = Field(strict=True, ge=1, le=SMALL)
    hours_per_week: int = Field(strict=True, ge=1, le=SMALL)
    learning_outcomes: Annotated[PlainText, Field(min_length=1, max_length=20_000)] = Field(
        description="One per line."
    )
    assessment_type: Annotated[str, Field(min_length=1, max_length=40, pattern=PRINTABLE)] = Field(
        description="An assessment type id of the provider's policy."
    )
    start_mode: StartMode


class CohortPatch(Schema):
    starts_on: TextDate | None = None
    capacity: int | None = Field(None, strict=True, ge=1, le=LARGE, description="Null for no limit.")


class CohortIn(CohortPatch):
    starts_on: TextDate


class CohortOut(Schema):
    id: int
    microcredential: str = Field(description="The microcredential's slug.")
    starts_on: dt.date
    capacity: int | None


class PricePatch(Schema):
    track: Annotated[str, Field(min_length=1, max_length=40, pattern=SLUG)] | None = Field(
        None, description="A track id of the provider's policy."
    )
    amount_minor: int | None = Field(None, strict=True, ge=0, le=LARGE, description="In minor units (pence).")
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = None
    effective_from: TextDate | None = None
    effective_to: TextDate | None = Field(None, description="The last day it applies; null: until changed.")


class PriceIn(PricePatch):
    track: Annotated[str, Field(min_length=1, max_length=40, pattern=SLUG)] = Field(
        description="A track id of the provider's policy."
    )
    amount_minor: int = Field(strict=True, ge=0, le=LARGE, description="In minor units (pence).")
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "GBP"
    effective_from: TextDate


class PriceOut(Schema):
    id: int
    microcredential: str = Field(description="The microcredential's slug.")
    track: str
    amount_minor: int
    currency: str
    effective_from: dt.date
    effective_to: dt.date | None


class ProviderCourseOut(Schema):
    """A microcredential as its provider manages it, published or not, with its cohorts and prices."""

    provider: str
    slug: str
    title: str
    summary: str
    description: str
    delivery_partner: str
    subjects: list[str]
    primary_subject: str
    credits: int
    level: int
    weeks: int
    hours_per_week: int
    learning_outcomes: str
    assessment_type: str
    form_of_participation: str
    entry_requirements: str
    start_mode: str
    release_date: dt.date | None
    prerequisites: str
    identity_verified_at_assessment: bool
    supervision_and_identity_verification: str
    further_information: str
    is_published: bool
    cohorts: list[CohortOut]
    prices: list[PriceOut]


class ProviderCoursePage(Schema):
    items: list[ProviderCourseOut]
    next: str | None
