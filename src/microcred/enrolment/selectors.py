"""Reads of the enrolment app: prices in force, the cart, places left in a cohort, a learner's enrolments and
what the rules say about each (access, top-up, refund, upgrade deduction)."""

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from microcred.accounts.models import User
from microcred.accounts.selectors import is_staff_of
from microcred.catalog import selectors as catalog_selectors
from microcred.catalog.models import Cohort, Microcredential, Provider
from microcred.common.roles import Role
from microcred.enrolment.models import (
    CartItem,
    Enrolment,
    EnrolmentRefund,
    EnrolmentStatus,
    Order,
    OrderLine,
    ProgrammeAdmission,
)
from microcred.payments import selectors as payment_selectors
from microcred.payments.models import PAYABLE_STATUSES
from microcred.rules.dates import long_date
from microcred.rules.deduction import DeductionDecision, upgrade_deduction
from microcred.rules.fees import TopUpDecision, top_up_decision, track_price
from microcred.rules.money import Money, total
from microcred.rules.policy import Declaration, Policy
from microcred.rules.refunds import RefundDecision, refund_due
from microcred.rules.registration import AccessState, registration_access
from microcred.rules.starts import StartMode

# An order waiting for payment holds its cohort places this long: Stripe's shortest checkout session.
SEAT_HOLD = dt.timedelta(minutes=30)
# Enrolments that hold a place in their cohort; a refund gives it back.
SEAT_HOLDING = (EnrolmentStatus.ACTIVE, EnrolmentStatus.PAUSED)


def local_today(policy: Policy) -> dt.date:
    """Today in the provider's time zone: the day every date rule of its policy is counted in."""
    return timezone.localdate(timezone=policy.zone)


def price_of(microcredential: Microcredential, *, track: str, on: dt.date) -> Money:
    """R-EN2: the course's own price for the track on ``on``, or else its policy's track price (R-EN3)."""
    price = catalog_selectors.price_in_force(microcredential_id=microcredential.pk, track=track, on=on)
    if price is not None:
        return Money(price.amount_minor, price.currency)
    return track_price(microcredential.provider.policy, track)


@dataclass(frozen=True)
class CartRow:
    item: CartItem
    track_name: str
    price: Money


@dataclass(frozen=True)
class ProviderDeclarations:
    """R-EN1: the declarations of one provider's policy a learner must tick to buy its courses."""

    provider: Provider
    version: str
    declarations: tuple[Declaration, ...]


@dataclass(frozen=True)
class Cart:
    rows: tuple[CartRow, ...]
    declarations: tuple[ProviderDeclarations, ...]

    @property
    def total(self) -> Money | None:
        if not self.rows:
            return None
        return total((row.price for row in self.rows), self.rows[0].price.currency)


def cart_items_of(learner: AbstractBaseUser) -> QuerySet[CartItem]:
    return CartItem.objects.filter(learner_id=learner.pk).select_related(
        "microcredential__provider", "cohort"
    )


def cart_of(learner: AbstractBaseUser) -> Cart:
    """The cart with each course's price in force today, and the declarations each provider asks for."""
    rows = []
    providers: dict[int, Provider] = {}
    for item in cart_items_of(learner):
        course = item.microcredential
        policy = course.provider.policy
        track = policy.track(item.track)
        rows.append(
            CartRow(
                item=item,
                track_name=track.name if track else item.track,
                price=price_of(course, track=item.track, on=local_today(policy)),
            )
        )
        providers.setdefault(course.provider_id, course.provider)
    return Cart(rows=tuple(rows), declarations=declarations_of(providers.values()))


def declarations_of(providers: Iterable[Provider]) -> tuple[ProviderDeclarations, ...]:
    found = []
    for provider in sorted(providers, key=lambda provider: provider.name):
        policy = provider.policy
        if policy.declarations:
            found.append(ProviderDeclarations(provider, policy.declarations_version, policy.declarations))
    return tuple(found)


