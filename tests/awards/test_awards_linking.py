"""R-AW6 qualification linking: a passed OU microcredential counts towards a qualification that listed it on
the date of study; staff see the rules core's checks and approve or refuse with a reason."""

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.test import Client
from tests.assessment.builders import at
from tests.awards.awards_builders import credit_for
from tests.factories.catalog import QualificationFactory, QualificationMappingFactory

from microcred.accounts.models import User
from microcred.assessment.models import Credit
from microcred.awards.errors import ClaimRefused, NotOpen, NotPermitted
from microcred.awards.models import QualificationLink, RequestStatus
from microcred.awards.services_recognition import link_approve, link_refuse, link_request
from microcred.catalog.models import Qualification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(at(2026, 11, 23), tick=False):
        yield


def _listed(learner: User, *, effective_to: dt.date | None = None) -> tuple[Credit, Qualification]:
    credit = credit_for(learner, provider_slug="ou", subject="Data Science", awarded_on=dt.date(2026, 3, 2))
    qualification = QualificationFactory(title="PGCert in Data Analytics", study_duration_years=5)
    QualificationMappingFactory(
        qualification=qualification,
        microcredential=credit.microcredential,
        effective_from=dt.date(2025, 1, 1),
        effective_to=effective_to,
    )
    return credit, qualification


def _rows() -> list[tuple[int, str, str]]:
    return list(QualificationLink.objects.values_list("pk", "status", "reason").order_by("pk"))


def test_r_aw6_a_listed_credit_is_linked_with_every_check_kept(learner: User, ou_registry: User) -> None:
    credit, qualification = _listed(learner)
    link = link_request(learner=learner, credit=credit, qualification=qualification)

    approved = link_approve(officer=ou_registry, link_id=link.pk, entry_requirements_met=True)

    assert (approved.status, approved.decided_by_id) == (RequestStatus.GRANTED, ou_registry.pk)
    assert [(check["name"], check["met"]) for check in approved.checks] == [
        ("listed", True),
        ("restrictions", True),
        ("study_duration", True),
        ("entry_requirements", True),
    ]


def test_r_aw6_a_credit_not_listed_on_the_date_of_study_is_refused_and_changes_nothing(
    learner: User, ou_registry: User
) -> None:
    credit, qualification = _listed(learner, effective_to=dt.date(2025, 12, 31))
    link = link_request(learner=learner, credit=credit, qualification=qualification)
    before = _rows()

    with pytest.raises(ClaimRefused) as refused:
        link_approve(officer=ou_registry, link_id=link.pk, entry_requirements_met=True)

    assert refused.value.message == (
        f"{credit.microcredential.slug} for PGCert in Data Analytics was not listed on 2 March 2026 "
        "(listed from 1 January 2025 to 31 December 2025)"
    )
    assert _rows() == before


def test_r_aw6_unmet_entry_requirements_are_refused(learner: User, ou_registry: User) -> None:
    credit, qualification = _listed(learner)
    link = link_request(learner=learner, credit=credit, qualification=qualification)

    with pytest.raises(ClaimRefused) as refused:
        link_approve(officer=ou_registry, link_id=link.pk, entry_requirements_met=False)

    assert refused.value.message == "the entry requirements of PGCert in Data Analytics are not met"


def test_r_aw6_staff_refuse_with_a_reason_and_the_learner_may_ask_again(
    learner: User, ou_registry: User
) -> None:
    credit, qualification = _listed(learner)
    link = link_request(learner=learner, credit=credit, qualification=qualification)

    refused = link_refuse(officer=ou_registry, link_id=link.pk, reason="Send your transcript first.")
    again = link_request(learner=learner, credit=credit, qualification=qualification)

    assert (refused.status, refused.reason) == (RequestStatus.REFUSED, "Send your transcript first.")
    assert again.status == RequestStatus.REQUESTED


def test_r_aw6_asking_twice_is_refused(learner: User) -> None:
    credit, qualification = _listed(learner)
    link_request(learner=learner, credit=credit, qualification=qualification)

    with pytest.raises(NotOpen):
        link_request(learner=learner, credit=credit, qualification=qualification)

    assert QualificationLink.objects.count() == 1


def test_r_aw6_only_ones_own_credit_is_linked(learner: User, other_learner: User) -> None:
    credit, qualification = _listed(learner)

    with pytest.raises(NotPermitted):
        link_request(learner=other_learner, credit=credit, qualification=qualification)

    assert QualificationLink.objects.count() == 0


@pytest.mark.parametrize("officer", ["uol_registry", "ibers_registry", "learner"])
def test_r_aw6_only_the_providers_registry_decides(
    officer: str, learner: User, request: pytest.FixtureRequest
) -> None:
    credit, qualification = _listed(learner)
    link = link_request(learner=learner, credit=credit, qualification=qualification)
    user = request.getfixturevalue(officer)
    before = _rows()

    with pytest.raises(NotPermitted):
        link_approve(officer=user, link_id=link.pk, entry_requirements_met=True)
    with pytest.raises(NotPermitted):
        link_refuse(officer=user, link_id=link.pk, reason="No.")

    assert _rows() == before


def test_r_aw6_staff_see_the_checks_as_rows_and_approve_from_the_page(
    learner: User, ou_registry: User, client_for: Callable[[User | None], Client]
) -> None:
    credit, qualification = _listed(learner)
    link = link_request(learner=learner, credit=credit, qualification=qualification)
    client = client_for(ou_registry)

    page = client.get("/staff/awards/links/").content.decode()
    response = client.post(f"/staff/awards/links/{link.pk}/approve/", {"entry_requirements_met": "on"})

    assert "<tr><td>listed</td><td>yes</td>" in page
    assert "<tr><td>entry_requirements</td><td>no</td>" in page
    assert (response.status_code, response.headers["Location"]) == (302, "/staff/awards/links/")
    link.refresh_from_db()
    assert link.status == RequestStatus.GRANTED


LINK_PAGES_REFUSED = {
    "anonymous": (302, 302),
    "learner": (403, 403),
    "uol_marker": (403, 403),
    "uol_registry": (200, 403),
}


@pytest.mark.parametrize("name", list(LINK_PAGES_REFUSED))
@pytest.mark.parametrize("action", ["approve", "refuse"])
def test_r_aw6_link_pages_are_refused_to_all_but_the_providers_registry(
    name: str,
    action: str,
    learner: User,
    client_for: Callable[[User | None], Client],
    request: pytest.FixtureRequest,
) -> None:
    credit, qualification = _listed(learner)
    link = link_request(learner=learner, credit=credit, qualification=qualification)
    client = client_for(None if name == "anonymous" else request.getfixturevalue(name))
    before = _rows()

    page = client.get("/staff/awards/links/")
    decision = client.post(
        f"/staff/awards/links/{link.pk}/{action}/", {"entry_requirements_met": "on", "reason": "No."}
    )

    assert (page.status_code, decision.status_code) == LINK_PAGES_REFUSED[name]
    assert "learner@example.org" not in page.content.decode()
    assert _rows() == before
