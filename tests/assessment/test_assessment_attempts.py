"""R-AS3: UoL allows a first attempt and two resits, each in a later window; the OU one attempt, whose Fail is
final; IBERS one resit. The page says how many attempts remain."""

import pytest
from tests.assessment.builders import at, course, enrolment_for, released_result, staff, submit_file

from microcred.assessment.errors import AttemptRefused
from microcred.assessment.models import Submission
from microcred.common.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(uol_marker, uol_moderator, uol_registry) -> dict:
    return {"marker": uol_marker, "moderator": uol_moderator, "registry": uol_registry}


def _fail(submission: Submission, team: dict) -> None:
    released_result(submission, 35, **team)


def test_r_as3_uol_the_second_resit_in_a_third_window_is_the_last_allowed(
    learner, team, time_machine
) -> None:
    enrolment = enrolment_for(learner, course("uol"))
    for month in (1, 2):
        time_machine.move_to(at(2026, month, 3), tick=False)
        _fail(submit_file(enrolment), team)
    time_machine.move_to(at(2026, 3, 3), tick=False)

    last = submit_file(enrolment)

    assert last.attempt_number == 3


def test_r_as3_uol_a_fourth_attempt_is_refused_the_fail_is_final(learner, team, time_machine) -> None:
    enrolment = enrolment_for(learner, course("uol"))
    for month in (1, 2, 3):
        time_machine.move_to(at(2026, month, 3), tick=False)
        _fail(submit_file(enrolment), team)
    time_machine.move_to(at(2026, 4, 3), tick=False)

    with pytest.raises(AttemptRefused) as refused:
        submit_file(enrolment)

    assert refused.value.message == "All 3 attempts have been used; the Fail is final."
    assert Submission.objects.filter(enrolment=enrolment).count() == 3


def test_r_as3_uol_a_resit_in_the_same_window_is_refused(learner, team, time_machine) -> None:
    enrolment = enrolment_for(learner, course("uol"))
    time_machine.move_to(at(2026, 1, 2), tick=False)
    _fail(submit_file(enrolment), team)
    time_machine.move_to(at(2026, 1, 6), tick=False)

    with pytest.raises(AttemptRefused) as refused:
        submit_file(enrolment)

    assert refused.value.message == (
        "A resit must be made in a later window than the last attempt; "
        "the next opens 1 February 2026 at 00:00."
    )


def test_r_as3_no_resit_while_the_last_attempt_is_being_marked(learner, time_machine) -> None:
    enrolment = enrolment_for(learner, course("uol"))
    time_machine.move_to(at(2026, 1, 2), tick=False)
    submit_file(enrolment)
    time_machine.move_to(at(2026, 2, 2), tick=False)

    with pytest.raises(AttemptRefused) as refused:
        submit_file(enrolment)

    assert refused.value.message == "The last attempt is still being marked."


def test_r_as3_ou_one_attempt_and_the_fail_is_final(learner, time_machine) -> None:
    team = {
        "marker": staff(Role.MARKER, "ou", "marker@ou.example.org"),
        "moderator": staff(Role.MODERATOR, "ou", "moderator@ou.example.org"),
        "registry": staff(Role.REGISTRY_OFFICER, "ou", "registry@ou.example.org"),
    }
    enrolment = enrolment_for(learner, course("ou"))
    time_machine.move_to(at(2026, 2, 10), tick=False)
    _fail(submit_file(enrolment), team)
    time_machine.move_to(at(2026, 6, 10), tick=False)

    with pytest.raises(AttemptRefused) as refused:
        submit_file(enrolment)

    assert refused.value.message == "The only attempt has been used; the Fail is final."


def test_r_as3_nothing_more_after_a_pass(learner, team, time_machine) -> None:
    enrolment = enrolment_for(learner, course("uol"))
    time_machine.move_to(at(2026, 1, 2), tick=False)
    released_result(submit_file(enrolment), 55, **team)
    time_machine.move_to(at(2026, 2, 2), tick=False)

    with pytest.raises(AttemptRefused) as refused:
        submit_file(enrolment)

    assert refused.value.message == "The assessment has been passed."


def test_r_as3_the_page_says_how_many_attempts_remain(client_for, learner, team, time_machine) -> None:
    enrolment = enrolment_for(learner, course("uol"))
    time_machine.move_to(at(2026, 1, 2), tick=False)
    _fail(submit_file(enrolment), team)
    time_machine.move_to(at(2026, 2, 2), tick=False)

    page = client_for(learner).get(f"/my/enrolments/{enrolment.public_id}/assessment/").content.decode()

    assert "2 of 3 remaining; each resit in a later window" in page
    assert "This is resit 1 of 2; 1 attempt left after it." in page
    assert "Fail (35)" in page
