"""R-CD4: revocation through a W3C Bitstring Status List: each credential owns one bit of a list of at least
131,072 bits, signed by its issuer and served publicly; a registry officer of the issuing provider revokes
with a reason, the platform revokes on a refund or a superseding award, and the history is kept."""

import datetime as dt
import json
import threading
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import IntegrityError, connection
from django.test import Client
from issuance_builders import badge_for, course, credentials_settings, credit_for, document_of
from pytest_django.fixtures import Settings as SettingsWrapper

from microcred.accounts.models import User
from microcred.credentials import services
from microcred.credentials.models import Credential, CredentialStatusEvent, RevocationReason, StatusList
from microcred.credentials.services_errors import AlreadyRevoked, NotPermitted
from microcred.credentials.services_issuers import issuer_for_provider, issuer_signing_key
from microcred.credentials.services_status import status_indexes_allocate
from microcred.credentials.services_verification import Verdict, verify_document
from microcred.credentials.status_list import StatusList as Bitstring

PERSONAS = (
    "anonymous",
    "learner",
    "uol_marker",
    "uol_moderator",
    "uol_registry",
    "ou_registry",
    "ibers_registry",
    "platform_admin",
)


@pytest.fixture(autouse=True)
def _settings(settings: SettingsWrapper) -> None:
    credentials_settings(settings)


@pytest.fixture
def badge(learner: User) -> Credential:
    return badge_for(learner)


def _list_document(credential: Credential) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(StatusList.objects.get(pk=credential.status_list_id).document_json)
    return document


def _bit(credential: Credential) -> bool:
    encoded = _list_document(credential)["credentialSubject"]["encodedList"]
    return Bitstring.decode(encoded).is_set(credential.status_index)


@pytest.mark.django_db
def test_r_cd4_a_badge_has_a_revocation_entry_in_a_list_of_at_least_131072_bits(badge: Credential) -> None:
    entry = document_of(badge)["credentialStatus"]
    list_url = f"https://microcred.example/credentials/status/uol/{badge.status_list.number}"

    assert entry == {
        "id": f"{list_url}#{badge.status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(badge.status_index),
        "statusListCredential": list_url,
    }
    list_document = _list_document(badge)
    assert list_document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert Bitstring.decode(list_document["credentialSubject"]["encodedList"]).size == 131_072


@pytest.mark.django_db
def test_r_cd4_the_list_is_signed_by_the_issuer_of_the_credentials_it_covers(badge: Credential) -> None:
    list_document = _list_document(badge)

    assert list_document["issuer"] == document_of(badge)["issuer"]["id"]
    assert verify_document(list_document, now=badge.issued_at).verdict is Verdict.VALID


@pytest.mark.django_db
def test_r_cd4_the_list_is_served_publicly(client: Client, badge: Credential) -> None:
    url = document_of(badge)["credentialStatus"]["statusListCredential"].removeprefix(
        "https://microcred.example"
    )

    response = client.get(url)

    assert response.status_code == 200
    assert response.content.decode() == badge.status_list.document_json
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db
def test_r_cd4_an_officer_revokes_sets_the_bit_and_keeps_the_history(
    badge: Credential, uol_registry: User, time_machine: time_machine.TimeMachineFixture
) -> None:
    # given: the revocation comes a second and a half after the issue, always across a second boundary, so
    # the re-signed list's validFrom (whole seconds) is later than the issue and it is checked when made.
    revoked_at = badge.issued_at + dt.timedelta(seconds=1.5)
    time_machine.move_to(revoked_at, tick=False)
    # when
    services.credential_revoke(
        public_id=badge.public_id, officer=uol_registry, reason="misconduct", note="Plagiarised project."
    )

    # then
    badge.refresh_from_db()
    assert badge.is_revoked is True
    assert _bit(badge) is True
    assert verify_document(document_of(badge), now=badge.issued_at).verdict is Verdict.REVOKED
    assert list(CredentialStatusEvent.objects.values_list("credential_id", "reason", "note", "actor_id")) == [
        (badge.pk, "misconduct", "Plagiarised project.", uol_registry.pk)
    ]
    assert verify_document(_list_document(badge), now=revoked_at).verdict is Verdict.VALID


@pytest.mark.django_db
def test_r_cd4_the_public_page_says_revoked_and_not_why(
    client: Client, badge: Credential, uol_registry: User
) -> None:
    services.credential_revoke(
        public_id=badge.public_id, officer=uol_registry, reason="misconduct", note="Plagiarised project."
    )

    page = client.get(f"/credentials/{badge.public_id}").content.decode()

    assert '<h2 id="verdict-heading" class="verdict__headline">Revoked</h2>' in page
    assert "Its issuer has revoked it." in page
    assert "Plagiarised" not in page
    assert "misconduct" not in page.lower()


@pytest.mark.django_db
def test_r_cd4_revocation_is_final(badge: Credential, uol_registry: User) -> None:
    services.credential_revoke(
        public_id=badge.public_id, officer=uol_registry, reason="misconduct", note="First."
    )

    with pytest.raises(AlreadyRevoked):
        services.credential_revoke(
            public_id=badge.public_id, officer=uol_registry, reason="misconduct", note="Again."
        )
    assert CredentialStatusEvent.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reason", "note"), [("misconduct", "   "), ("lost_it", "A reason"), ("misconduct", "x" * 501)]
)
def test_r_cd4_a_revocation_needs_a_known_reason_and_a_note(
    badge: Credential, uol_registry: User, reason: str, note: str
) -> None:
    with pytest.raises(NotPermitted):
        services.credential_revoke(public_id=badge.public_id, officer=uol_registry, reason=reason, note=note)

    badge.refresh_from_db()
    assert (badge.is_revoked, _bit(badge), CredentialStatusEvent.objects.count()) == (False, False, 0)


