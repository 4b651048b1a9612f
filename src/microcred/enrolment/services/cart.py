"""The learner's cart: courses chosen with a track (R-EN3) and a cohort (R-CA2), before any payment."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from microcred.catalog import selectors as catalog_selectors
from microcred.catalog.models import Cohort, Microcredential, StartMode
from microcred.enrolment import selectors
from microcred.enrolment.errors import AlreadyEnrolled, CohortFull, EnrolmentError, NotBookable
from microcred.enrolment.models import CartItem
from microcred.rules.dates import long_date
from microcred.rules.policy import Policy
from microcred.rules.starts import booking_decision


def track_chosen(policy: Policy, track: str | None) -> str:
    """The track asked for, or the provider's only track; a provider with several needs a choice (R-EN3)."""
    if not track:
        if len(policy.tracks) == 1:
            return policy.tracks[0].id
        names = " or ".join(t.name for t in policy.tracks)
        raise EnrolmentError("track", f"Choose how to take the course: {names}.")
    if policy.track(track) is None:
        raise EnrolmentError("track", f"{policy.name} has no track {track!r}.")
    return track


def booking_checked(course: Microcredential, cohort: Cohort | None) -> Cohort | None:
    """R-CA2: the course can be booked today, in the cohort chosen (or the next one with a place left).
    Raises NotBookable or CohortFull."""
    if not course.is_published:
        raise NotBookable("microcredential", "This course is not open for booking.")
    if cohort is not None and cohort.microcredential_id != course.pk:
        raise EnrolmentError("cohort", "That cohort is not one of this course's start dates.")
    today = selectors.local_today(course.provider.policy)
    if course.start_mode == StartMode.COHORT and cohort is None:
        cohort = next(iter(selectors.open_cohorts(course, today=today)), None)
        if cohort is None:
            raise NotBookable("cohort", "No cohort of this course has a place left to book.")
    starts = tuple(course.cohorts.values_list("starts_on", flat=True))
    start = catalog_selectors.course_start_of(course, cohort_starts=starts)
    decision = booking_decision(start, today, cohort.starts_on if cohort else None)
    if not decision.allowed:
        raise NotBookable("cohort" if cohort else "microcredential", decision.reason)
    if cohort is not None and selectors.is_cohort_full(cohort, now=timezone.now()):
        raise CohortFull("cohort", f"The cohort starting {long_date(cohort.starts_on)} is full.")
    return cohort


@transaction.atomic
def cart_item_add(
    *, learner: AbstractBaseUser, microcredential: Microcredential, track: str | None, cohort: Cohort | None
) -> CartItem:
    """Put a course in the cart (or change the track or cohort of one already there)."""
    policy = microcredential.provider.policy
    chosen_track = track_chosen(policy, track)
    chosen_cohort = booking_checked(microcredential, cohort)
    if selectors.live_enrolment_exists(learner, microcredential):
        raise AlreadyEnrolled("microcredential", f"You are already enrolled on {microcredential.title}.")
    item, _ = CartItem.objects.update_or_create(
        learner_id=learner.pk,
        microcredential=microcredential,
        defaults={"track": chosen_track, "cohort": chosen_cohort},
    )
    return item


@transaction.atomic
def cart_item_remove(*, learner: AbstractBaseUser, item_id: int) -> bool:
    """Take a course out of the cart; False when the learner has no such item."""
    deleted, _ = CartItem.objects.filter(learner_id=learner.pk, pk=item_id).delete()
    return deleted > 0
