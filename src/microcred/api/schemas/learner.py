"""A learner's own data: enrolments, results (R-AS5: the mark only where the policy shows it), credentials and
personal access tokens."""

import datetime as dt
import uuid

from ninja import Field, Schema

from microcred.api.schemas.common import PRINTABLE, Name
from microcred.catalog.models import Microcredential


class CourseRef(Schema):
    provider: str
    slug: str
    title: str

    @classmethod
    def of(cls, course: Microcredential) -> "CourseRef":
        """The reference to a microcredential whose provider is loaded with it."""
        return cls(provider=course.provider.slug, slug=course.slug, title=course.title)


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
    name: Name


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


class TokenCreatedOut(TokenOut):
    secret: str = Field(description="Shown this once; only its hash is kept.")


class WeekProgressOut(Schema):
    number: int
    title: str
    steps_done: int
    steps_total: int


class StudyPlanOut(Schema):
    current_week: int
    weeks: int
    hours_per_week: int
    total_hours: int
    is_over: bool


class ProgressOut(Schema):
    """R-LE1: steps done of the course's steps, by week, and where the study plan has reached."""

    enrolment: str = Field(description="The enrolment's public id.")
    has_access: bool
    access: str = Field(description="Why the learner may, or may not, open the course today.")
    steps_done: int
    steps_total: int
    percent: int = Field(description="Rounded down: 100 only once every step is done.")
    is_complete: bool
    weeks: list[WeekProgressOut]
    study_plan: StudyPlanOut
    next_step: str | None = Field(description="The title of the first step not yet done.")


class CredentialRef(Schema):
    public_id: str
    is_revoked: bool
    verification_url: str


class AwardUseOut(Schema):
    claim: int = Field(description="The id of the claim or award the credit counts towards (R-AW4).")
    title: str
    status: str


class CreditOut(Schema):
    """A credit the learner holds (R-CR1): the credential proving it, and what it counts towards."""

    public_id: str
    microcredential: CourseRef
    subject: str
    credits: int
    level: int = Field(description="FHEQ level (R-CR2).")
    awarded_on: dt.date
    grade: str = Field(description="The outcome (pass, merit…); never a mark (R-AS5).")
    credential: CredentialRef | None = Field(description="Null while the badge is being issued.")
    used_for: AwardUseOut | None = Field(description="Null while the credit is free to count.")


class AwardOptionOut(Schema):
    award: str
    title: str
    credits: int
    uses: list[str] = Field(description="The public ids of the credits this option uses (R-AW3).")
    courses: list[str] = Field(description="The titles of those credits' courses.")


class ShortfallOut(Schema):
    award: str
    credits_needed: int


class ClaimOut(Schema):
    id: int
    provider: str
    award: str
    title: str
    credits: int
    status: str
    claimed_at: dt.datetime
    decided_at: dt.datetime | None
    reason: str = Field(description="Why it was refused, if it was.")
    uses: list[str] = Field(description="The public ids of the credits claimed.")


class AwardPlanOut(Schema):
    """R-AW3: one provider's awards: every award and title a choice of credit reaches now."""

    provider: str
    provider_name: str
    open_claim: ClaimOut | None = Field(description="A claim awaiting the registry: no other until decided.")
    options: list[AwardOptionOut]
    shortfall: list[ShortfallOut]


class ClaimIn(Schema):
    provider: str = Field(min_length=1, max_length=40, pattern=PRINTABLE, description="The provider's slug.")
    award: str = Field(min_length=1, max_length=60, pattern=PRINTABLE, description="An option's award.")
    uses: list[uuid.UUID] = Field(
        min_length=1, max_length=100, description="The credits of the chosen option (its `uses`)."
    )
