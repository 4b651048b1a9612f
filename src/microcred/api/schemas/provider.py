"""What a provider's systems and registry officers see: their enrolments and their API keys."""

import datetime as dt

from ninja import Field, Schema

from microcred.api.schemas.learner import CourseRef


class ProviderEnrolmentOut(Schema):
    public_id: str
    learner_email: str
    microcredential: CourseRef
    track: str
    status: str
    registered_on: dt.date


class ProviderEnrolmentPage(Schema):
    items: list[ProviderEnrolmentOut]
    next: str | None


class ApiKeyIn(Schema):
    name: str = Field(min_length=1, max_length=100)


class ApiKeyOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


class ApiKeyCreatedOut(ApiKeyOut):
    secret: str = Field(description="Shown this once; only its hash is kept.")
