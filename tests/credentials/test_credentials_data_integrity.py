"""Data Integrity proofs, cryptosuite eddsa-rdfc-2022, against the W3C vectors byte for byte (R-CD1: badges
are signed by the awarding body; R-CD3: anyone can verify them, and a bad document gets a reason)."""

import copy
import hashlib
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from credential_builders import RDFC, contexts_with_examples, vector_json, vector_key, vector_text

from microcred.credentials.canonicalization import canonicalize
from microcred.credentials.data_integrity import (
    ProofOptions,
    VerificationResult,
    create_proof,
    hash_data,
    proof_configuration,
    proof_value,
    verify_proof,
    xsd_date_time,
)
from microcred.credentials.errors import CredentialError
from microcred.credentials.multikey import base58btc_decode, public_key_from_did_key

VECTOR_CREATED = datetime.fromisoformat("2023-02-24T23:36:38+00:00")
VECTOR_KEY = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
VECTOR_METHOD = f"did:key:{VECTOR_KEY}#{VECTOR_KEY}"


def _vector_hex(name: str) -> str:
    return vector_text(f"{RDFC}/{name}").strip()


def test_r_cd1_vector_proof_configuration_is_rebuilt_from_the_options() -> None:
    document = vector_json("vc-di-eddsa/unsigned.json")

    configuration = proof_configuration(
        document["@context"], VECTOR_METHOD, ProofOptions(created=VECTOR_CREATED)
    )

    assert configuration == vector_json(f"{RDFC}/proofConfigDataInt.json")


def test_r_cd1_vector_hashes_signature_and_proof_value_byte_for_byte() -> None:
    contexts = contexts_with_examples()
    document = vector_json("vc-di-eddsa/unsigned.json")
    configuration = vector_json(f"{RDFC}/proofConfigDataInt.json")

    canonical_document = canonicalize(document, contexts)
    canonical_configuration = canonicalize(configuration, contexts)
    data = hash_data(canonical_configuration, canonical_document)
    signature = vector_key().sign(data)

    assert hashlib.sha256(canonical_document.encode()).hexdigest() == _vector_hex("docHashDataInt.txt")
    assert hashlib.sha256(canonical_configuration.encode()).hexdigest() == _vector_hex("proofHashDataInt.txt")
    assert data.hex() == _vector_hex("combinedHashDataInt.txt")
    assert signature.hex() == _vector_hex("sigHexDataInt.txt")
    assert proof_value(signature) == _vector_hex("sigBTC58DataInt.txt")


def test_r_cd1_create_proof_gives_the_vectors_signed_credential() -> None:
    document = vector_json("vc-di-eddsa/unsigned.json")

    signed = create_proof(
        document, vector_key(), ProofOptions(created=VECTOR_CREATED), contexts=contexts_with_examples()
    )

    assert signed == vector_json(f"{RDFC}/signedDataInt.json")
    assert "proof" not in document


def test_r_cd3_the_vectors_signed_credential_verifies() -> None:
    result = verify_proof(vector_json(f"{RDFC}/signedDataInt.json"), contexts=contexts_with_examples())

    assert result == VerificationResult(True, None, VECTOR_METHOD)
    assert result.controller == "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"


def test_r_cd3_employment_vector_hash_and_signature_chain_holds() -> None:
    """Its context is not bundled, so the chain is checked from the vector's canonical N-Quads."""
    canonical_document = vector_text(f"{RDFC}/employ/canonDocDataInt.txt")
    canonical_configuration = vector_text(f"{RDFC}/employ/proofCanonDataInt.txt")
    data = hash_data(canonical_configuration, canonical_document)
    signature = base58btc_decode(vector_text(f"{RDFC}/employ/sigBTC58DataInt.txt").strip())

    assert data.hex() == vector_text(f"{RDFC}/employ/combinedHashDataInt.txt").strip()
    assert signature.hex() == vector_text(f"{RDFC}/employ/sigHexDataInt.txt").strip()
    assert vector_key().sign(data) == signature
    public_key_from_did_key(VECTOR_METHOD).verify(signature, data)


def test_r_cd3_employment_vector_fails_cleanly_because_its_context_is_not_bundled() -> None:
    result = verify_proof(vector_json(f"{RDFC}/employ/signedDataInt.json"))

    assert result == VerificationResult(
        False,
        "@context 'https://w3id.org/citizenship/v4rc1' is not one of the bundled contexts, "
        "and contexts are never fetched",
        VECTOR_METHOD,
    )


def _signed() -> dict[str, Any]:
    signed: dict[str, Any] = vector_json(f"{RDFC}/signedDataInt.json")
    return signed


