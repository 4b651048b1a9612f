"""R-AS1: a timed online test, marked automatically. Starting it is the attempt (R-AS2 window, R-AS3
attempts); the time limit runs from the start; answers after the limit and a minute's grace do not count."""

import datetime as dt

import pytest
from tests.assessment.builders import at, course, enrolment_for, online_test

from microcred.assessment import services
from microcred.assessment.errors import AttemptRefused, NotReady
from microcred.assessment.models import MarkEvent, Submission, SubmissionStatus

pytestmark = pytest.mark.django_db

ALL_RIGHT = {number: 0 for number in range(1, 11)}


@pytest.fixture
def ibers_test(learner, time_machine):
    time_machine.move_to(at(2026, 3, 2, 10), tick=False)
    test_course = course("ibers", assessment_type="masters_test")
    online_test(test_course, questions=10, minutes=30)
    return enrolment_for(learner, test_course)


def test_r_as1_starting_the_test_takes_the_attempt_and_sets_the_deadline(learner, ibers_test) -> None:
    started = services.online_test_start(enrolment_id=ibers_test.pk, learner=learner)
    again = services.online_test_start(enrolment_id=ibers_test.pk, learner=learner)

    assert (started.status, started.attempt_number, started.test_deadline) == (
        SubmissionStatus.IN_PROGRESS, 1, at(2026, 3, 2, 10, 30),
    )  # fmt: skip
    assert again.pk == started.pk
    assert Submission.objects.count() == 1


def test_r_as1_answers_in_time_are_marked_automatically(learner, ibers_test, time_machine) -> None:
    started = services.online_test_start(enrolment_id=ibers_test.pk, learner=learner)
    time_machine.move_to(at(2026, 3, 2, 10, 30, 59), tick=False)

    handed_in = services.online_test_hand_in(submission_id=started.pk, learner=learner, answers=ALL_RIGHT)

    assert (handed_in.status, handed_in.mark, handed_in.grade, handed_in.marked_by) == (
        SubmissionStatus.MARKED, 100, "pass", None,
    )  # fmt: skip
    assert list(MarkEvent.objects.values_list("kind", "actor", "mark_after", "note")) == [
        ("auto_marked", None, 100, "")
    ]


def test_r_as1_a_weighted_mark_is_rounded_down(learner, time_machine) -> None:
    from microcred.assessment.models import SubmissionFormat
    from microcred.assessment.services.configuration import QuestionSpec

    time_machine.move_to(at(2026, 3, 2), tick=False)
    test_course = course("ibers", assessment_type="masters_test")
    services.assessment_configure(
        microcredential=test_course, submission_format=SubmissionFormat.ONLINE_TEST, time_limit_minutes=20,
        questions=[QuestionSpec("A?", ("a", "b"), 0, weight=2), QuestionSpec("B?", ("a", "b"), 1, weight=1)],
    )  # fmt: skip
    enrolment = enrolment_for(learner, test_course)
    started = services.online_test_start(enrolment_id=enrolment.pk, learner=learner)

    handed_in = services.online_test_hand_in(submission_id=started.pk, learner=learner, answers={1: 0, 2: 0})

    assert (handed_in.mark, handed_in.grade) == (66, "fail")


def test_r_as1_answers_after_the_limit_are_not_counted(learner, ibers_test, time_machine) -> None:
    started = services.online_test_start(enrolment_id=ibers_test.pk, learner=learner)
    time_machine.move_to(at(2026, 3, 2, 10, 31, 1), tick=False)

    handed_in = services.online_test_hand_in(submission_id=started.pk, learner=learner, answers=ALL_RIGHT)

    assert (handed_in.mark, handed_in.grade, handed_in.answers) == (0, "fail", {})
    assert MarkEvent.objects.get().note == "Handed in after the time limit: no answer was counted."


def test_r_as1_answers_cannot_be_handed_in_twice(learner, ibers_test) -> None:
    started = services.online_test_start(enrolment_id=ibers_test.pk, learner=learner)
    services.online_test_hand_in(submission_id=started.pk, learner=learner, answers=ALL_RIGHT)

    with pytest.raises(NotReady):
        services.online_test_hand_in(submission_id=started.pk, learner=learner, answers={})

    assert Submission.objects.get().mark == 100


def test_r_as1_the_page_closes_a_test_whose_time_ran_out(
    client_for, learner, ibers_test, time_machine
) -> None:
    services.online_test_start(enrolment_id=ibers_test.pk, learner=learner)
    time_machine.move_to(at(2026, 3, 2, 12), tick=False)

    client_for(learner).get(f"/my/enrolments/{ibers_test.public_id}/assessment/")

    closed = Submission.objects.get()
    assert (closed.status, closed.mark, closed.test_finished_at) == (
        SubmissionStatus.MARKED,
        0,
        at(2026, 3, 2, 12),
    )


def test_r_as1_the_test_page_shows_questions_but_no_answers(client_for, learner, ibers_test) -> None:
    client = client_for(learner)
    client.post(f"/my/enrolments/{ibers_test.public_id}/assessment/test/start/")

    page = client.get(f"/my/enrolments/{ibers_test.public_id}/assessment/test/").content.decode()

    assert "Hand in your answers by 2 March 2026 at 10:30 (Europe/London time)." in page
    assert page.count('type="radio"') == 20
    assert "correct" not in page.lower()


def test_r_as1_a_learner_hands_in_through_the_page(client_for, learner, ibers_test) -> None:
    client = client_for(learner)
    client.post(f"/my/enrolments/{ibers_test.public_id}/assessment/test/start/")

    response = client.post(
        f"/my/enrolments/{ibers_test.public_id}/assessment/test/", {f"q{n}": "0" for n in range(1, 8)}
    )

    assert response.status_code == 302
    assert (Submission.objects.get().mark, Submission.objects.get().grade) == (70, "pass")


def test_r_as2_a_test_started_in_the_window_may_finish_after_it(learner, time_machine) -> None:
    time_machine.move_to(at(2026, 4, 7, 23, 50), tick=False)
    test_course = course("uol")
    online_test(test_course, questions=10, minutes=30)
    enrolment = enrolment_for(learner, test_course)
    started = services.online_test_start(enrolment_id=enrolment.pk, learner=learner)
    time_machine.move_to(at(2026, 4, 8, 0, 15), tick=False)

    handed_in = services.online_test_hand_in(submission_id=started.pk, learner=learner, answers=ALL_RIGHT)

    assert (handed_in.mark, handed_in.submitted_at) == (100, dt.datetime(2026, 4, 7, 22, 50, tzinfo=dt.UTC))


def test_r_as2_a_test_cannot_start_outside_a_window(learner, time_machine) -> None:
    time_machine.move_to(at(2026, 4, 8, 0, 0), tick=False)
    test_course = course("uol")
    online_test(test_course)

    with pytest.raises(AttemptRefused) as refused:
        services.online_test_start(enrolment_id=enrolment_for(learner, test_course).pk, learner=learner)

    assert refused.value.message == "No submission window is open; the next opens 1 May 2026 at 00:00."
