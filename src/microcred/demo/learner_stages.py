"""The demo learners at their stages, made through the same services a person's clicks reach.

Ben is studying (a UoL course paid through the sandbox checkout, and an IBERS course on the learning-only
track he can top up); Chloe holds four released UoL passes, each with its badge, enough for a PGCert. Only
the submission of Chloe's past attempts is written directly, because the service takes an attempt "now" and
UoL's windows are open a week a month; marking, release, credit and badges go through the services.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from microcred.accounts.models import User
from microcred.assessment import services as assessment_services
from microcred.assessment.models import Submission, SubmissionFormat, SubmissionStatus
from microcred.catalog.models import Microcredential
from microcred.common.roles import Role
from microcred.enrolment import selectors as enrolment_selectors
from microcred.enrolment import services as enrolment_services
from microcred.enrolment.models import Enrolment
from microcred.payments import services as payment_services
from microcred.payments.providers import sandbox

PAYING_CARD = "4242424242424242"
# Chloe's passes: (course slug at UoL, mark). Two subjects, 30 credits each: "PGCert in … and …".
STACKING_PASSES = (
    ("foundations-of-data-science", 68),
    ("machine-learning-in-practice", 72),
    ("cyber-security-fundamentals", 64),
    ("security-risk-management", 58),
)


@dataclass(frozen=True)
class StagesSummary:
    enrolments: int
    passes: int

    def lines(self) -> tuple[str, ...]:
        return (f"Learners: {self.enrolments} enrolments, {self.passes} released passes with their badges",)


def load_learner_stages(*, domain: str) -> StagesSummary:
    """Idempotent: a learner who already has enrolments is left as they are."""
    studying = User.objects.get(email=f"learner.studying@{domain}")
    stacking = User.objects.get(email=f"learner.stacking@{domain}")
    if not Enrolment.objects.filter(learner__in=[studying, stacking]).exists():
        _buy(studying, _courses("uol")[:1], track=None)
        _buy(studying, _courses("ibers")[:1], track="learning_only")
        passes = _courses("uol", slugs=[slug for slug, _ in STACKING_PASSES])
        _buy(stacking, passes, track=None)
        for slug, mark in STACKING_PASSES:
            _past_pass(stacking, next(course for course in passes if course.slug == slug), mark)
    return StagesSummary(
        enrolments=Enrolment.objects.filter(learner__in=[studying, stacking]).count(),
        passes=Submission.objects.filter(
            enrolment__learner=stacking, status=SubmissionStatus.RELEASED
        ).count(),
    )


def _courses(provider_slug: str, slugs: list[str] | None = None) -> list[Microcredential]:
    courses: QuerySet[Microcredential] = Microcredential.objects.filter(
        provider__slug=provider_slug, is_published=True
    ).order_by("title")
    if slugs is not None:
        courses = courses.filter(slug__in=slugs)
    return list(courses)


def _buy(learner: User, courses: list[Microcredential], *, track: str | None) -> None:
    """Cart, declarations, checkout and a sandbox card payment: the path the pages take (R-EN1, R-EN2)."""
    for course in courses:
        enrolment_services.cart_item_add(learner=learner, microcredential=course, track=track, cohort=None)
    cart = enrolment_selectors.cart_of(learner)
    declared = {(group.provider.slug, item.id) for group in cart.declarations for item in group.declarations}
    order = enrolment_services.order_place(
        learner=learner,
        idempotency_key=uuid.uuid4().hex,
        declared=declared,
        return_urls=lambda order: (f"/orders/{order.public_id}/", f"/orders/{order.public_id}/cancelled/"),
    )
    card = sandbox.sandbox_card_for(PAYING_CARD)
    if card is None or order.checkout is None:
        raise RuntimeError("the sandbox could not take the demo payment")
    body, headers = sandbox.payment_attempt_event(checkout=order.checkout, card=card)
    payment_services.provider_event_handle(provider_name="sandbox", body=body, headers=headers)


def _past_pass(learner: User, course: Microcredential, mark: int) -> None:
    enrolment = Enrolment.objects.get(learner=learner, microcredential=course)
    provider = course.provider
    submission = Submission.objects.create(
        enrolment=enrolment,
        provider=provider,
        attempt_number=1,
        submission_format=SubmissionFormat.TEXT,
        assessment_type=course.assessment_type,
        submitted_at=timezone.now() - dt.timedelta(days=1),
        policy_version=enrolment.policy_version,
        status=SubmissionStatus.AWAITING_MARKING,
        text="Demo project report.",
    )
    marker = _staff(Role.MARKER, provider.pk)
    registry = _staff(Role.REGISTRY_OFFICER, provider.pk)
    marked = assessment_services.submission_mark(
        submission_id=submission.pk,
        marker=marker,
        mark=mark,
        feedback="A clear, well-argued project.",
        expected_version=submission.version,
    )
    if marked.needs_moderation:
        assessment_services.submission_moderate(
            submission_id=marked.pk,
            moderator=_staff(Role.MODERATOR, provider.pk),
            expected_version=marked.version,
        )
    assessment_services.submission_release(submission_id=submission.pk, actor=registry)


def _staff(role: Role, provider_id: int) -> User:
    return User.objects.filter(role=role, provider_id=provider_id).order_by("pk").first() or _missing(role)


def _missing(role: Role) -> User:
    raise RuntimeError(f"the demo has no {role.label.lower()} for this provider: load the demo people first")
