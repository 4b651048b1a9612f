"""Object-level access: learner A (``other_learner``) guessing learner B's ids, and staff of another provider
guessing UoL's, see nothing of B's submission and its file, credentials, refund or award claim, and change
nothing. Integer ids (claims, cart items) are tried one after another, as a guesser would; public ids are
random UUIDs, and the credential pages that are public by design (R-CD3) cannot be reached from a row id.
The per-route matrix is tests/security/test_security_access_matrix.py."""

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from tests.assessment.builders import MINIMAL_PDF, at
from tests.credentials.issuance_builders import credentials_settings
from tests.security.access_world import World

from microcred.accounts.models import User
from microcred.assessment.models import Submission
from microcred.awards.models import AwardClaim, ClaimStatus
from microcred.enrolment.models import CartItem, Enrolment, EnrolmentRefund
from microcred.payments.models import Refund

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]


@pytest.fixture
def world(learner: User, settings, tmp_path: Path, time_machine) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    credentials_settings(settings)
    time_machine.move_to(at(2026, 3, 2), tick=False)
    return World(learner)


def _guessed(public_id: str) -> str:
    """The id with its last hex digit changed: what a guesser who saw one id would try next."""
    last = public_id[-1]
    return public_id[:-1] + ("0" if last != "0" else "1")


def test_learner_a_cannot_open_learner_bs_submission_or_its_file(
    client_for: ClientFor, other_learner: User, world: World
) -> None:
    client = client_for(other_learner)
    submission = world.submission_row

    responses = [
        client.get(f"/my/enrolments/{world.enrolment}/assessment/"),
        client.get(f"/assessment/submissions/{submission.public_id}/file/"),
        client.get(f"/assessment/submissions/{_guessed(str(submission.public_id))}/file/"),
        client.get(f"/staff/marking/{submission.public_id}/"),
        client.get(f"/learn/{world.enrolment}/"),
        client.get("/api/v1/me/results"),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404, 403, 404, 200]
    assert responses[-1].json() == []
    assert all(
        b"My_Essay" not in response.content and MINIMAL_PDF not in response.content for response in responses
    )


def test_the_submission_file_is_reached_by_a_random_id_only(
    client_for: ClientFor, learner: User, world: World
) -> None:
    submission = world.submission_row

    assert submission.public_id.version == 4
    assert client_for(learner).get(f"/assessment/submissions/{submission.pk}/file/").status_code == 404


def test_learner_a_cannot_list_or_fetch_learner_bs_credentials(
    client_for: ClientFor, other_learner: User, world: World
) -> None:
    client = client_for(other_learner)
    badge = world.badge

    mine = client.get("/my/credentials/")
    listed = client.get("/api/v1/me/credentials")
    document = client.get(f"/api/v1/me/credentials/{badge.public_id}")

    assert (mine.status_code, listed.status_code, document.status_code) == (200, 200, 404)
    assert str(badge.public_id) not in mine.content.decode()
    assert listed.json() == []
    assert document.json()["message"] == "You have no credential with this id."


def test_a_credentials_public_pages_cannot_be_found_from_its_row_id(client: Client, world: World) -> None:
    badge = world.badge
    from_row_id = uuid.UUID(int=badge.pk)

    assert badge.public_id.version == 4
    assert [
        client.get(path).status_code
        for path in (
            f"/credentials/{from_row_id}/credential.json",
            f"/credentials/{_guessed(str(badge.public_id))}/credential.json",
            f"/credentials/{_guessed(str(badge.public_id))}",
            f"/credentials/{badge.pk}/credential.json",
        )
    ] == [404, 404, 404, 404]


def _refund_state() -> tuple[object, ...]:
    return (
        EnrolmentRefund.objects.count(),
        Refund.objects.count(),
        list(Enrolment.objects.values_list("pk", "status").order_by("pk")),
    )


def test_learner_a_cannot_see_or_ask_for_learner_bs_refund(
    client_for: ClientFor, other_learner: User, ou_registry: User, world: World
) -> None:
    enrolment = world.enrolment
    before = _refund_state()

    responses = [
        client_for(other_learner).get(f"/my/enrolments/{enrolment}/"),
        client_for(other_learner).post(f"/my/enrolments/{enrolment}/refund/", {"reason": "Mine now."}),
        client_for(ou_registry).get(f"/staff/enrolment/enrolments/{enrolment}/refund/"),
        client_for(ou_registry).post(f"/staff/enrolment/enrolments/{enrolment}/refund/", {"note": "Go."}),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404, 404]
    assert _refund_state() == before


def _claims() -> list[tuple[int, str, int]]:
    return list(AwardClaim.objects.values_list("pk", "status", "learner_id").order_by("pk"))


def test_learner_a_cannot_see_claim_or_decide_learner_bs_award(
    client_for: ClientFor, other_learner: User, ou_registry: User, world: World
) -> None:
    claim = AwardClaim.objects.get(pk=world.claim)
    credit_ids = ",".join(str(pk) for pk in claim.credit_uses.values_list("credit_id", flat=True))
    before = _claims()

    awards_page = client_for(other_learner).get("/my/awards/")
    api_claims = client_for(other_learner).get("/api/v1/me/claims")
    claimed_again = client_for(other_learner).post(
        "/my/awards/", {"provider": "uol", "award": "PGCert", "uses": credit_ids}
    )
    decisions = [
        client_for(person).post(f"/staff/awards/{claim_id}/confer/")
        for person in (other_learner, ou_registry)
        for claim_id in range(1, claim.pk + 3)
    ]

    assert (awards_page.status_code, api_claims.status_code, claimed_again.status_code) == (200, 200, 400)
    assert claim.title not in awards_page.content.decode()
    assert api_claims.json() == []
    assert {response.status_code for response in decisions} == {403}
    assert _claims() == before
    assert before == [(claim.pk, ClaimStatus.CLAIMED, world.learner.pk)]


def test_learner_a_removing_learner_bs_cart_items_by_number_removes_nothing(
    client_for: ClientFor, other_learner: User, world: World
) -> None:
    item = world.cart_item
    client = client_for(other_learner)

    responses = [client.post(f"/cart/items/{item_id}/remove/") for item_id in range(1, item + 3)]

    assert {(response.status_code, response["Location"]) for response in responses} == {(302, "/cart/")}
    assert list(CartItem.objects.values_list("pk", "learner_id")) == [(item, world.learner.pk)]


def test_a_submission_is_untouched_by_the_guesses(
    client_for: ClientFor, ou_registry: User, world: World
) -> None:
    submission = world.submission_row
    before = Submission.objects.filter(pk=submission.pk).values().get()

    responses = [
        client_for(ou_registry).post(f"/staff/release/{submission.public_id}/"),
        client_for(ou_registry).get(f"/assessment/submissions/{submission.public_id}/file/"),
    ]

    assert [response.status_code for response in responses] == [404, 404]
    assert Submission.objects.filter(pk=submission.pk).values().get() == before
