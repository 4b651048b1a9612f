"""The same completion sent by several requests at the same moment issues one credit, and every request is
told it is issued or already issued (the enrolment's row lock and the unique key decide it). SQLite
serialises every write, so the race needs PostgreSQL."""

import threading

import pytest
import time_machine
from django.db import connection
from tests.assessment.builders import at, course, enrolment_for, staff
from tests.factories.accounts import UserFactory

from microcred.assessment.models import Credit, Submission
from microcred.common.roles import Role
from microcred.credentials.models import ExternalCompletion
from microcred.credentials.services_completions import CompletionRow, completions_issue

SENDERS = 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_key_sent_at_once_by_many_requests_issues_one_credit_on_postgresql(settings) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write, so two requests cannot overlap")
    # given a UoL enrolment and four requests ready to send its completion under one key
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "memory://"
    officer = staff(Role.REGISTRY_OFFICER, "uol", "registry@uol.example.org")
    enrolment = enrolment_for(UserFactory(email="racer@example.org"), course("uol"))
    row = CompletionRow("fl-1", enrolment.public_id, 70, at(2026, 3, 1))
    barrier = threading.Barrier(SENDERS)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            barrier.wait(timeout=10)
            [result] = completions_issue(provider=officer.provider, rows=[row], actor=officer)
            outcomes.append(result.outcome.value)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    # when
    with time_machine.travel(at(2026, 3, 2), tick=False):
        threads = [threading.Thread(target=send) for _ in range(SENDERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    # then
    assert errors == []
    assert sorted(outcomes) == ["already_issued"] * (SENDERS - 1) + ["issued"]
    assert (Credit.objects.count(), Submission.objects.count(), ExternalCompletion.objects.count()) == (
        1,
        1,
        1,
    )
