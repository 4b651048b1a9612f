"""Builders of the Django-side credentials tests: a released pass's Credit made directly (marking and release
are the assessment tests' business), the badge issued for it, the settings those tests run under, and the
1EdTech schemas issued documents must meet. Holds no tests."""

import datetime as dt
import json
import uuid
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.factories.accounts import UserFactory
from tests.factories.catalog import MicrocredentialFactory, ProviderFactory, SubjectFactory

from microcred.accounts.models import User
from microcred.assessment.models import Credit, Submission, SubmissionFormat, SubmissionStatus
from microcred.catalog.models import Microcredential, StartMode
from microcred.credentials import services
from microcred.credentials.models import Credential
from microcred.enrolment.models import Enrolment, Order, OrderKind, OrderLine

SCHEMAS = Path(__file__).resolve().parent / "schema_files"
SITE_URL = "https://microcred.example"
PUBLIC_HOST = "microcred.example"
KEY_ENCRYPTION_KEY = "test-only-credentials-key-encryption-key"
LONDON = ZoneInfo("Europe/London")
ASSESSMENT_TYPES = {"uol": "project", "ou": "final_assessment", "ibers": "report"}
CREDITS = {"uol": 15, "ou": 15, "ibers": 5}
MARKS = {"pass": 55, "merit": 65, "distinction": 75}


def credentials_settings(settings: SettingsWrapper, *, did_web: bool = False) -> None:
    settings.CREDENTIALS_KEY_ENCRYPTION_KEY = KEY_ENCRYPTION_KEY
    settings.CREDENTIALS_PUBLIC_HOST = PUBLIC_HOST if did_web else ""
    settings.SITE_URL = SITE_URL
    settings.CELERY_TASK_ALWAYS_EAGER = True


def course(provider_slug: str = "uol", **overrides: Any) -> Microcredential:
    """The provider's course of that slug, made the first time it is asked for."""
    values: dict[str, Any] = {
        "provider": ProviderFactory(slug=provider_slug),
        "title": "Data Science Foundations",
        "slug": "data-science-foundations",
        "credits": CREDITS[provider_slug],
        "assessment_type": ASSESSMENT_TYPES[provider_slug],
        "start_mode": StartMode.ANYTIME,
        "primary_subject": SubjectFactory(name="Data Science"),
    }
    values |= overrides
    existing = Microcredential.objects.filter(provider=values["provider"], slug=values["slug"]).first()
    return existing or MicrocredentialFactory(**values)


def _enrolment(learner: User, microcredential: Microcredential) -> Enrolment:
    policy = microcredential.provider.policy
    order = Order.objects.create(learner=learner, kind=OrderKind.PURCHASE, idempotency_key=uuid.uuid4().hex)
    line = OrderLine.objects.create(
        order=order,
        reference=f"{microcredential.provider.slug}:{uuid.uuid4().hex}",
        microcredential=microcredential,
        provider=microcredential.provider,
        track="credit_bearing",
        amount_minor=49500,
        currency="GBP",
        policy_version=policy.version,
    )
    return Enrolment.objects.create(
        learner=learner,
        microcredential=microcredential,
        order_line=line,
        track="credit_bearing",
        policy_version=policy.version,
        registered_on=dt.date(2026, 1, 5),
        access_starts_on=dt.date(2026, 1, 5),
    )


def credit_for(
    learner: User,
    microcredential: Microcredential | None = None,
    *,
    grade: str = "merit",
    awarded_on: dt.date = dt.date(2026, 3, 12),
) -> Credit:
    """A released pass and its Credit, as the assessment release leaves them (R-CR1, R-PO1)."""
    microcredential = microcredential or course()
    enrolment = _enrolment(learner, microcredential)
    policy = microcredential.provider.policy
    released_at = dt.datetime.combine(awarded_on, dt.time(10), tzinfo=LONDON)
    submission = Submission.objects.create(
        enrolment=enrolment,
        provider=microcredential.provider,
        attempt_number=1,
        submission_format=SubmissionFormat.FILE,
        assessment_type=microcredential.assessment_type,
        submitted_at=released_at - dt.timedelta(days=7),
        policy_version=policy.version,
        status=SubmissionStatus.RELEASED,
        mark=MARKS[grade],
        grade=grade,
        released_at=released_at,
    )
    return Credit.objects.create(
        learner=learner,
        provider=microcredential.provider,
        microcredential=microcredential,
        submission=submission,
        subject=microcredential.primary_subject.name,
        credits=microcredential.credits,
        level=microcredential.level,
        awarded_on=awarded_on,
        grade=grade,
        policy_version=policy.version,
    )


def badge_for(learner: User, microcredential: Microcredential | None = None, **kwargs: Any) -> Credential:
    return services.credential_issue_for_credit(credit_id=credit_for(learner, microcredential, **kwargs).pk)


def named_learner(email: str, first_name: str, last_name: str) -> User:
    return UserFactory(email=email, first_name=first_name, last_name=last_name)


def document_of(credential: Credential) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(credential.document_json)
    return document


@cache
def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / name).read_text("utf-8"))
    return loaded


def schema_errors(document: dict[str, Any], name: str) -> list[str]:
    validator = jsonschema.Draft201909Validator(schema(name))
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(document)
    ]
