"""R-AW5 set exemption: four passes of one IBERS set exempt exactly 20 credits of one related MSc, after
admission and the department's approval; never more, never from two sets. Refusals change nothing."""

from collections.abc import Callable

import pytest
from django.test import Client
from tests.awards.awards_builders import credit_for
from tests.factories.catalog import CourseSetFactory, CourseSetMemberFactory

from microcred.accounts.models import User
from microcred.awards.errors import ClaimRefused, NotPermitted
from microcred.awards.models import RequestStatus, SetExemption
from microcred.awards.services_recognition import exemption_apply, exemption_grant
from microcred.catalog.models import CourseSet
from microcred.enrolment.models import ProgrammeAdmission

pytestmark = pytest.mark.django_db

MSC = "BioInnovation MSc"


def _set_passed(learner: User, name: str, passes: int) -> CourseSet:
    """A set of four courses of which the learner passed the first ``passes``."""
    course_set = CourseSetFactory(name=name)
    for position in range(1, 5):
        credit = credit_for(
            learner, provider_slug="ibers", subject="Plant Breeding", title=f"{name} {position}"
        )
        CourseSetMemberFactory(
            course_set=course_set, microcredential=credit.microcredential, position=position
        )
        if position > passes:
            credit.delete()
            credit.submission.delete()
    return course_set


def _admit(learner: User, officer: User, programme: str = MSC) -> None:
    ProgrammeAdmission.objects.create(
        learner=learner,
        provider=officer.provider,
        programme=programme,
        recorded_by=officer,
        deduction_minor=0,
        counted_minor=0,
        cap_minor=0,
        currency="GBP",
        policy_version="test",
    )


def _rows() -> list[tuple[int, str, int]]:
    return list(SetExemption.objects.values_list("pk", "status", "credits").order_by("pk"))


def test_r_aw5_four_passes_admitted_and_approved_exempt_exactly_20_credits(
    learner: User, ibers_registry: User
) -> None:
    course_set = _set_passed(learner, "Plant Breeding", 4)
    _admit(learner, ibers_registry)
    exemption = exemption_apply(learner=learner, course_set=course_set, programme=MSC)

    granted = exemption_grant(officer=ibers_registry, exemption_id=exemption.pk, department_approved=True)

    assert (granted.status, granted.credits, granted.decided_by_id) == (
        RequestStatus.GRANTED,
        20,
        ibers_registry.pk,
    )


@pytest.mark.parametrize(
    ("passes", "admitted", "approved", "reasons"),
    [
        (
            3,
            True,
            True,
            "no set is complete: Plant Breeding has 3 of 4 passed; "
            "the chosen set Plant Breeding is not complete",
        ),
        (4, False, True, "the learner has not been admitted as a postgraduate student"),
        (4, True, False, "the academic department has not approved the exemption"),
    ],
)
def test_r_aw5_an_incomplete_set_or_missing_standing_is_refused_and_changes_nothing(
    passes: int, admitted: bool, approved: bool, reasons: str, learner: User, ibers_registry: User
) -> None:
    course_set = _set_passed(learner, "Plant Breeding", passes)
    if admitted:
        _admit(learner, ibers_registry)
    exemption = exemption_apply(learner=learner, course_set=course_set, programme=MSC)
    before = _rows()

    with pytest.raises(ClaimRefused) as refused:
        exemption_grant(officer=ibers_registry, exemption_id=exemption.pk, department_approved=approved)

    assert refused.value.message == reasons
    assert _rows() == before


def test_r_aw5_never_from_two_sets(learner: User, ibers_registry: User) -> None:
    first = _set_passed(learner, "Plant Breeding", 4)
    second = _set_passed(learner, "Soil Science", 4)
    _admit(learner, ibers_registry)
    exemption_grant(
        officer=ibers_registry,
        exemption_id=exemption_apply(learner=learner, course_set=first, programme=MSC).pk,
        department_approved=True,
    )
    other = exemption_apply(learner=learner, course_set=second, programme=MSC)
    before = _rows()

    with pytest.raises(ClaimRefused) as refused:
        exemption_grant(officer=ibers_registry, exemption_id=other.pk, department_approved=True)

    assert refused.value.message == "The learner already holds an exemption from another set."
    assert _rows() == before
    assert sum(SetExemption.objects.values_list("credits", flat=True)) == 20


def test_r_aw5_a_programme_that_does_not_recognise_sets_is_refused(learner: User) -> None:
    course_set = _set_passed(learner, "Plant Breeding", 4)

    with pytest.raises(ClaimRefused) as refused:
        exemption_apply(learner=learner, course_set=course_set, programme="MBA")

    assert refused.value.field == "programme"
    assert SetExemption.objects.count() == 0


@pytest.mark.parametrize("officer", ["uol_registry", "learner"])
def test_r_aw5_only_the_providers_registry_grants(
    officer: str, learner: User, request: pytest.FixtureRequest
) -> None:
    course_set = _set_passed(learner, "Plant Breeding", 4)
    exemption = exemption_apply(learner=learner, course_set=course_set, programme=MSC)
    before = _rows()

    with pytest.raises(NotPermitted):
        exemption_grant(
            officer=request.getfixturevalue(officer), exemption_id=exemption.pk, department_approved=True
        )

    assert _rows() == before


def test_r_aw5_the_registry_grants_from_the_page_with_the_departments_approval(
    learner: User, ibers_registry: User, client_for: Callable[[User | None], Client]
) -> None:
    course_set = _set_passed(learner, "Plant Breeding", 4)
    _admit(learner, ibers_registry)
    exemption = exemption_apply(learner=learner, course_set=course_set, programme=MSC)
    client = client_for(ibers_registry)

    page = client.get("/staff/awards/recognition/").content.decode()
    response = client.post(f"/staff/awards/exemptions/{exemption.pk}/grant/", {"department_approved": "on"})

    assert "<td>Plant Breeding</td><td>BioInnovation MSc</td>" in page
    assert (response.status_code, response.headers["Location"]) == (302, "/staff/awards/recognition/")
    assert _rows() == [(exemption.pk, RequestStatus.GRANTED, 20)]


RECOGNITION_PAGES = {"anonymous": (302, 302), "learner": (403, 403), "uol_registry": (200, 403)}


@pytest.mark.parametrize("name", list(RECOGNITION_PAGES))
def test_r_aw5_the_exemption_pages_are_refused_to_all_but_the_providers_registry(
    name: str, learner: User, client_for: Callable[[User | None], Client], request: pytest.FixtureRequest
) -> None:
    course_set = _set_passed(learner, "Plant Breeding", 4)
    exemption = exemption_apply(learner=learner, course_set=course_set, programme=MSC)
    client = client_for(None if name == "anonymous" else request.getfixturevalue(name))
    before = _rows()

    page = client.get("/staff/awards/recognition/")
    decision = client.post(f"/staff/awards/exemptions/{exemption.pk}/grant/", {"department_approved": "on"})

    assert (page.status_code, decision.status_code) == RECOGNITION_PAGES[name]
    assert "Plant Breeding" not in page.content.decode()
    assert _rows() == before