def seats_taken(cohort: Cohort, *, now: dt.datetime) -> int:
    """Places of a cohort held by enrolments, and by orders still waiting for payment (for ``SEAT_HOLD``)."""
    enrolled = Enrolment.objects.filter(cohort=cohort, status__in=SEAT_HOLDING).count()
    waiting = OrderLine.objects.filter(
        cohort=cohort,
        top_up_of__isnull=True,
        order__fulfilled_at__isnull=True,
        order__checkout__status__in=PAYABLE_STATUSES,
        order__created_at__gte=now - SEAT_HOLD,
    ).count()
    return enrolled + waiting


def is_cohort_full(cohort: Cohort, *, now: dt.datetime) -> bool:
    return cohort.capacity is not None and seats_taken(cohort, now=now) >= cohort.capacity


def open_cohorts(microcredential: Microcredential, *, today: dt.date) -> list[Cohort]:
    """Cohorts that can still be joined: not started and not full."""
    now = timezone.now()
    cohorts = microcredential.cohorts.filter(starts_on__gte=today).order_by("starts_on")
    return [cohort for cohort in cohorts if not is_cohort_full(cohort, now=now)]


def live_enrolment_exists(learner: AbstractBaseUser, microcredential: Microcredential) -> bool:
    return Enrolment.objects.filter(
        learner_id=learner.pk, microcredential=microcredential, status__in=SEAT_HOLDING
    ).exists()


def has_summative_submission(enrolment: Enrolment) -> bool:
    """R-EN5: whether a summative attempt of this enrolment has been made. Submissions are the assessment
    app's, which sits above enrolment (import-linter), so it answers through the function named by the setting
    ``ENROLMENT_SUMMATIVE_SUBMISSION_CHECK``, as payments reaches enrolment through its handler settings.
    Without the setting no app records submissions, so nobody can have submitted: the answer is False."""
    dotted_path: str = getattr(settings, "ENROLMENT_SUMMATIVE_SUBMISSION_CHECK", "") or ""
    if not dotted_path:
        return False
    return bool(import_string(dotted_path)(enrolment))


def enrolments_of(learner: AbstractBaseUser) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(learner_id=learner.pk)
        .select_related("microcredential__provider", "cohort")
        .order_by("-created_at", "-id")
    )


def enrolment_of_learner(learner: AbstractBaseUser, public_id: uuid.UUID) -> Enrolment | None:
    return enrolments_of(learner).filter(public_id=public_id).first()


@dataclass(frozen=True)
class EnrolmentAccess:
    """What a learner can do with an enrolment today, and why (R-EN2, R-EN4, R-CA2)."""

    has_access: bool
    state: str
    reason: str
    is_paused: bool = False


def access_of(enrolment: Enrolment, *, today: dt.date) -> EnrolmentAccess:
    if enrolment.status == EnrolmentStatus.REFUNDED:
        return EnrolmentAccess(False, "Ended", "This enrolment was refunded and has ended.")
    if today < enrolment.access_starts_on:
        return EnrolmentAccess(
            False, "Starts soon", f"Access begins on {long_date(enrolment.access_starts_on)}."
        )
    registration = enrolment.microcredential.provider.policy.registration
    if registration is None or enrolment.registration_expires_on is None:
        return EnrolmentAccess(True, "Active", "You have access to this course.")
    verdict = registration_access(enrolment.registered_on, enrolment.re_registered_on, today, registration)
    if verdict.state is AccessState.EXPIRED:
        return EnrolmentAccess(False, "Expired", verdict.reason)
    if enrolment.status == EnrolmentStatus.PAUSED or verdict.state is AccessState.PAUSED:
        reason = (
            verdict.reason
            if verdict.state is AccessState.PAUSED
            else "Access is paused until you re-register."
        )
        return EnrolmentAccess(False, "Paused", reason, is_paused=True)
    return EnrolmentAccess(True, "Active", verdict.reason)


def paid_lines_of(enrolment: Enrolment) -> list[OrderLine]:
    """The paid lines of an enrolment: the course itself, then its top-ups, in order."""
    top_ups = enrolment.top_up_lines.filter(order__fulfilled_at__isnull=False).order_by("id")
    return [enrolment.order_line, *top_ups]


def paid_for(enrolment: Enrolment) -> Money:
    lines = paid_lines_of(enrolment)
    return total((Money(line.amount_minor, line.currency) for line in lines), lines[0].currency)