@pytest.mark.django_db
def test_r_en5_a_refund_revokes_what_the_enrolment_issued(badge: Credential) -> None:
    enrolment_id = badge.credit.submission.enrolment_id

    first = services.credentials_revoke_for_enrolment(
        enrolment_id=enrolment_id, note="Refunded in the window."
    )
    second = services.credentials_revoke_for_enrolment(
        enrolment_id=enrolment_id, note="Refunded in the window."
    )

    assert first is not None
    assert second is None
    assert list(CredentialStatusEvent.objects.values_list("reason", "actor_id")) == [("refund", None)]
    badge.refresh_from_db()
    assert (badge.is_revoked, _bit(badge)) == (True, True)


@pytest.mark.django_db
def test_r_aw4_a_superseding_award_revokes_the_credit_badge(badge: Credential) -> None:
    services.credentials_revoke_for_credit(
        credit_id=badge.credit_id, reason=RevocationReason.SUPERSEDED, note="Superseded by the PGDip."
    )

    assert verify_document(document_of(badge), now=badge.issued_at).verdict is Verdict.REVOKED


@pytest.mark.django_db
def test_r_cd4_the_platform_does_not_revoke_for_misconduct_on_its_own(badge: Credential) -> None:
    with pytest.raises(NotPermitted):
        services.credentials_revoke_for_credit(
            credit_id=badge.credit_id, reason=RevocationReason.MISCONDUCT, note="No officer."
        )


@pytest.mark.django_db
def test_r_cd4_status_indexes_are_unique_across_many_badges(learner: User) -> None:
    microcredential = course()
    badges = [badge_for(learner, course(title=f"Course {n}", slug=f"course-{n}")) for n in range(5)]
    badges.append(badge_for(learner, microcredential))

    pairs = [(badge.status_list_id, badge.status_index) for badge in badges]
    assert len(set(pairs)) == 6
    assert StatusList.objects.get().next_position == 6


@pytest.mark.django_db
def test_r_cd4_two_credentials_cannot_share_a_status_bit(badge: Credential, other_learner: User) -> None:
    other = badge_for(other_learner)

    other.status_index = badge.status_index
    with pytest.raises(IntegrityError):
        other.save(update_fields=["status_index"])


@pytest.mark.django_db
def test_r_cd4_a_full_list_opens_the_next_one(badge: Credential) -> None:
    StatusList.objects.filter(pk=badge.status_list_id).update(next_position=131_071)
    issuer = issuer_for_provider(badge.issuer.provider)

    allocated = status_indexes_allocate(issuer=issuer, key=issuer_signing_key(issuer), count=2)

    assert [status_list.number for status_list, _ in allocated] == [1, 2]
    assert StatusList.objects.get(number=1).next_position == 131_072


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_r_cd4_concurrent_issuance_allocates_distinct_bits(learner: User, other_learner: User) -> None:
    """Eight workers issue at once; the issuer's row lock and the F() counter keep every bit distinct."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write; the race needs PostgreSQL")
    microcredentials = [course(title=f"Course {n}", slug=f"course-{n}") for n in range(8)]
    credits = [
        credit_for(learner if n % 2 else other_learner, microcredential)
        for n, microcredential in enumerate(microcredentials)
    ]
    errors: list[BaseException] = []

    def issue(credit_id: int) -> None:
        try:
            services.credential_issue_for_credit(credit_id=credit_id)
        except BaseException as error:  # reported below, not swallowed
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(credit.pk,)) for credit in credits]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    pairs = list(Credential.objects.values_list("status_list_id", "status_index"))
    assert (len(pairs), len(set(pairs))) == (8, 8)


def _state(badge: Credential) -> tuple[bool, int, str]:
    badge.refresh_from_db()
    return badge.is_revoked, CredentialStatusEvent.objects.count(), StatusList.objects.get().document_json


REVOKED = "revoked"
REFUSED_LOGIN = "login"
REFUSED = "forbidden"
# R-CD4: only a registry officer of the issuing provider (UoL) may revoke.
OUTCOMES = {
    "anonymous": REFUSED_LOGIN,
    "learner": REFUSED,
    "uol_marker": REFUSED,
    "uol_moderator": REFUSED,
    "uol_registry": REVOKED,
    "ou_registry": REFUSED,
    "ibers_registry": REFUSED,
    "platform_admin": REFUSED,
}


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "outcome"), list(OUTCOMES.items()), indirect=["persona"])
def test_r_cd4_only_the_providers_registry_officer_revokes_and_others_change_nothing(
    client_for: Callable[[User | None], Client], badge: Credential, persona: User | None, outcome: str
) -> None:
    before = _state(badge)
    url = f"/credentials/{badge.public_id}/revoke/"

    response = client_for(persona).post(url, {"reason": "misconduct", "note": "Plagiarised project."})

    if outcome == REVOKED:
        assert (response.status_code, response["Location"]) == (302, f"/credentials/{badge.public_id}")
        assert _state(badge)[:2] == (True, 1)
        return
    expected = (302, f"/accounts/login/?next={url}") if outcome == REFUSED_LOGIN else (403, None)
    assert (response.status_code, response.get("Location")) == expected
    assert _state(badge) == before
