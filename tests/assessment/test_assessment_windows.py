"""R-AS2: UoL's monthly windows (days 1–7, closing 23:59 London time) hold on both sides of the clock change
of 29 March 2026; a submission outside a window is refused with the date the next one opens."""

import datetime as dt

import pytest
from tests.assessment.builders import at, course, enrolment_for, submit_file

from microcred.assessment.errors import AttemptRefused
from microcred.assessment.models import Submission

pytestmark = pytest.mark.django_db


def test_r_as2_a_submission_at_2359_gmt_on_the_seventh_is_taken(learner, time_machine) -> None:
    enrolment = enrolment_for(learner, course("uol"))
    time_machine.move_to(at(2026, 3, 7, 23, 59, 59), tick=False)

    submission = submit_file(enrolment)

    assert (submission.attempt_number, submission.submitted_at) == (1, at(2026, 3, 7, 23, 59, 59))


def test_r_as2_a_submission_at_2359_bst_after_the_clock_change_is_taken(learner, time_machine) -> None:
    # 23:59:59 BST on 7 April is 22:59:59 UTC: the window closes by London clocks, not by UTC.
    enrolment = enrolment_for(learner, course("uol"))
    time_machine.move_to(at(2026, 4, 7, 23, 59, 59), tick=False)

    submission = submit_file(enrolment)

    assert submission.submitted_at == dt.datetime(2026, 4, 7, 22, 59, 59, tzinfo=dt.UTC)


def test_r_as2_midnight_bst_after_the_seventh_is_refused_with_the_next_opening(learner, time_machine) -> None:
    # 00:00 BST on 8 April is still 23:00 UTC on 7 April, which in March (GMT) would have been inside.
    enrolment = enrolment_for(learner, course("uol"))
    time_machine.move_to(at(2026, 4, 8, 0, 0, 0), tick=False)

    with pytest.raises(AttemptRefused) as refused:
        submit_file(enrolment)

    assert refused.value.message == "No submission window is open; the next opens 1 May 2026 at 00:00."
    assert Submission.objects.count() == 0


def test_r_as2_the_same_utc_hour_is_inside_in_march_and_outside_in_april(learner, time_machine) -> None:
    enrolment = enrolment_for(learner, course("uol"))
    time_machine.move_to(dt.datetime(2026, 3, 7, 23, 30, tzinfo=dt.UTC), tick=False)
    submit_file(enrolment)
    other = enrolment_for(learner, course("uol", title="Second Course"))
    time_machine.move_to(dt.datetime(2026, 4, 7, 23, 30, tzinfo=dt.UTC), tick=False)

    with pytest.raises(AttemptRefused) as refused:
        submit_file(other)

    assert refused.value.message == "No submission window is open; the next opens 1 May 2026 at 00:00."


def test_r_as2_a_submission_on_the_first_at_midnight_is_taken(learner, time_machine) -> None:
    enrolment = enrolment_for(learner, course("uol"))
    time_machine.move_to(at(2026, 5, 1, 0, 0, 0), tick=False)

    assert submit_file(enrolment).attempt_number == 1


def test_r_as2_the_page_says_when_the_next_window_opens_and_closes(client_for, learner, time_machine) -> None:
    enrolment = enrolment_for(learner, course("uol"))
    time_machine.move_to(at(2026, 3, 20), tick=False)

    response = client_for(learner).get(f"/my/enrolments/{enrolment.public_id}/assessment/")

    assert response.status_code == 200
    assert (
        "No submission window is open. The next opens 1 April 2026 at 00:00 and closes 7 April 2026 at 23:59 "
        "(Europe/London time)." in response.content.decode()
    )
    assert "Submit attempt" not in response.content.decode()


def test_r_as2_the_page_says_until_when_the_open_window_runs(client_for, learner, time_machine) -> None:
    enrolment = enrolment_for(learner, course("uol"))
    time_machine.move_to(at(2026, 4, 3), tick=False)

    response = client_for(learner).get(f"/my/enrolments/{enrolment.public_id}/assessment/")

    page = response.content.decode()
    assert "A submission window is open until 7 April 2026 at 23:59 (Europe/London time)." in page
    assert "Submit attempt" in page


def test_r_as2_ibers_takes_submissions_at_any_time(learner, time_machine) -> None:
    enrolment = enrolment_for(learner, course("ibers"))
    time_machine.move_to(at(2026, 3, 20, 3, 0), tick=False)

    assert submit_file(enrolment).attempt_number == 1
