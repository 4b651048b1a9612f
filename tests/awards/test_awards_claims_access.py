"""Access matrix of the registry's award pages: only a registry officer of the claim's provider sees the
queue and decides; everyone else is refused and nothing changes."""

from collections.abc import Callable

import pytest
from django.test import Client
from tests.awards.awards_builders import credits_for, ids

from microcred.accounts.models import User
from microcred.awards.models import AwardClaim, AwardEvent, ClaimStatus, CreditUse
from microcred.awards.services import award_claim
from microcred.catalog.models import Provider

pytestmark = [pytest.mark.django_db]

# (the queue page, a decision): another provider's officer sees their own, empty queue.
REFUSED = {
    "anonymous": (302, 302),
    "learner": (403, 403),
    "uol_marker": (403, 403),
    "ou_registry": (200, 403),
}


@pytest.fixture
def claim(other_learner: User) -> AwardClaim:
    credits = credits_for(other_learner, {"Data Science": 4})
    return award_claim(
        learner=other_learner,
        provider=Provider.objects.get(slug="uol"),
        award="PGCert",
        credit_ids=ids(credits),
    )


def _written() -> tuple[list[tuple[int, str]], int, int]:
    return (
        list(AwardClaim.objects.values_list("pk", "status")),
        CreditUse.objects.count(),
        AwardEvent.objects.count(),
    )


@pytest.mark.parametrize("name", list(REFUSED))
@pytest.mark.parametrize("action", ["confer", "refuse"])
def test_staff_award_decisions_are_refused_to_all_but_the_providers_registry(
    name: str,
    action: str,
    claim: AwardClaim,
    client_for: Callable[[User | None], Client],
    request: pytest.FixtureRequest,
) -> None:
    client = client_for(None if name == "anonymous" else request.getfixturevalue(name))
    before = _written()

    page = client.get("/staff/awards/")
    decision = client.post(f"/staff/awards/{claim.pk}/{action}/", {"reason": "No."})

    assert (page.status_code, decision.status_code) == REFUSED[name]
    assert "other.learner@example.org" not in page.content.decode()
    assert _written() == before


def test_the_providers_registry_officer_sees_the_queue_and_confers(
    uol_registry: User, claim: AwardClaim, client_for: Callable[[User | None], Client]
) -> None:
    client = client_for(uol_registry)

    page = client.get("/staff/awards/").content.decode()
    response = client.post(f"/staff/awards/{claim.pk}/confer/")

    assert "other.learner@example.org" in page
    assert "PGCert in Data Science" in page
    assert (response.status_code, response.headers["Location"]) == (302, "/staff/awards/")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CONFERRED


def test_the_providers_registry_officer_refuses_with_a_reason(
    uol_registry: User, claim: AwardClaim, client_for: Callable[[User | None], Client]
) -> None:
    client = client_for(uol_registry)

    empty = client.post(f"/staff/awards/{claim.pk}/refuse/", {"reason": ""})
    claim.refresh_from_db()
    status_after_empty = claim.status
    client.post(f"/staff/awards/{claim.pk}/refuse/", {"reason": "Credit under investigation."})

    assert (empty.status_code, status_after_empty) == (302, ClaimStatus.CLAIMED)
    claim.refresh_from_db()
    assert (claim.status, claim.reason) == (ClaimStatus.REFUSED, "Credit under investigation.")
    assert "Credit under investigation." in client.get("/staff/awards/").content.decode()
