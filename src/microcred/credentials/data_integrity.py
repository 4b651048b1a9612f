"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (W3C vc-di-eddsa, §3.3).

To sign: canonicalize the proof configuration (the proof without ``proofValue``, carrying the document's
``@context``) and the document without its proof; sign SHA-256(configuration) ‖ SHA-256(document) with
Ed25519; ``proofValue`` is ``z`` + base58btc(signature). Verifying redoes the same from the received proof.
"""

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, Final

from cryptography.exceptions import InvalidSignature

from microcred.credentials.canonicalization import canonicalize
from microcred.credentials.context_library import ContextLibrary, bundled_contexts
from microcred.credentials.errors import CredentialError
from microcred.credentials.keys import KeyResolver, SigningKey, resolve_did_key
from microcred.credentials.multikey import base58btc_decode, base58btc_encode

PROOF_TYPE: Final = "DataIntegrityProof"
CRYPTOSUITE: Final = "eddsa-rdfc-2022"
ASSERTION_METHOD: Final = "assertionMethod"
_SIGNATURE_LENGTH: Final = 64
# XML Schema dateTimeStamp: a dateTime that carries its time zone.
_DATE_TIME_STAMP: Final = re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")

DocumentCanonicalizer = Callable[[dict[str, Any]], str]


@dataclass(frozen=True)
class ProofOptions:
    """What a proof states besides the key: when it was made and what for."""

    created: datetime
    proof_purpose: str = ASSERTION_METHOD

    def __post_init__(self) -> None:
        if self.created.utcoffset() is None:
            raise CredentialError("created must be a timezone-aware time")


@dataclass(frozen=True)
class VerificationResult:
    """The answer for one document: verified, or not and why."""

    is_verified: bool
    reason: str | None = None
    verification_method: str | None = None

    @property
    def controller(self) -> str | None:
        """The DID that controls the signing key, which an issuer's ``id`` must equal."""
        return self.verification_method.partition("#")[0] if self.verification_method else None


