"""What a provider's systems and registry officers see and send: their enrolments and API keys, the
submissions their marking system marks, and completions from a partner platform to issue badges for."""

import datetime as dt
import uuid
from typing import Annotated

from ninja import Field, Schema

from microcred.api.schemas.common import MAX_ID, PRINTABLE, Name, PlainText, TextDateTime
from microcred.api.schemas.learner import CourseRef
from microcred.assessment.models import SubmissionStatus
from microcred.credentials.services_completions import CompletionOutcome


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
    name: Name


class ApiKeyOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


class ApiKeyCreatedOut(ApiKeyOut):
    secret: str = Field(description="Shown this once; only its hash is kept.")


class SubmissionFilters(Schema):
    status: SubmissionStatus | None = Field(None, description="Only submissions in this state.")
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(50, ge=1, le=100)


class ProviderSubmissionOut(Schema):
    """A submission as the provider's staff and marking system see it (the mark included: R-AS5 is about
    what the learner sees)."""

    public_id: str
    enrolment: str = Field(description="The enrolment's public id.")
    learner_email: str
    microcredential: CourseRef
    attempt_number: int
    status: str
    submitted_at: dt.datetime
    mark: int | None
    grade: str
    needs_moderation: bool
    version: int = Field(description="Send it back as `expected_version` to refuse marking over a change.")


class ProviderSubmissionPage(Schema):
    items: list[ProviderSubmissionOut]
    next: str | None


class MarkIn(Schema):
    mark: int = Field(strict=True, ge=0, le=100, description="R-AS4: a whole number from 0 to 100.")
    feedback: Annotated[PlainText, Field(max_length=10_000)] = ""
    expected_version: int | None = Field(
        None,
        strict=True,
        ge=1,
        le=MAX_ID,
        description="When given, the mark is refused (409) if the submission changed.",
    )


class CompletionIn(Schema):
    key: Annotated[str, Field(min_length=1, max_length=100, pattern=PRINTABLE)] = Field(
        description="The caller's own id of this completion: the same key again issues nothing more."
    )
    enrolment: uuid.UUID = Field(description="The enrolment's public id.")
    mark: int = Field(
        strict=True, ge=0, le=100, description="The mark the partner gave; only a pass is recorded."
    )
    completed_at: TextDateTime


class CompletionsIn(Schema):
    rows: list[CompletionIn] = Field(min_length=1, max_length=500)


class CompletionOut(Schema):
    key: str
    outcome: CompletionOutcome
    credit: str | None = Field(description="The public id of the learner's credit.")
    credential: str | None = Field(
        description="The badge's public id; null while it is being signed (it is, after this answer)."
    )
    code: str = Field(description="Why a row was refused, as a stable code; empty otherwise.")
    reason: str


class CompletionsOut(Schema):
    results: list[CompletionOut]
    issued: int
    already_issued: int
    refused: int
