"""The registry pages' access matrix (STYLE.md): every persona against every page. A registry officer sees and
acts on their own provider only; learners and markers get 403, anonymous visitors the login page; and a
refused request changes nothing."""

from collections.abc import Callable

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.enrolment.purchase import at, buy, ibers_course, ou_cohort, uol_course

from microcred.accounts.models import User
from microcred.enrolment import services
from microcred.enrolment.models import Enrolment, EnrolmentRefund, ProgrammeAdmission
from microcred.payments.models import LedgerEntry, Refund

PERSONAS = ("anonymous", "learner", "uol_marker", "uol_registry", "ou_registry", "ibers_registry")
LOGIN = 302


@pytest.fixture
def enrolments(learner: User, other_learner: User) -> dict[str, Enrolment]:
    with time_machine.travel(at(2026, 12, 1), tick=False):
        cohort = ou_cohort()
        return {
            "uol": buy(learner, uol_course()),
            "ou": buy(other_learner, cohort.microcredential, cohort=cohort),
            "ibers": buy(learner, ibers_course(), track="credit_bearing"),
        }


def _state() -> tuple[object, ...]:
    return (
        EnrolmentRefund.objects.count(),
        Refund.objects.count(),
        ProgrammeAdmission.objects.count(),
        LedgerEntry.objects.count(),
        sorted(Enrolment.objects.values_list("pk", "status")),
    )


def _cases(expected: dict[str, int]) -> list[object]:
    return [pytest.param(name, expected[name], id=name) for name in PERSONAS]


ORDERS = {
    "anonymous": LOGIN,
    "learner": 403,
    "uol_marker": 403,
    "uol_registry": 200,
    "ou_registry": 200,
    "ibers_registry": 200,
}


@pytest.mark.parametrize(("persona", "expected"), _cases(ORDERS), indirect=["persona"])
@time_machine.travel(at(2026, 12, 2), tick=False)
def test_staff_orders_page_shows_the_officer_s_own_provider_only(
    persona: User | None,
    expected: int,
    client_for: Callable[[User | None], Client],
    enrolments: dict[str, Enrolment],
) -> None:
    response = client_for(persona).get("/staff/enrolment/orders/")

    assert response.status_code == expected
    if expected == 200:
        page = response.content.decode()
        shown = {slug for slug, enrolment in enrolments.items() if enrolment.order_line.reference in page}
        assert persona is not None
        assert persona.provider is not None
        assert shown == {persona.provider.slug}


# The UoL enrolment refunded outside the window: only UoL's registry officer may; another provider's officer
# does not find it (404).
REFUND = {
    "anonymous": LOGIN,
    "learner": 403,
    "uol_marker": 403,
    "uol_registry": 302,
    "ou_registry": 404,
    "ibers_registry": 404,
}


@pytest.mark.parametrize(("persona", "expected"), _cases(REFUND), indirect=["persona"])
@time_machine.travel(at(2027, 2, 1), tick=False)
def test_staff_refund_page_is_for_the_course_s_own_registry_officer(
    persona: User | None,
    expected: int,
    client_for: Callable[[User | None], Client],
    enrolments: dict[str, Enrolment],
) -> None:
    before = _state()
    url = f"/staff/enrolment/enrolments/{enrolments['uol'].public_id}/refund/"

    response = client_for(persona).post(url, {"reason": "Withdrew for family reasons"})

    assert response.status_code == expected
    if expected != 302 or persona is None:
        assert _state() == before
    else:
        record = EnrolmentRefund.objects.get()
        assert (record.requested_by, record.is_outside_window, record.reason) == (
            persona,
            True,
            "Withdrew for family reasons",
        )


# Only IBERS has an upgrade deduction: UoL's and OU's officers get a form error (400), nothing recorded.
ADMISSIONS = {
    "anonymous": LOGIN,
    "learner": 403,
    "uol_marker": 403,
    "uol_registry": 400,
    "ou_registry": 400,
    "ibers_registry": 302,
}


@pytest.mark.parametrize(("persona", "expected"), _cases(ADMISSIONS), indirect=["persona"])
@time_machine.travel(at(2026, 12, 2), tick=False)
def test_staff_admissions_page_records_only_for_a_provider_with_a_deduction(
    persona: User | None,
    expected: int,
    learner: User,
    client_for: Callable[[User | None], Client],
    enrolments: dict[str, Enrolment],
) -> None:
    before = _state()

    response = client_for(persona).post(
        "/staff/enrolment/admissions/", {"learner_email": learner.email, "programme": "BioInnovation MSc"}
    )

    assert response.status_code == expected
    if expected == 302 and persona is not None:
        assert ProgrammeAdmission.objects.get().recorded_by == persona
    else:
        assert _state() == before


@time_machine.travel(at(2026, 12, 2), tick=False)
def test_staff_refund_form_without_a_reason_is_a_form_error(
    uol_registry: User, client_for: Callable[[User | None], Client], enrolments: dict[str, Enrolment]
) -> None:
    before = _state()
    url = f"/staff/enrolment/enrolments/{enrolments['uol'].public_id}/refund/"

    response = client_for(uol_registry).post(url, {"reason": ""})

    assert response.status_code == 400
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert _state() == before


@time_machine.travel(at(2026, 12, 2), tick=False)
def test_staff_admission_of_an_unknown_learner_is_a_form_error(
    ibers_registry: User, client_for: Callable[[User | None], Client]
) -> None:
    response = client_for(ibers_registry).post(
        "/staff/enrolment/admissions/",
        {"learner_email": "nobody@example.org", "programme": "BioInnovation MSc"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"learner_email": ["No learner has that e-mail address."]}
    assert ProgrammeAdmission.objects.count() == 0


def _orders_page_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/staff/enrolment/orders/").status_code == 200
    return len(queries)


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_staff_orders_page_queries_do_not_grow_with_its_rows(
    learner: User, uol_registry: User, client_for: Callable[[User | None], Client]
) -> None:
    client = client_for(uol_registry)
    enrolment = buy(learner, uol_course("Course A"))
    services.enrolment_refund_request(learner=learner, enrolment=enrolment)
    one = _orders_page_queries(client)

    for title in ("Course B", "Course C", "Course D"):
        refunded = buy(learner, uol_course(title))
        services.enrolment_refund_request(learner=learner, enrolment=refunded)

    assert _orders_page_queries(client) == one
