"""A learner's own data: enrolments, results (R-AS5: the mark only where the policy shows it), credentials and
personal access tokens."""

import datetime as dt

from ninja import Field, Schema


class CourseRef(Schema):
    provider: str
    slug: str
    title: str


class EnrolmentOut(Schema):
    public_id: str
    microcredential: CourseRef
    track: str
    status: str
    registered_on: dt.date
    access_starts_on: dt.date
    registration_expires_on: dt.date | None


class ResultOut(Schema):
    enrolment: str = Field(description="The enrolment's public id.")
    attempt_number: int
    outcome: str
    mark: int | None = Field(description="Left out (null) where the provider's policy withholds it (R-AS5).")
    text: str


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=100)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


class TokenCreatedOut(TokenOut):
    secret: str = Field(description="Shown this once; only its hash is kept.")
