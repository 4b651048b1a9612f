"""R-CD3 under fuzzing: whatever is handed to the verifier, at every boundary it has (the service, the
``/credentials/verify/`` page, ``POST /api/v1/verifications`` and ``microcred credentials verify``), the
answer is a verdict or a clean refusal, never an exception. The documents are random JSON, nesting deeper
than any parser allows, and real signed badges and transcripts with fields flipped, dropped, retyped and
replaced at any depth and with wrong proof values. A changed letter or number is never valid.
tests/credentials/test_verification_page.py fuzzes top-level keys of a badge; this goes to every depth."""

import copy
import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.credentials.issuance_builders import badge_for, course, credentials_settings, document_of

from microcred.credentials import services
from microcred.credentials.models import Credential
from microcred.credentials.services_verification import Verdict, Verification

pytestmark = pytest.mark.django_db

FUZZ = settings(
    deadline=None,
    max_examples=120,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FEW = settings(FUZZ, max_examples=25)
# The badges are issued at the real time of the run, so they are verified a day after it.
NOW = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**63),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["", "VerifiableCredential", "did:key:z6Mk", "2026-03-12T10:00:00Z", "-1", "\x00"]),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@pytest.fixture(autouse=True)
def _settings(settings) -> None:
    credentials_settings(settings)


@pytest.fixture
def signed(learner) -> dict[str, dict[str, Any]]:
    """A badge and a transcript embedding it and a second one, as issued and signed."""
    badge = badge_for(learner)
    badge_for(learner, course(title="Law and Ethics", slug="law-and-ethics"))
    transcript = services.transcript_issue(learner=learner)
    return {"badge": document_of(badge), "transcript": document_of(transcript)}


def _assert_verdict(verification: Verification, depth: int = 0) -> None:
    assert isinstance(verification.verdict, Verdict)
    assert isinstance(verification.reason, str)
    assert verification.reason
    if verification.verdict is Verdict.NOT_GENUINE:
        assert verification.facts is None
    for embedded in verification.embedded:
        _assert_verdict(embedded, depth + 1)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    found = []
    for key, child in items:
        found.append((*prefix, key))
        found.extend(_paths(child, (*prefix, key)))
    return found


def _flipped(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, str):
        return value[:-1] + chr((ord(value[-1]) ^ 1) or 65) if value else "x"
    if isinstance(value, list):
        return [*reversed(value), None]
    if isinstance(value, dict):
        return {**value, "injected": True}
    return "null"


def _retyped(value: Any) -> Any:
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, list):
        return {str(index): item for index, item in enumerate(value)}
    if isinstance(value, str):
        return [value]
    return str(value)


def _nested(depth: int, core: Any = "deep") -> Any:
    for level in range(depth):
        core = [core] if level % 2 else {"a": core}
    return core


@st.composite
def mutations(draw: st.DrawFn, signed: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], bool]:
    """A signed document changed one to three times, and whether every change flipped a single scalar."""
    original = signed[draw(st.sampled_from(sorted(signed)))]
    document = copy.deepcopy(original)
    only_scalar_flips = True
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = _paths(document)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = document
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        kind = draw(st.sampled_from(("flip", "drop", "retype", "replace", "nest")))
        only_scalar_flips &= kind == "flip" and isinstance(parent[last], str | int | float)
        if kind == "drop":
            del parent[last]
        elif kind == "flip":
            parent[last] = _flipped(parent[last])
        elif kind == "retype":
            parent[last] = _retyped(parent[last])
        elif kind == "replace":
            parent[last] = draw(json_values)
        else:
            parent[last] = _nested(draw(st.integers(min_value=10, max_value=400)), parent[last])
    # Flipping the same letter twice gives the signed document back.
    return document, only_scalar_flips and document != original


