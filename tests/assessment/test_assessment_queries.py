"""The staff queues and the learner's assessment page make the same number of queries however many rows they
show (STYLE.md: django_assert_num_queries on list pages)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.assessment.builders import at, course, enrolment_for, marked, released_result, submit_file
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def _submissions(numbers: range, uol_marker) -> None:
    for number in numbers:
        learner = UserFactory(email=f"queue.learner{number}@example.org")
        submission = submit_file(enrolment_for(learner, course("uol", title=f"Course {number}")))
        if number % 2:
            marked(submission, 40 + number, uol_marker)


@pytest.mark.parametrize("path", ["/staff/marking/", "/staff/moderation/", "/staff/release/"])
def test_staff_queues_make_constant_queries(
    client_for, uol_marker, uol_moderator, time_machine, path: str
) -> None:
    time_machine.move_to(at(2026, 3, 2), tick=False)
    client = client_for(uol_moderator)
    _submissions(range(2), uol_marker)
    few = _queries(client, path)
    _submissions(range(2, 8), uol_marker)

    many = _queries(client, path)

    assert (few, many) == (QUERIES[path], QUERIES[path])


def test_the_learners_assessment_page_makes_constant_queries(
    client_for, learner, uol_marker, uol_moderator, uol_registry, time_machine
) -> None:
    team = {"marker": uol_marker, "moderator": uol_moderator, "registry": uol_registry}
    enrolment = enrolment_for(learner, course("uol"))
    path = f"/my/enrolments/{enrolment.public_id}/assessment/"
    client = client_for(learner)
    time_machine.move_to(at(2026, 1, 2), tick=False)
    released_result(submit_file(enrolment), 30, **team)
    one = _queries(client, path)
    for month in (2, 3):
        time_machine.move_to(at(2026, month, 2), tick=False)
        released_result(submit_file(enrolment), 30, **team)

    three = _queries(client, path)

    assert (one, three) == (LEARNER_PAGE, LEARNER_PAGE)


# Session, user, the staff check of an authenticator, the provider, then one query per list shown.
QUERIES = {"/staff/marking/": 6, "/staff/moderation/": 5, "/staff/release/": 5}
# Session, user, enrolment, closing of expired tests, assessment, attempts.
LEARNER_PAGE = 6