def refund_decision_of(enrolment: Enrolment, *, today: dt.date) -> RefundDecision:
    """R-EN5 for this enrolment on ``today``: until when, and why not when too late."""
    course = enrolment.microcredential
    return refund_due(
        paid=paid_for(enrolment),
        start_mode=StartMode(course.start_mode),
        course_starts_on=enrolment.cohort.starts_on if enrolment.cohort else None,
        access_began_on=enrolment.access_starts_on,
        has_summative_submission=has_summative_submission(enrolment),
        today=today,
        policy=course.provider.policy,
    )


def top_up_decision_of(enrolment: Enrolment, *, today: dt.date) -> TopUpDecision:
    """R-EN3 for this enrolment on ``today``."""
    return top_up_decision(
        enrolment.microcredential.provider.policy, enrolment.track, enrolment.registration_expires_on, today
    )


def deduction_quote(learner: AbstractBaseUser, provider: Provider) -> DeductionDecision:
    """R-EN6: what would come off the first module if the learner moved to a full programme now."""
    policy = provider.policy
    payments = payment_selectors.microcredential_payments(
        learner=learner, currency=policy.currency, reference_prefix=line_reference_prefix(provider)
    )
    return upgrade_deduction(payments, policy)


def providers_with_deduction_for(learner: AbstractBaseUser) -> list[Provider]:
    """Providers whose policy has an upgrade deduction and of which the learner bought something."""
    ids = Enrolment.objects.filter(learner_id=learner.pk).values("microcredential__provider")
    providers = Provider.objects.filter(pk__in=ids).order_by("name")
    return [provider for provider in providers if provider.policy.upgrade_deduction is not None]


def line_reference_prefix(provider: Provider) -> str:
    """Every payment reference of a provider's courses starts with this: staff pages scope by it."""
    return f"{provider.slug}:"


def provider_order_lines(provider: Provider) -> QuerySet[OrderLine]:
    """The provider's order lines, newest first, with the order, its checkout and the learner."""
    return (
        OrderLine.objects.filter(provider=provider)
        .select_related("order__learner", "order__checkout", "microcredential", "cohort")
        .order_by("-order__created_at", "-id")
    )


def provider_enrolments(provider: Provider) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(microcredential__provider=provider)
        .select_related("learner", "microcredential__provider", "cohort", "order_line")
        .order_by("-created_at", "-id")
    )


def provider_enrolment(provider: Provider, public_id: uuid.UUID) -> Enrolment | None:
    return provider_enrolments(provider).filter(public_id=public_id).first()


def provider_refund_requests(provider: Provider) -> QuerySet[EnrolmentRefund]:
    """Refund requests of the provider's enrolments with who asked, when and why, newest first."""
    return (
        EnrolmentRefund.objects.filter(enrolment__microcredential__provider=provider)
        .select_related("enrolment__learner", "enrolment__microcredential", "requested_by")
        .order_by("-created_at", "-id")
    )


def registry_provider_of(user: AbstractBaseUser | AnonymousUser) -> Provider | None:
    """The provider a user is an active registry officer of, or None: the staff pages' one check."""
    if not isinstance(user, User) or user.role != Role.REGISTRY_OFFICER or user.provider_id is None:
        return None
    if not is_staff_of(user, user.provider_id):
        return None
    return user.provider


def registry_officers_of(provider: Provider) -> QuerySet[User]:
    return User.objects.filter(provider=provider, role=Role.REGISTRY_OFFICER, is_active=True).order_by(
        "email"
    )


def learner_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip(), role=Role.LEARNER, is_active=True).first()


def provider_admissions(provider: Provider) -> QuerySet[ProgrammeAdmission]:
    return (
        ProgrammeAdmission.objects.filter(provider=provider)
        .select_related("learner", "recorded_by")
        .order_by("-recorded_at", "-id")
    )


def order_of_learner(learner: AbstractBaseUser, public_id: uuid.UUID) -> Order | None:
    return (
        Order.objects.select_related("checkout")
        .prefetch_related("lines__microcredential", "lines__enrolment", "lines__top_up_of")
        .filter(public_id=public_id, learner_id=learner.pk)
        .first()
    )
