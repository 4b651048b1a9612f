"""``microcred credentials verify | export | issue``: R-CD3 verification from a file (exit 0 valid, 1 not,
2 bad input), a learner's credentials exported with every document a verifier fetches, and R-CD1 issuance
of every pending badge."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from issuance_builders import (
    PUBLIC_HOST,
    badge_for,
    course,
    credentials_settings,
    credit_for,
    document_of,
)
from pytest_django.fixtures import Settings as SettingsWrapper

from microcred.accounts.models import User
from microcred.credentials import services
from microcred.credentials.models import Credential
from microcred.credentials.services_verification import Verdict, verify_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings: SettingsWrapper) -> None:
    credentials_settings(settings, did_web=True)


def _run(*args: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command("credentials", *args, stdout=stdout, stderr=stderr)
    except CommandError as error:
        return error.returncode, stdout.getvalue(), str(error)
    return 0, stdout.getvalue(), stderr.getvalue()


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_r_cd3_verify_prints_valid_and_exits_0(tmp_path: Path, learner: User) -> None:
    credential = badge_for(learner)

    code, out, _ = _run("verify", _write(tmp_path, "badge.json", credential.document_json))

    assert code == 0
    assert out.splitlines()[:2] == [
        "Valid: Its signature holds, and its issuer has not revoked it.",
        "  Title: Data Science Foundations",
    ]
    assert f"  Issuer: University of London (did:web:{PUBLIC_HOST}:issuers:uol)" in out.splitlines()


def test_r_cd3_verify_of_a_tampered_credential_exits_1(tmp_path: Path, learner: User) -> None:
    document = document_of(badge_for(learner))
    document["credentialSubject"]["creditsEarned"] = 60

    code, out, error = _run("verify", _write(tmp_path, "badge.json", json.dumps(document)))

    assert code == 1
    assert out == "Not genuine: Its signature does not hold: the signature does not match the document.\n"
    assert error == "not valid: Its signature does not hold: the signature does not match the document."


def test_r_cd4_verify_of_a_revoked_credential_exits_1(
    tmp_path: Path, learner: User, uol_registry: User
) -> None:
    credential = badge_for(learner)
    services.credential_revoke(
        public_id=credential.public_id, officer=uol_registry, reason="misconduct", note="x y"
    )

    code, out, _ = _run("verify", _write(tmp_path, "badge.json", credential.document_json))

    assert code == 1
    assert out.startswith("Revoked: Its issuer has revoked it.\n")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "FILE: cannot read {path}: No such file or directory"),
        ("{not json", "FILE: {path} is not JSON"),
        ("[1, 2]", "FILE: {path} holds JSON, but not a credential (a JSON object)"),
    ],
)
def test_r_cd3_verify_of_bad_input_exits_2_naming_it(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = str(tmp_path / "input.json")
    if content is not None:
        Path(path).write_text(content, encoding="utf-8")

    code, out, error = _run("verify", path)

    assert (code, out, error) == (2, "", message.format(path=path))


def test_r_cd3_export_writes_credentials_and_what_a_verifier_fetches(tmp_path: Path, learner: User) -> None:
    # given
    badge = badge_for(learner)
    transcript = services.transcript_issue(learner=learner)

    # when
    code, out, _ = _run("export", "--learner", "LEARNER@example.org", "--out", str(tmp_path / "export"))

    # then
    assert code == 0
    manifest = json.loads((tmp_path / "export" / "manifest.json").read_text("utf-8"))
    assert manifest == {
        f"https://{PUBLIC_HOST}/issuers/platform/did.json": "issuers/platform/did.json",
        f"https://{PUBLIC_HOST}/issuers/uol/did.json": "issuers/uol/did.json",
        "https://microcred.example/credentials/status/platform/1": "status-lists/platform-1.json",
        "https://microcred.example/credentials/status/uol/1": "status-lists/uol-1.json",
        "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json": "contexts/clr-v2p0-2.0.1.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "contexts/ob-v3p0-context-3.0.3.json",
        "https://w3id.org/security/multikey/v1": "contexts/multikey-v1.jsonld",
        "https://www.w3.org/ns/credentials/v2": "contexts/credentials-v2.jsonld",
        "https://www.w3.org/ns/did/v1": "contexts/did-v1.jsonld",
        f"urn:uuid:{badge.public_id}": f"credentials/{badge.public_id}.json",
        f"urn:uuid:{transcript.public_id}": f"credentials/{transcript.public_id}.json",
    }
    assert all((tmp_path / "export" / name).is_file() for name in manifest.values())
    assert (tmp_path / "export" / f"credentials/{badge.public_id}.json").read_text(
        "utf-8"
    ) == badge.document_json
    did_document = json.loads((tmp_path / "export" / "issuers/uol/did.json").read_text("utf-8"))
    assert did_document["assertionMethod"] == [f"did:web:{PUBLIC_HOST}:issuers:uol#key-1"]
    assert out == (
        f"Wrote 2 credentials and 9 documents to check them with; {tmp_path / 'export' / 'manifest.json'} "
        "maps each URL to its file.\n"
    )


def test_r_cd3_export_of_an_unknown_learner_exits_2(tmp_path: Path) -> None:
    code, _, error = _run("export", "--learner", "nobody@example.org", "--out", str(tmp_path))

    assert (code, error) == (2, "--learner: no one has the e-mail address 'nobody@example.org'")


def test_r_cd1_issue_pending_issues_every_credit_without_a_badge(learner: User, other_learner: User) -> None:
    credits = [credit_for(learner), credit_for(other_learner), credit_for(learner, course("ou"))]
    stdout, stderr = io.StringIO(), io.StringIO()

    call_command("credentials", "issue", "--pending", stdout=stdout, stderr=stderr)

    assert stdout.getvalue() == "Issued 3 badges in 2 groups.\n"
    assert stderr.getvalue().endswith("\rIssuing badges [##############################] 3/3\n")
    issued = Credential.objects.order_by("credit_id")
    assert [credential.credit_id for credential in issued] == [credit.pk for credit in credits]
    assert {verify_document(document_of(c), now=c.issued_at).verdict for c in issued} == {Verdict.VALID}


def test_r_cd1_issue_pending_with_nothing_pending_says_so() -> None:
    stdout, stderr = io.StringIO(), io.StringIO()

    call_command("credentials", "issue", "--pending", stdout=stdout, stderr=stderr)

    assert (stdout.getvalue(), stderr.getvalue()) == ("Issued 0 badges in 0 groups.\n", "")
