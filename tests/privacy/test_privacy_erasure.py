"""UK GDPR right to erasure: a learner's personal data goes in one transaction (name and e-mail replaced by a
tombstone, uploaded files deleted, free text removed); the ledger still balances, the credentials they hold
still verify, the audit keeps a row; a replay changes nothing; staff and learners with something still being
decided are refused, and then nothing changes."""

import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.db.models import Sum
from django.utils import timezone
from tests.assessment.builders import course, enrolment_for, submit_file
from tests.privacy.history import STUDY_DAY, History, learner_with_history, rows_holding, snapshot, teams

from microcred.accounts.models import User
from microcred.credentials import services as credential_services
from microcred.credentials.models import Credential
from microcred.credentials.services_verification import Verdict
from microcred.payments.models import LedgerEntry
from microcred.payments.selectors import ledger_balance
from microcred.privacy import services
from microcred.privacy.errors import ErasureRefused
from microcred.privacy.models import PrivacyEvent, PrivacyEventKind

pytestmark = pytest.mark.django_db

TRACES = ("zenobia@example.org", "Zenobia", "Quillfeather")


@pytest.fixture
def ada(time_machine) -> History:
    time_machine.move_to(STUDY_DAY, tick=False)
    return learner_with_history(
        teams(), email="zenobia@example.org", first_name="Zenobia", last_name="Quillfeather", course_slug="a"
    )


def _erase(person: User, capture) -> PrivacyEvent:
    with capture(execute=True):
        return services.personal_data_erase(person=person)


def test_erasure_leaves_no_trace_of_the_name_or_address_anywhere_in_the_database(
    ada: History, django_capture_on_commit_callbacks
) -> None:
    # given the learner's traces are in many tables
    assert len(rows_holding("Quillfeather")) >= 4

    # when
    _erase(ada.person, django_capture_on_commit_callbacks)

    # then
    assert {trace: rows_holding(trace) for trace in TRACES} == {trace: {} for trace in TRACES}
    person = User.objects.get(pk=ada.person.pk)
    assert (person.email, person.first_name, person.last_name) == (
        f"erased-{person.pk}@erased.invalid",
        "",
        "",
    )
    assert (person.is_active, person.has_usable_password()) == (False, False)


def test_erasure_deletes_the_uploaded_files_and_the_texts_written(
    ada: History, django_capture_on_commit_callbacks
) -> None:
    stored = [ada.uol_submission.file.name, ada.ibers_submission.file.name]
    assert all(default_storage.exists(name) for name in stored)

    event = _erase(ada.person, django_capture_on_commit_callbacks)

    assert [default_storage.exists(name) for name in stored] == [False, False]
    assert event.summary == {
        "files": 2,
        "submissions": 2,
        "help_questions": 1,
        "reviews": 1,
        "credential_copies": 2,
        "provider_events": 1,
        "email_addresses": 1,
        "authenticators": 0,
        "cart_items": 0,
    }


def test_the_ledger_stays_and_still_balances(ada: History, django_capture_on_commit_callbacks) -> None:
    entries = list(LedgerEntry.objects.order_by("id").values_list("id", "learner_id", "amount_minor"))
    total = LedgerEntry.objects.aggregate(total=Sum("amount_minor"))["total"]
    balance = ledger_balance(learner=ada.person, currency="GBP")

    _erase(ada.person, django_capture_on_commit_callbacks)

    assert list(LedgerEntry.objects.order_by("id").values_list("id", "learner_id", "amount_minor")) == entries
    assert LedgerEntry.objects.aggregate(total=Sum("amount_minor"))["total"] == total
    assert ledger_balance(learner=ada.person, currency="GBP") == balance
    assert balance.amount_minor > 0


