"""Two checkouts racing for the last place of a cohort: one wins, the other is told the cohort is full. The
cohort row is locked while places are counted; SQLite serialises writes, so the race needs PostgreSQL."""

import threading

import pytest
import time_machine
from django.db import connection
from tests.enrolment.purchase import at, ou_cohort, place
from tests.factories.accounts import UserFactory

from microcred.enrolment import services
from microcred.enrolment.errors import CohortFull
from microcred.enrolment.models import OrderLine

RACERS = 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@time_machine.travel(at(2026, 12, 1), tick=False)
def test_r_ca2_racing_checkouts_for_the_last_cohort_place_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write, so two checkouts cannot overlap")
    # given: every racer has the last place in the cart
    cohort = ou_cohort(capacity=1)
    learners = [UserFactory(email=f"racer{number}@example.org") for number in range(RACERS)]
    for learner in learners:
        services.cart_item_add(
            learner=learner, microcredential=cohort.microcredential, track=None, cohort=cohort
        )
    barrier = threading.Barrier(RACERS)
    won: list[str] = []
    full: list[str] = []
    errors: list[BaseException] = []

    def race(learner: object) -> None:
        try:
            barrier.wait(timeout=10)
            place(learner)  # type: ignore[arg-type]
            won.append(str(learner))
        except CohortFull:
            full.append(str(learner))
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=race, args=(learner,)) for learner in learners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # then
    assert errors == []
    assert (len(won), len(full)) == (1, RACERS - 1)
    assert OrderLine.objects.filter(cohort=cohort).count() == 1