def mutated(signed: dict[str, dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return mutations(signed).map(lambda pair: pair[0])


@FUZZ
@given(data=st.data())
def test_r_cd3_a_mutated_signed_credential_gets_a_verdict(signed, data) -> None:
    document, only_scalar_flips = data.draw(mutations(signed))

    verification = services.verify_json_text(json.dumps(document), now=NOW)

    _assert_verdict(verification)
    # JSON-LD reads "x" as ["x"], sets in any order and drops nulls, so a retyped or reordered document can
    # still say what was signed; a changed letter or number never does.
    if only_scalar_flips:
        assert verification.verdict is Verdict.NOT_GENUINE


proof_values = st.one_of(
    st.just(""),
    st.just("z"),
    st.text(alphabet=BASE58, min_size=1, max_size=120).map(lambda text: "z" + text),
    st.text(max_size=100),
    st.binary(max_size=80).map(lambda raw: "u" + raw.hex()),
    json_values,
)
PROOF_KEYS = (
    "proofValue",
    "cryptosuite",
    "type",
    "verificationMethod",
    "created",
    "proofPurpose",
    "@context",
)


@FUZZ
@given(data=st.data(), key=st.sampled_from(PROOF_KEYS), value=proof_values)
def test_r_cd3_a_wrong_proof_value_is_not_genuine(signed, data, key: str, value: Any) -> None:
    document = copy.deepcopy(signed[data.draw(st.sampled_from(sorted(signed)))])
    document["proof"][key] = value
    # The proof may repeat the start of the document's @context (Data Integrity 1.0, "Verify Proof").
    is_unchanged = document in signed.values() or (key == "@context" and _starts(document["@context"], value))

    verification = services.verify_json_text(json.dumps(document), now=NOW)

    _assert_verdict(verification)
    assert verification.verdict is (Verdict.VALID if is_unchanged else Verdict.NOT_GENUINE)


def _starts(context: list[Any], value: Any) -> bool:
    prefix = value if isinstance(value, list) else [value]
    return context[: len(prefix)] == prefix


@FUZZ
@given(data=st.data(), shape=st.sampled_from(("list", "two", "empty", "none", "text")))
def test_r_cd3_a_proof_of_another_shape_is_not_genuine(signed, data, shape: str) -> None:
    document = copy.deepcopy(signed[data.draw(st.sampled_from(sorted(signed)))])
    proof = document["proof"]
    document["proof"] = {"list": [proof, 1], "two": [proof, proof], "empty": [], "none": None, "text": "z"}[
        shape
    ]

    verification = services.verify_json_text(json.dumps(document), now=NOW)

    assert verification.verdict is Verdict.NOT_GENUINE


@FUZZ
@given(value=json_values)
def test_r_cd3_random_json_gets_a_verdict(value: Any) -> None:
    verification = services.verify_json_text(json.dumps(value), now=NOW)

    _assert_verdict(verification)
    assert verification.verdict is Verdict.NOT_GENUINE


@pytest.mark.parametrize("depth", [50, 900, 5000, 100_000])
def test_r_cd3_nesting_deeper_than_any_parser_allows_gets_a_verdict(signed, depth: int) -> None:
    inside_the_subject = copy.deepcopy(signed["badge"])
    inside_the_subject["credentialSubject"]["achievement"]["criteria"] = _nested(depth)
    text = json.dumps(_nested(depth), check_circular=False) if depth < 900 else "[" * depth + "]" * depth

    for document in (text, _json_text(inside_the_subject)):
        verification = services.verify_json_text(document, now=NOW)
        _assert_verdict(verification)
        assert verification.verdict is Verdict.NOT_GENUINE


def _json_text(document: dict[str, Any]) -> str:
    try:
        return json.dumps(document)
    except RecursionError:
        return json.dumps({**document, "credentialSubject": None})


bytes_documents = st.one_of(
    st.binary(max_size=200),
    json_values.map(lambda value: json.dumps(value).encode()),
)


@FEW
@given(data=st.data(), raw=bytes_documents)
def test_r_cd3_the_verify_page_answers_any_upload_or_paste(client, signed, data, raw: bytes) -> None:
    document = json.dumps(data.draw(mutated(signed))).encode() if data.draw(st.booleans()) else raw

    pasted = client.post("/credentials/verify/", {"json": document.decode("utf-8", "replace")})
    uploaded = client.post("/credentials/verify/", {"file": SimpleUploadedFile("badge.json", document)})

    assert (pasted.status_code, uploaded.status_code) == (200, 200)


@FEW
@given(data=st.data(), raw=bytes_documents)
def test_r_cd3_the_api_answers_any_body_with_a_verdict_or_a_named_problem(client, signed, data, raw) -> None:
    body = json.dumps(data.draw(mutated(signed))).encode() if data.draw(st.booleans()) else raw

    response = client.post("/api/v1/verifications", data=body, content_type="application/json")

    assert response.status_code in (200, 400, 422), response.content
    payload = response.json()
    if response.status_code == 200:
        assert payload["verdict"] in {verdict.value for verdict in Verdict}
    else:
        assert set(payload) == {"code", "message", "details"}


@FEW
@given(data=st.data(), raw=bytes_documents)
def test_r_cd3_the_command_answers_any_file_with_a_verdict_or_a_message(signed, data, raw: bytes) -> None:
    body = json.dumps(data.draw(mutated(signed))).encode() if data.draw(st.booleans()) else raw
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "badge.json"
        path.write_bytes(body)
        outcome = _command_outcome(path)
    assert outcome in (0, 1, 2)


def _command_outcome(path: Path) -> int:
    """0 for a valid credential; otherwise the exit status of the CommandError, which has a message."""
    try:
        call_command("credentials", "verify", str(path), stdout=_Sink(), stderr=_Sink())
    except CommandError as error:
        return error.returncode if str(error) else -1
    return 0


class _Sink:
    def write(self, text: str) -> None:
        assert isinstance(text, str)

    def flush(self) -> None:
        return None


def test_the_fuzzed_documents_start_valid(signed) -> None:
    verdicts = [
        services.verify_json_text(json.dumps(document), now=NOW).verdict for document in signed.values()
    ]

    assert verdicts == [Verdict.VALID, Verdict.VALID]


def test_a_badge_credential_row_is_untouched_by_verifying(signed) -> None:
    before = list(Credential.objects.values_list("pk", "document_json", "is_revoked"))

    for document in signed.values():
        services.verify_json_text(json.dumps(document), now=NOW)

    assert list(Credential.objects.values_list("pk", "document_json", "is_revoked")) == before
