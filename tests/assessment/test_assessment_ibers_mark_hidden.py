"""R-AS5: IBERS learners see Pass or Fail and never the mark, in any page or e-mail. The mark used is 63; the
pages are searched for 63 as a number on its own (``\\b63\\b``), so the random CSRF token and the UUIDs in
links, which may hold the digits 6 and 3 side by side inside a longer run, cannot make the test flaky."""

import re

import pytest
from django.core import mail
from tests.assessment.builders import at, course, enrolment_for, marked, staff, submit_file

from microcred.assessment import services
from microcred.assessment.errors import AssessmentError
from microcred.common.roles import Role

pytestmark = pytest.mark.django_db

SIXTY_THREE = re.compile(r"\b63\b")


@pytest.fixture
def ibers_team(db) -> dict:
    return {
        "marker": staff(Role.MARKER, "ibers", "marker@ibers.example.org"),
        "registry": staff(Role.REGISTRY_OFFICER, "ibers", "registry@ibers.example.org"),
    }


def _released(enrolment, team, django_capture_on_commit_callbacks, mark: int = 63):
    submission = submit_file(enrolment)
    after = marked(submission, mark, team["marker"], feedback="A careful analysis of the trial data.")
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_release(submission_id=after.pk, actor=team["registry"])
    return after


def test_r_as5_ibers_learner_never_sees_the_mark_in_page_or_email(
    client_for, learner, ibers_team, time_machine, django_capture_on_commit_callbacks
) -> None:
    time_machine.move_to(at(2026, 3, 2), tick=False)
    enrolment = enrolment_for(learner, course("ibers"))
    _released(enrolment, ibers_team, django_capture_on_commit_callbacks)

    page = client_for(learner).get(f"/my/enrolments/{enrolment.public_id}/assessment/").content.decode()

    assert "<strong>Pass</strong>" in page
    assert "A careful analysis of the trial data." in page
    assert SIXTY_THREE.findall(page) == []
    assert len(mail.outbox) == 1
    assert "Result: Pass\n" in mail.outbox[0].body
    assert SIXTY_THREE.findall(mail.outbox[0].subject + mail.outbox[0].body) == []


def test_r_as5_the_ibers_marker_does_see_the_mark(client_for, learner, ibers_team, time_machine) -> None:
    time_machine.move_to(at(2026, 3, 2), tick=False)
    submission = marked(submit_file(enrolment_for(learner, course("ibers"))), 63, ibers_team["marker"])

    page = client_for(ibers_team["marker"]).get(f"/staff/marking/{submission.public_id}/").content.decode()

    assert "63 (Pass)" in page


def test_r_as5_uol_learners_see_grade_and_mark(
    client_for, learner, uol_marker, uol_registry, time_machine, django_capture_on_commit_callbacks
) -> None:
    time_machine.move_to(at(2026, 3, 2), tick=False)
    enrolment = enrolment_for(learner, course("uol"))
    _released(enrolment, {"marker": uol_marker, "registry": uol_registry}, django_capture_on_commit_callbacks)

    page = client_for(learner).get(f"/my/enrolments/{enrolment.public_id}/assessment/").content.decode()

    assert "<strong>Merit (63)</strong>" in page
    assert "Result: Merit (63)\n" in mail.outbox[0].body


def test_r_as5_ibers_feedback_that_states_the_mark_is_refused(learner, ibers_team, time_machine) -> None:
    time_machine.move_to(at(2026, 3, 2), tick=False)
    submission = submit_file(enrolment_for(learner, course("ibers")))

    with pytest.raises(AssessmentError) as refused:
        marked(submission, 63, ibers_team["marker"], feedback="Solid work: 63/100.")

    assert refused.value.field == "feedback"
    assert refused.value.message == (
        "The feedback states the mark (63). Learners of IBERS, Aberystwyth University see Pass or Fail only: "
        "leave the mark out of the feedback."
    )
