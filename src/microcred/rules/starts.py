"""R-CA2: how a course starts. ``anytime``: book and start at once; ``cohort``: book a fixed start date;
``release``: bookable only once its release date has come."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from microcred.rules.dates import long_date
from microcred.rules.errors import RuleInputError


class StartMode(StrEnum):
    ANYTIME = "anytime"
    COHORT = "cohort"
    RELEASE = "release"


@dataclass(frozen=True)
class CourseStart:
    """How one course starts: its mode, its cohort start dates (cohort) or its release date (release)."""

    mode: StartMode
    cohort_starts: tuple[date, ...] = ()
    release_date: date | None = None


@dataclass(frozen=True)
class BookingDecision:
    allowed: bool
    access_begins_on: date | None
    reason: str


def _refused(reason: str) -> BookingDecision:
    return BookingDecision(False, None, reason)


def upcoming_cohort_starts(starts: Sequence[date], today: date) -> tuple[date, ...]:
    """Cohort start dates open for booking, earliest first: a cohort can be joined up to its start day."""
    return tuple(sorted(start for start in starts if start >= today))


def _cohort_decision(start: CourseStart, today: date, chosen: date | None) -> BookingDecision:
    upcoming = upcoming_cohort_starts(start.cohort_starts, today)
    if chosen is None:
        if not upcoming:
            return _refused("No cohort start date is open for booking.")
        chosen = upcoming[0]
    if chosen not in start.cohort_starts:
        return _refused(f"{long_date(chosen)} is not a start date of this course.")
    if chosen < today:
        return _refused(f"The cohort starting {long_date(chosen)} has already started.")
    return BookingDecision(True, chosen, f"Access begins when the cohort starts on {long_date(chosen)}.")


def _release_decision(start: CourseStart, today: date) -> BookingDecision:
    if start.release_date is None:
        raise RuleInputError("release_date: a course that starts on release needs a release date")
    if today < start.release_date:
        return _refused(f"This course can be booked from its release on {long_date(start.release_date)}.")
    return BookingDecision(True, today, "Access begins as soon as the booking is paid.")


def booking_decision(start: CourseStart, today: date, cohort_start: date | None = None) -> BookingDecision:
    """Whether the course can be booked on ``today`` and when access begins. For a cohort course,
    ``cohort_start`` is the start date chosen; without one, the next open cohort is taken."""
    if start.mode is StartMode.ANYTIME:
        return BookingDecision(True, today, "Access begins as soon as the booking is paid.")
    if start.mode is StartMode.COHORT:
        return _cohort_decision(start, today, cohort_start)
    return _release_decision(start, today)
