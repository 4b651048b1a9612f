"""R-CD3: anyone can verify a credential without an account, by its page or by uploading or pasting its JSON;
the answer names the learner, the achievement, the issuer and the date, and says plainly whether it is
valid, revoked or not genuine. Verifying resolves only our own keys: nothing is fetched."""

import copy
import datetime as dt
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from issuance_builders import SITE_URL, badge_for, credentials_settings, document_of, named_learner
from pytest_django.fixtures import Settings as SettingsWrapper

from microcred.accounts.models import User
from microcred.credentials import services
from microcred.credentials.data_integrity import ProofOptions, create_proof
from microcred.credentials.keys import SigningKey
from microcred.credentials.models import Credential
from microcred.credentials.services_issuers import signing_key_of
from microcred.credentials.services_verification import Verdict, verify_document

pytestmark = pytest.mark.django_db

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
    learner.first_name, learner.last_name = "Ada", "Lovelace"
    learner.save(update_fields=["first_name", "last_name"])
    return badge_for(learner)


def _unsigned(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in copy.deepcopy(document).items() if key != "proof"}


def _upload(client: Client, document: Any) -> str:
    data = json.dumps(document).encode()
    response = client.post("/credentials/verify/", {"file": SimpleUploadedFile("badge.json", data)})
    assert response.status_code == 200
    return response.content.decode()


def test_r_cd3_the_page_needs_no_account_and_answers_valid(client: Client, badge: Credential) -> None:
    response = client.get(f"/credentials/{badge.public_id}")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<h2 id="verdict-heading" class="verdict__headline">Valid</h2>' in page
    for shown in (
        "<dt>Learner</dt><dd>Ada Lovelace</dd>",
        "<dt>Achievement</dt><dd>Data Science Foundations</dd>",
        "<dt>Awarded</dt><dd>12 March 2026</dd>",
        "<dt>Credit</dt><dd>15 UK credits</dd>",
        "<dt>Level</dt><dd>FHEQ level 7 · EQF level 7 · QF-EHEA second cycle</dd>",
        "<dt>Result</dt><dd>Merit</dd>",
    ):
        assert shown in page
    assert "<dt>Issuer</dt><dd>University of London <span" in page


def test_r_cd3_add_to_linkedin_names_the_certification(client: Client, badge: Credential) -> None:
    page = client.get(f"/credentials/{badge.public_id}").content.decode()

    link = page.split('<a class="button" href="')[1].split('"')[0].replace("&amp;", "&")
    parts = urlsplit(link)
    issued = badge.issued_at.astimezone(dt.UTC)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://www.linkedin.com/profile/add"
    assert parse_qs(parts.query) == {
        "startTask": ["CERTIFICATION_NAME"],
        "name": ["Data Science Foundations"],
        "organizationName": ["University of London"],
        "issueYear": [str(issued.year)],
        "issueMonth": [str(issued.month)],
        "certUrl": [f"{SITE_URL}/credentials/{badge.public_id}"],
        "certId": [str(badge.public_id)],
    }


def test_r_cd3_the_json_download_is_the_signed_bytes(client: Client, badge: Credential) -> None:
    response = client.get(f"/credentials/{badge.public_id}/credential.json")

    assert response.status_code == 200
    assert response.content == badge.document_json.encode("utf-8")
    assert response["Content-Disposition"] == f'attachment; filename="credential-{badge.public_id}.json"'


def test_r_cd3_an_unknown_credential_is_not_found(client: Client) -> None:
    assert client.get("/credentials/00000000-0000-4000-8000-000000000000").status_code == 404


def test_r_cd3_an_uploaded_credential_gets_the_same_checks(client: Client, badge: Credential) -> None:
    page = _upload(client, document_of(badge))

    assert '<h2 id="verdict-heading" class="verdict__headline">Valid</h2>' in page
    assert "<dt>Learner</dt><dd>Ada Lovelace</dd>" in page


def test_r_cd3_pasted_json_is_checked_too(client: Client, badge: Credential) -> None:
    response = client.post("/credentials/verify/", {"text": badge.document_json})

    assert '<h2 id="verdict-heading" class="verdict__headline">Valid</h2>' in response.content.decode()


def test_r_cd3_a_tampered_credential_is_not_genuine_and_its_claims_are_not_repeated(
    client: Client, badge: Credential
) -> None:
    tampered = document_of(badge)
    tampered["credentialSubject"]["name"] = "Mallory Forger"

    page = _upload(client, tampered)

    assert '<h2 id="verdict-heading" class="verdict__headline">Not genuine</h2>' in page
    assert "Its signature does not hold: the signature does not match the document." in page
    assert "Mallory Forger" not in page


def test_r_cd3_a_credential_signed_by_a_key_we_do_not_know_is_not_genuine(badge: Credential) -> None:
    stranger = SigningKey.for_did_key(Ed25519PrivateKey.from_private_bytes(bytes(range(32))))
    forged = _unsigned(document_of(badge))
    forged["issuer"]["id"] = stranger.controller

    verification = verify_document(
        create_proof(forged, stranger, ProofOptions(created=badge.issued_at)), now=badge.issued_at
    )

    assert (verification.verdict, verification.reason, verification.facts) == (
        Verdict.NOT_GENUINE,
        "It was not signed with the key of an issuer this platform knows.",
        None,
    )


