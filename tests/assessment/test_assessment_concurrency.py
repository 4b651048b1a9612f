"""R-AS7: markers saving one submission at the same moment never lose an update: the row is locked and the
version each saw is checked, so one save wins and every other is told to reload. SQLite serialises every
write, so the race needs PostgreSQL."""

import threading

import pytest
import time_machine
from django.db import connection
from tests.assessment.builders import at, course, enrolment_for, staff, submit_file
from tests.factories.accounts import UserFactory

from microcred.assessment import services
from microcred.assessment.errors import StaleSubmission
from microcred.assessment.models import MarkEvent, Submission
from microcred.common.roles import Role

MARKERS = 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_r_as7_concurrent_marking_keeps_one_save_and_refuses_the_others_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write, so two saves cannot overlap")
    # given: every marker opened the submission at version 1
    with time_machine.travel(at(2026, 3, 2), tick=False):
        submission = submit_file(enrolment_for(UserFactory(email="racer@example.org"), course("uol")))
    markers = [staff(Role.MARKER, "uol", f"marker{number}@uol.example.org") for number in range(MARKERS)]
    barrier = threading.Barrier(MARKERS)
    saved: list[int] = []
    stale: list[int] = []
    errors: list[BaseException] = []

    def save(number: int) -> None:
        try:
            barrier.wait(timeout=10)
            services.submission_mark(
                submission_id=submission.pk, marker=markers[number], mark=50 + number, feedback="",
                expected_version=1,
            )  # fmt: skip
            saved.append(number)
        except StaleSubmission:
            stale.append(number)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=save, args=(number,)) for number in range(MARKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # then
    assert errors == []
    assert (len(saved), len(stale)) == (1, MARKERS - 1)
    final = Submission.objects.get()
    assert (final.mark, final.version, final.marked_by) == (50 + saved[0], 2, markers[saved[0]])
    assert list(MarkEvent.objects.values_list("mark_after", flat=True)) == [50 + saved[0]]
