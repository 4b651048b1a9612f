"""Builders of the awards tests: credit a learner holds, made directly as a released pass leaves it (the
marking path is the assessment tests' business)."""

import datetime as dt
import itertools

from tests.assessment.builders import at, course, enrolment_for
from tests.factories.catalog import SubjectFactory

from microcred.accounts.models import User
from microcred.assessment.models import Credit, Submission, SubmissionFormat, SubmissionStatus

_numbers = itertools.count(1)


def credit_for(
    learner: User,
    *,
    provider_slug: str = "uol",
    subject: str = "Data Science",
    awarded_on: dt.date = dt.date(2026, 3, 2),
    title: str | None = None,
) -> Credit:
    """A released pass of a fresh course of the provider, and the credit it gave."""
    number = next(_numbers)
    microcredential = course(
        provider_slug,
        slug=f"course-{number}",
        title=title or f"{subject} {number}",
        primary_subject=SubjectFactory(name=subject),
        level=7,
    )
    enrolment = enrolment_for(learner, microcredential)
    policy = microcredential.provider.policy
    submission = Submission.objects.create(
        enrolment=enrolment,
        provider=microcredential.provider,
        attempt_number=1,
        submission_format=SubmissionFormat.TEXT,
        assessment_type=microcredential.assessment_type,
        submitted_at=at(2026, 2, 2),
        policy_version=policy.version,
        text="My project.",
        status=SubmissionStatus.RELEASED,
        mark=68,
        grade="pass",
    )
    return Credit.objects.create(
        learner=learner,
        provider=microcredential.provider,
        microcredential=microcredential,
        submission=submission,
        subject=subject,
        credits=microcredential.credits,
        level=7,
        awarded_on=awarded_on,
        grade="pass",
        policy_version=policy.version,
    )


def credits_for(learner: User, subjects: dict[str, int], *, provider_slug: str = "uol") -> list[Credit]:
    """``{"Data Science": 3, "Cyber Security": 1}``: that many credits of each subject, in that order."""
    return [
        credit_for(learner, provider_slug=provider_slug, subject=subject)
        for subject, count in subjects.items()
        for _ in range(count)
    ]


def ids(credits: list[Credit]) -> list[int]:
    return [credit.pk for credit in credits]