def test_credentials_exported_before_the_erasure_still_verify_after_it(
    ada: History, django_capture_on_commit_callbacks
) -> None:
    # given the learner downloaded their data
    archive = zipfile.ZipFile(io.BytesIO(services.personal_data_export(person=ada.person).content))
    documents = [archive.read(f"credentials/credentials/{c.public_id}.json") for c in ada.credentials]

    # when
    _erase(ada.person, django_capture_on_commit_callbacks)

    # then each still verifies (signature, issuer key, status list), and the rows stay, not revoked
    verdicts = [credential_services.verify_json_text(document, now=timezone.now()) for document in documents]
    assert [verdict.is_valid for verdict in verdicts] == [True, True]
    assert [verdict.facts.learner_name for verdict in verdicts if verdict.facts] == [
        "Zenobia Quillfeather"
    ] * 2
    assert Credential.objects.filter(learner=ada.person, is_revoked=False).count() == 2
    assert json.loads(documents[0])["credentialSubject"]["identifier"][0]["hashed"] is True


def test_the_erasure_is_audited(ada: History, django_capture_on_commit_callbacks) -> None:
    _erase(ada.person, django_capture_on_commit_callbacks)

    event = PrivacyEvent.objects.get(kind=PrivacyEventKind.ERASED)
    assert (event.person_id, event.actor_id) == (ada.person.pk, ada.person.pk)


def test_a_replayed_erasure_changes_nothing(ada: History, django_capture_on_commit_callbacks) -> None:
    first = _erase(ada.person, django_capture_on_commit_callbacks)
    before = snapshot()

    again = _erase(User.objects.get(pk=ada.person.pk), django_capture_on_commit_callbacks)

    assert again.pk == first.pk
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["uol_marker", "uol_registry", "platform_admin"])
def test_staff_cannot_be_erased_this_way_and_nothing_changes(
    request: pytest.FixtureRequest, persona: str
) -> None:
    staff_member = request.getfixturevalue(persona)
    before = snapshot()

    with pytest.raises(ErasureRefused, match="Staff accounts are not erased this way"):
        services.personal_data_erase(person=staff_member)

    assert snapshot() == before


def test_a_submission_still_being_marked_stops_the_erasure_and_nothing_changes(
    learner: User, time_machine
) -> None:
    time_machine.move_to(STUDY_DAY, tick=False)
    submit_file(enrolment_for(learner, course("uol")))
    before = snapshot()

    with pytest.raises(ErasureRefused, match="a submission of yours is still being marked"):
        services.personal_data_erase(person=learner)

    assert snapshot() == before


def test_the_public_copies_of_an_erased_learner_credentials_are_gone_and_the_page_says_why(
    client_for, ada: History, django_capture_on_commit_callbacks
) -> None:
    _erase(ada.person, django_capture_on_commit_callbacks)

    client = client_for(None)
    for credential in ada.credentials:
        for suffix in ("/credential.json", "/certificate.pdf", "/revoke/"):
            assert client.get(f"/credentials/{credential.public_id}{suffix}").status_code in (404, 302)
        assert client.get(f"/api/v1/credentials/{credential.public_id}/verification").status_code == 404
        # The link in the holder's badge still leads somewhere: gone (410), and how to check their file.
        page = client.get(f"/credentials/{credential.public_id}")
        assert page.status_code == 410
        text = page.content.decode()
        assert "/credentials/verify/" in text
        assert not any(trace in text for trace in TRACES)


def test_a_registry_officer_can_still_revoke_an_erased_learner_credential_and_the_copy_then_says_so(
    ada: History, django_capture_on_commit_callbacks
) -> None:
    # given the learner's copy, and their erasure
    archive = zipfile.ZipFile(io.BytesIO(services.personal_data_export(person=ada.person).content))
    badge = ada.credentials[0]
    document = archive.read(f"credentials/credentials/{badge.public_id}.json")
    _erase(ada.person, django_capture_on_commit_callbacks)

    # when the provider finds misconduct afterwards
    officer = User.objects.get(email="registry@uol.example.org")
    credential_services.credential_revoke(
        public_id=badge.public_id, officer=officer, reason="misconduct", note="Found after the erasure"
    )

    # then the learner's copy verifies as revoked
    verification = credential_services.verify_json_text(document, now=timezone.now())
    assert (verification.is_valid, verification.verdict) == (False, Verdict.REVOKED)
