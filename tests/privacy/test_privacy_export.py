"""UK GDPR right of access: a person's data as a ZIP of ``data.json``, their uploaded files and their signed
credentials. Exact contents; nobody else's data; R-AS5 (an IBERS mark is never in it); audited."""

import io
import json
import re
import zipfile

import pytest
from django.utils import timezone
from tests.privacy.history import IBERS_MARK, STUDY_DAY, UOL_MARK, History, learner_with_history, teams

from microcred.credentials import services as credential_services
from microcred.privacy import services
from microcred.privacy.models import PrivacyEvent, PrivacyEventKind

pytestmark = pytest.mark.django_db

DATA_KEYS = [
    "format_version",
    "exported_at",
    "account",
    "enrolments",
    "orders",
    "cart",
    "refunds",
    "ledger",
    "admissions",
    "progress",
    "quiz_attempts",
    "help_questions",
    "reviews",
    "submissions",
    "credit",
    "credentials",
    "award_claims",
    "exemptions",
    "qualification_links",
    "credit_transfers",
]


@pytest.fixture
def two_learners(time_machine) -> tuple[History, History]:
    time_machine.move_to(STUDY_DAY, tick=False)
    team_of = teams()
    ada = learner_with_history(
        team_of, email="zenobia@example.org", first_name="Zenobia", last_name="Quillfeather", course_slug="a"
    )
    bob = learner_with_history(
        team_of, email="barnaby@example.org", first_name="Barnaby", last_name="Thistlewood", course_slug="b"
    )
    return ada, bob


def _opened(content: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(content))


def test_export_holds_data_json_the_uploaded_files_and_the_signed_credentials(two_learners) -> None:
    # given
    ada, _ = two_learners

    # when
    archive = _opened(services.personal_data_export(person=ada.person).content)

    # then
    manifest = json.loads(archive.read("credentials/manifest.json"))
    expected = {
        "data.json",
        f"submissions/{ada.uol_submission.reference}-attempt-1/Quillfeather-report.pdf",
        f"submissions/{ada.ibers_submission.reference}-attempt-1/analysis.pdf",
        "credentials/manifest.json",
        *(f"credentials/{name}" for name in manifest.values()),
    }
    assert set(archive.namelist()) == expected
    assert {
        f"credentials/credentials/{credential.public_id}.json" for credential in ada.credentials
    } <= expected
    assert archive.read(f"submissions/{ada.ibers_submission.reference}-attempt-1/analysis.pdf").startswith(
        b"%PDF-"
    )


def test_export_data_json_has_every_key_and_the_person_own_records(two_learners) -> None:
    ada, _ = two_learners

    data = json.loads(_opened(services.personal_data_export(person=ada.person).content).read("data.json"))

    assert list(data) == DATA_KEYS
    assert data["account"] == {
        "email": "zenobia@example.org",
        "first_name": "Zenobia",
        "last_name": "Quillfeather",
        "role": "learner",
        "date_joined": data["account"]["date_joined"],
        "last_login": None,
        "email_addresses": [{"email": "zenobia@example.org", "verified": True, "primary": True}],
    }
    counts = {key: len(data[key]) for key in DATA_KEYS[3:]}
    assert counts == {
        "enrolments": 2,
        "orders": 2,
        "cart": 0,
        "refunds": 0,
        "ledger": 1,
        "admissions": 0,
        "progress": 1,
        "quiz_attempts": 1,
        "help_questions": 1,
        "reviews": 1,
        "submissions": 2,
        "credit": 2,
        "credentials": 2,
        "award_claims": 0,
        "exemptions": 0,
        "qualification_links": 0,
        "credit_transfers": 0,
    }
    assert data["ledger"][0]["kind"] == "charge"
    assert data["help_questions"][0]["body"] == "Zenobia Quillfeather wonders about week one"
    assert data["reviews"][0]["text"] == "Signed, Zenobia"


def test_r_as5_the_export_gives_results_as_the_learner_may_see_them_never_an_ibers_mark(two_learners) -> None:
    ada, _ = two_learners

    data = json.loads(_opened(services.personal_data_export(person=ada.person).content).read("data.json"))

    results = {submission["reference"]: submission["result"] for submission in data["submissions"]}
    assert results[ada.uol_submission.reference] == {
        "outcome": "Merit",
        "feedback": "Clear and well argued.",
        "mark": UOL_MARK,
    }
    assert results[ada.ibers_submission.reference] == {
        "outcome": "Pass",
        "feedback": "Clear and well argued.",
    }
    ibers = next(item for item in data["submissions"] if item["reference"] == ada.ibers_submission.reference)
    assert re.findall(rf"\b{IBERS_MARK}\b", json.dumps(ibers)) == []
    assert [credit["grade"] for credit in data["credit"]] == ["merit", "pass"]


def test_export_holds_nothing_of_another_learner(two_learners) -> None:
    ada, bob = two_learners

    archive = _opened(services.personal_data_export(person=ada.person).content)

    everything = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8", errors="replace")
    for trace in ("barnaby@example.org", "Barnaby", "Thistlewood", str(bob.uol_enrolment.public_id)):
        assert trace not in everything
    assert not any(str(credential.public_id) in everything for credential in bob.credentials)


def test_the_exported_credentials_verify(two_learners) -> None:
    ada, _ = two_learners

    archive = _opened(services.personal_data_export(person=ada.person).content)

    for credential in ada.credentials:
        document = archive.read(f"credentials/credentials/{credential.public_id}.json")
        assert credential_services.verify_json_text(document, now=timezone.now()).is_valid


def test_each_export_is_audited(two_learners) -> None:
    ada, _ = two_learners

    services.personal_data_export(person=ada.person)
    services.personal_data_export(person=ada.person)

    events = PrivacyEvent.objects.filter(kind=PrivacyEventKind.EXPORTED)
    assert [(event.person_id, event.actor_id) for event in events] == [(ada.person.pk, ada.person.pk)] * 2