def _changed(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    document = _signed()
    node = document
    for key in path[:-1]:
        node = node[key]
    if value is None:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return document


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (
            _changed(("credentialSubject", "alumniOf"), "The School of Forgeries"),
            "the signature does not match the document",
        ),
        (_changed(("validFrom",), "2023-01-02T00:00:00Z"), "the signature does not match the document"),
        (_changed(("proof", "created"), "2023-02-24T23:36:39Z"), "the signature does not match the document"),
        (_changed(("proof",), None), "the document has no proof"),
        (
            _changed(("proof", "cryptosuite"), "eddsa-jcs-2022"),
            "proof.cryptosuite must be 'eddsa-rdfc-2022', not 'eddsa-jcs-2022'",
        ),
        (
            _changed(("proof", "type"), "Ed25519Signature2020"),
            "proof.type must be 'DataIntegrityProof', not 'Ed25519Signature2020'",
        ),
        (
            _changed(("proof", "proofPurpose"), "authentication"),
            "proof.proofPurpose must be 'assertionMethod', not 'authentication'",
        ),
        (
            _changed(("proof", "created"), "2023-02-24"),
            "proof.created must be a date and time with a time zone, not '2023-02-24'",
        ),
        (
            _changed(("proof", "verificationMethod"), {"id": VECTOR_METHOD}),
            "proof.verificationMethod must be the URL of a key",
        ),
        (_changed(("proof", "proofValue"), None), "proof.proofValue is missing"),
        (
            _changed(("proof", "proofValue"), "z2YwC8z3"),
            "proof.proofValue holds 5 bytes, not an Ed25519 signature",
        ),
        (
            _changed(("proof", "proofValue"), "u2YwC8z3"),
            "'u2YwC8z3' is not multibase base58btc (it must start with 'z')",
        ),
        (
            _changed(("proof", "verificationMethod"), "did:web:vc.example#key-1"),
            "no public key is known for did:web:vc.example#key-1",
        ),
        (_changed(("credentialSubject", "grade"), "A"), "the signature does not match the document"),
        (
            _changed(("@context",), ["https://www.w3.org/ns/credentials/v2"]),
            "terms not defined by any @context: AlumniCredential, alumniOf",
        ),
    ],
)
def test_r_cd3_a_bad_document_gets_a_failed_result_with_the_reason(
    document: dict[str, Any], reason: str
) -> None:
    result = verify_proof(document, contexts=contexts_with_examples())

    assert result.is_verified is False
    assert result.reason == reason


@pytest.mark.parametrize("document", [None, "text", 42, ["list"]])
def test_r_cd3_a_document_that_is_not_an_object_fails_without_raising(document: Any) -> None:
    assert verify_proof(document) == VerificationResult(False, "a credential must be a JSON object", None)


def test_r_cd3_a_one_proof_list_is_accepted_and_several_proofs_are_not() -> None:
    single = _signed()
    single["proof"] = [single["proof"]]
    several = _signed()
    several["proof"] = [several["proof"], several["proof"]]

    assert verify_proof(single, contexts=contexts_with_examples()).is_verified is True
    assert verify_proof(several, contexts=contexts_with_examples()).reason == (
        "the document has several proofs; one is expected"
    )


def test_r_cd3_a_proof_context_must_start_the_documents_context() -> None:
    matching = _signed()
    matching["proof"]["@context"] = ["https://www.w3.org/ns/credentials/v2"]
    different = _signed()
    different["proof"]["@context"] = ["https://w3id.org/security/data-integrity/v2"]

    assert verify_proof(matching, contexts=contexts_with_examples()).is_verified is True
    assert verify_proof(different, contexts=contexts_with_examples()).reason == (
        "proof.@context must be the start of the document's @context"
    )


def test_r_cd3_a_did_web_key_is_found_by_the_callers_resolver() -> None:
    key = vector_key()
    signer = type(key)(key.private_key, "did:web:vc.example#key-1")
    signed = create_proof(
        vector_json("vc-di-eddsa/unsigned.json"),
        signer,
        ProofOptions(created=VECTOR_CREATED),
        contexts=contexts_with_examples(),
    )

    result = verify_proof(
        signed,
        contexts=contexts_with_examples(),
        resolve_key=lambda method: key.public_key if method == "did:web:vc.example#key-1" else None,
    )

    assert result == VerificationResult(True, None, "did:web:vc.example#key-1")
    assert result.controller == "did:web:vc.example"


def test_r_cd1_created_is_written_in_utc_to_the_second() -> None:
    london = datetime(2025, 7, 1, 9, 30, 15, 123456, tzinfo=ZoneInfo("Europe/London"))

    assert xsd_date_time(london) == "2025-07-01T08:30:15Z"


def test_r_cd1_proof_options_need_a_timezone_aware_time() -> None:
    with pytest.raises(CredentialError, match="created must be a timezone-aware time"):
        ProofOptions(created=datetime(2025, 7, 1, 9, 30))  # noqa: DTZ001 - the naive time is the point


def test_r_cd1_create_proof_refuses_what_it_cannot_sign() -> None:
    signed = _signed()
    undefined = copy.deepcopy(vector_json("vc-di-eddsa/unsigned.json"))
    undefined["@context"] = ["https://www.w3.org/ns/credentials/v2"]
    options = ProofOptions(created=VECTOR_CREATED)

    with pytest.raises(CredentialError, match="the document already has a proof"):
        create_proof(signed, vector_key(), options, contexts=contexts_with_examples())
    with pytest.raises(
        CredentialError, match="terms not defined by any @context: AlumniCredential, alumniOf"
    ):
        create_proof(undefined, vector_key(), options)


def test_r_cd3_a_document_nested_too_deeply_fails_without_raising() -> None:
    nested: Any = "x"
    for _ in range(5_000):
        nested = [nested]
    document = {**_signed(), "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": nested}}

    result = verify_proof(document, contexts=contexts_with_examples())

    assert result == VerificationResult(False, "the document nests too deeply", VECTOR_METHOD)