def test_r_cd3_an_issuer_that_does_not_control_the_key_is_not_genuine(badge: Credential) -> None:
    misattributed = _unsigned(document_of(badge))
    misattributed["issuer"]["id"] = "did:web:another-university.example"
    signed = create_proof(misattributed, signing_key_of(badge.key), ProofOptions(created=badge.issued_at))

    verification = verify_document(signed, now=badge.issued_at)

    assert (verification.verdict, verification.reason) == (
        Verdict.NOT_GENUINE,
        "The issuer it names does not control the key that signed it.",
    )


def test_r_cd3_a_credential_is_not_valid_before_its_valid_from(badge: Credential) -> None:
    verification = verify_document(document_of(badge), now=badge.issued_at - dt.timedelta(days=1))

    assert verification.verdict is Verdict.NOT_IN_FORCE
    assert verification.reason.startswith("It is not valid before ")


def test_r_cd3_a_credential_past_its_valid_until_has_expired(badge: Credential) -> None:
    dated = _unsigned(document_of(badge))
    dated["validUntil"] = "2027-01-01T00:00:00Z"
    signed = create_proof(dated, signing_key_of(badge.key), ProofOptions(created=badge.issued_at))

    verification = verify_document(signed, now=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))

    assert (verification.verdict, verification.reason) == (
        Verdict.NOT_IN_FORCE,
        "It expired on 01 January 2027.",
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("not json at all", "This is not JSON, so it cannot be a credential."),
        ("[1, 2, 3]", "This is not a verifiable credential."),
        (
            '{"type": ["VerifiableCredential"]}',
            "It was not signed with the key of an issuer this platform knows.",
        ),
    ],
)
def test_r_cd3_what_is_not_a_credential_is_said_plainly(client: Client, text: str, reason: str) -> None:
    page = client.post("/credentials/verify/", {"text": text}).content.decode()

    assert '<h2 id="verdict-heading" class="verdict__headline">Not genuine</h2>' in page
    assert reason in page


def test_r_cd3_an_empty_verify_form_asks_for_a_credential(client: Client) -> None:
    page = client.post("/credentials/verify/", {}).content.decode()

    assert "Upload a credential file or paste its JSON." in page
    assert "verdict-heading" not in page


def test_r_cd3_a_name_with_control_characters_shows_them_as_spaces(client: Client) -> None:
    learner = named_learner("bell@example.org", "Bell\x07Ringer", "Zoë")
    credential = badge_for(learner)

    page = client.get(f"/credentials/{credential.public_id}").content.decode()

    assert "<dt>Learner</dt><dd>Bell Ringer Zoë</dd>" in page


def test_r_cd3_verifying_opens_no_connection(badge: Credential, monkeypatch: pytest.MonkeyPatch) -> None:
    """did:key and our own did:web issuers are resolved here; a verifier that fetched would fail this."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("verification tried to open a network connection")

    monkeypatch.setattr("socket.socket.connect", refuse)
    monkeypatch.setattr("socket.create_connection", refuse)

    assert services.verify_json_text(badge.document_json, now=badge.issued_at).verdict is Verdict.VALID


OK = (200, None)
FORBIDDEN = (403, None)


def _login(path: str) -> tuple[int, str]:
    return (302, f"/accounts/login/?next={path}")


# One row per page; one column per persona, in the order of PERSONAS. {id} is the learner's badge.
MATRIX: dict[str, tuple[tuple[int, str | None], ...]] = {
    "/credentials/{id}": (OK,) * 8,
    "/credentials/{id}/credential.json": (OK,) * 8,
    "/credentials/{id}/certificate.pdf": (OK,) * 8,
    "/credentials/verify/": (OK,) * 8,
    "/my/credentials/": (_login("/my/credentials/"), OK, OK, OK, OK, OK, OK, OK),
    "/staff/credentials/": (
        _login("/staff/credentials/"), FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK, OK, FORBIDDEN,
    ),
    "/credentials/{id}/revoke/": (
        _login("/credentials/{id}/revoke/"), FORBIDDEN, FORBIDDEN, FORBIDDEN,
        OK, FORBIDDEN, FORBIDDEN, FORBIDDEN,
    ),
}  # fmt: skip
CASES = [
    pytest.param(persona, path, MATRIX[path][column], id=f"{persona}-{path}")
    for path in MATRIX
    for column, persona in enumerate(PERSONAS)
]


@pytest.mark.parametrize(("persona", "path", "expected"), CASES, indirect=["persona"])
def test_r_cd3_access_matrix_of_the_credential_pages(
    client_for: Callable[[User | None], Client],
    badge: Credential,
    persona: User | None,
    path: str,
    expected: tuple[int, str | None],
) -> None:
    url = path.format(id=badge.public_id)

    response = client_for(persona).get(url)

    location = expected[1].format(id=badge.public_id) if expected[1] else None
    assert (response.status_code, response.get("Location")) == (expected[0], location)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
BADGE_KEYS = ("issuer", "credentialSubject", "credentialStatus", "proof", "validFrom", "type", "@context")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(BADGE_KEYS), value=JSON_VALUES)
def test_r_cd3_any_change_to_a_badge_gets_an_answer_not_a_traceback(
    badge: Credential, key: str, value: Any
) -> None:
    document = document_of(badge)
    document[key] = value

    verification = verify_document(document, now=badge.issued_at)

    assert verification.verdict in (Verdict.NOT_GENUINE, Verdict.VALID)
    assert verification.reason


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=JSON_VALUES)
def test_r_cd3_any_json_gets_an_answer_not_a_traceback(value: Any) -> None:
    verification = services.verify_json_text(json.dumps(value), now=dt.datetime(2026, 3, 12, tzinfo=dt.UTC))

    assert verification.verdict is Verdict.NOT_GENUINE
