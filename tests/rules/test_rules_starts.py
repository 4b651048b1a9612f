"""R-CA2: anytime, cohort and release starts."""

from datetime import date

import pytest

from microcred.rules.errors import RuleInputError
from microcred.rules.starts import BookingDecision, CourseStart, StartMode, booking_decision

TODAY = date(2026, 5, 12)
COHORTS = CourseStart(
    StartMode.COHORT, cohort_starts=(date(2026, 9, 14), date(2026, 1, 12), date(2026, 5, 12))
)


def test_r_ca2_anytime_books_and_starts_at_once() -> None:
    assert booking_decision(CourseStart(StartMode.ANYTIME), TODAY) == BookingDecision(
        True, TODAY, "Access begins as soon as the booking is paid."
    )


def test_r_ca2_cohort_access_begins_at_the_next_cohort_start() -> None:
    assert booking_decision(COHORTS, TODAY) == BookingDecision(
        True, date(2026, 5, 12), "Access begins when the cohort starts on 12 May 2026."
    )
    assert booking_decision(COHORTS, date(2026, 5, 13)).access_begins_on == date(2026, 9, 14)


def test_r_ca2_a_chosen_cohort_that_has_started_or_is_not_offered_is_refused() -> None:
    assert booking_decision(COHORTS, TODAY, cohort_start=date(2026, 1, 12)) == BookingDecision(
        False, None, "The cohort starting 12 January 2026 has already started."
    )
    assert booking_decision(COHORTS, TODAY, cohort_start=date(2026, 10, 1)) == BookingDecision(
        False, None, "1 October 2026 is not a start date of this course."
    )


def test_r_ca2_a_cohort_course_with_no_start_ahead_cannot_be_booked() -> None:
    assert booking_decision(COHORTS, date(2026, 9, 15)) == BookingDecision(
        False, None, "No cohort start date is open for booking."
    )


def test_r_ca2_release_course_is_bookable_only_from_its_release_date() -> None:
    release = CourseStart(StartMode.RELEASE, release_date=date(2026, 10, 1))

    assert booking_decision(release, date(2026, 9, 30)) == BookingDecision(
        False, None, "This course can be booked from its release on 1 October 2026."
    )
    assert booking_decision(release, date(2026, 10, 1)) == BookingDecision(
        True, date(2026, 10, 1), "Access begins as soon as the booking is paid."
    )


def test_r_ca2_a_release_course_without_a_release_date_is_invalid_input() -> None:
    with pytest.raises(RuleInputError, match="release_date"):
        booking_decision(CourseStart(StartMode.RELEASE), TODAY)