def xsd_date_time(moment: datetime) -> str:
    """``created`` as proofs write it: UTC, to the second, ``2023-02-24T23:36:38Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def proof_configuration(context: Any, verification_method: str, options: ProofOptions) -> dict[str, Any]:
    return {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": xsd_date_time(options.created),
        "verificationMethod": verification_method,
        "proofPurpose": options.proof_purpose,
        "@context": context,
    }


def canonical_proof_configuration(
    configuration: dict[str, Any], contexts: ContextLibrary | None = None
) -> str:
    """Canonical N-Quads of a proof configuration. A cohort or a batch repeats the same configuration, so the
    answer is remembered by the configuration's exact JSON text (key order included)."""
    library = contexts if contexts is not None else bundled_contexts()
    try:
        text = json.dumps(configuration, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return canonicalize(configuration, library)
    return _canonical_configuration_text(text, library)


@lru_cache(maxsize=256)
def _canonical_configuration_text(text: str, contexts: ContextLibrary) -> str:
    return canonicalize(json.loads(text), contexts)


def hash_data(canonical_configuration: str, canonical_document: str) -> bytes:
    """What is signed: SHA-256 of the proof configuration, then SHA-256 of the document (64 bytes)."""
    return (
        hashlib.sha256(canonical_configuration.encode("utf-8")).digest()
        + hashlib.sha256(canonical_document.encode("utf-8")).digest()
    )


def proof_value(signature: bytes) -> str:
    return base58btc_encode(signature)


def create_proof(
    document: dict[str, Any],
    key: SigningKey,
    options: ProofOptions,
    *,
    contexts: ContextLibrary | None = None,
) -> dict[str, Any]:
    """A copy of the document with an ``eddsa-rdfc-2022`` proof added (:class:`CredentialError` when the
    document cannot be signed, e.g. a term no context defines)."""
    if not isinstance(document, dict):
        raise CredentialError("a credential must be a JSON object")
    if "proof" in document:
        raise CredentialError("the document already has a proof")
    configuration = proof_configuration(document.get("@context"), key.verification_method, options)
    data = hash_data(canonical_proof_configuration(configuration, contexts), canonicalize(document, contexts))
    proof = {name: value for name, value in configuration.items() if name != "@context"}
    return {**document, "proof": {**proof, "proofValue": proof_value(key.sign(data))}}


def verify_proof(
    document: Any,
    *,
    resolve_key: KeyResolver = resolve_did_key,
    contexts: ContextLibrary | None = None,
    proof_purpose: str = ASSERTION_METHOD,
    canonicalize_document: DocumentCanonicalizer | None = None,
) -> VerificationResult:
    """Whether the document's ``eddsa-rdfc-2022`` proof holds. Never raises for a bad document: the result
    names what was wrong. ``canonicalize_document`` replaces :func:`canonicalize` for the document (a cohort
    shape's exact fast path); it must return the same text for every input."""
    verification_method = None
    try:
        proof = _single_proof(document)
        verification_method = _checked_proof(proof, proof_purpose)
        _verify_signature(document, proof, resolve_key, contexts, canonicalize_document)
    except CredentialError as error:
        return VerificationResult(False, str(error), verification_method)
    return VerificationResult(True, None, verification_method)


def _single_proof(document: Any) -> dict[str, Any]:
    if not isinstance(document, dict):
        raise CredentialError("a credential must be a JSON object")
    proof = document.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    if isinstance(proof, list):
        raise CredentialError("the document has several proofs; one is expected")
    if not isinstance(proof, dict):
        raise CredentialError("the document has no proof")
    return proof


def _checked_proof(proof: dict[str, Any], proof_purpose: str) -> str:
    expected = {"type": PROOF_TYPE, "cryptosuite": CRYPTOSUITE, "proofPurpose": proof_purpose}
    for name, value in expected.items():
        if proof.get(name) != value:
            raise CredentialError(f"proof.{name} must be {value!r}, not {proof.get(name)!r}")
    created = proof.get("created")
    if created is not None and not (isinstance(created, str) and _DATE_TIME_STAMP.fullmatch(created)):
        raise CredentialError(f"proof.created must be a date and time with a time zone, not {created!r}")
    verification_method = proof.get("verificationMethod")
    if not isinstance(verification_method, str):
        raise CredentialError("proof.verificationMethod must be the URL of a key")
    return verification_method


def _signature(proof: dict[str, Any]) -> bytes:
    value = proof.get("proofValue")
    if not isinstance(value, str):
        raise CredentialError("proof.proofValue is missing")
    signature = base58btc_decode(value)
    if len(signature) != _SIGNATURE_LENGTH:
        raise CredentialError(f"proof.proofValue holds {len(signature)} bytes, not an Ed25519 signature")
    return signature


def _verify_signature(
    document: dict[str, Any],
    proof: dict[str, Any],
    resolve_key: KeyResolver,
    contexts: ContextLibrary | None,
    canonicalize_document: DocumentCanonicalizer | None,
) -> None:
    signature = _signature(proof)
    public_key = resolve_key(proof["verificationMethod"])
    if public_key is None:
        raise CredentialError(f"no public key is known for {proof['verificationMethod']}")
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    configuration = _configuration_of(proof, unsecured.get("@context"))
    canonical_document = (
        canonicalize_document(unsecured) if canonicalize_document else canonicalize(unsecured, contexts)
    )
    data = hash_data(canonical_proof_configuration(configuration, contexts), canonical_document)
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        raise CredentialError("the signature does not match the document") from None


def _configuration_of(proof: dict[str, Any], context: Any) -> dict[str, Any]:
    if "@context" in proof:
        stated = proof["@context"] if isinstance(proof["@context"], list) else [proof["@context"]]
        document_context = context if isinstance(context, list) else [context]
        if document_context[: len(stated)] != stated:
            raise CredentialError("proof.@context must be the start of the document's @context")
    options = {name: value for name, value in proof.items() if name not in ("proofValue", "@context")}
    return {**options, "@context": context}
