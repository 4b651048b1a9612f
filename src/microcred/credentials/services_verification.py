"""Verifying a credential (R-CD3): the checks a verifier makes, answered in plain words.

In order: it is a credential; it was signed by a key of an issuer this platform knows (``did:key``, or our own
``did:web`` issuers, resolved here: nothing is fetched); the proof holds; the issuer named is the key's
controller; its status list (ours, signed by the same issuer) has its bit clear; today is within its dates.
A transcript's embedded badges are checked the same way, one by one.
"""

import datetime as dt
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from microcred.credentials import selectors
from microcred.credentials.data_integrity import verify_proof
from microcred.credentials.documents import LEVEL_TARGET_TYPE
from microcred.credentials.errors import CredentialError
from microcred.credentials.models import IssuerKey, StatusList
from microcred.credentials.multikey import public_key_from_multibase
from microcred.credentials.status_list import StatusList as Bitstring
from microcred.credentials.status_list import status_index


class Verdict(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    NOT_GENUINE = "not_genuine"
    NOT_IN_FORCE = "not_in_force"

    @property
    def headline(self) -> str:
        return {
            Verdict.VALID: "Valid",
            Verdict.REVOKED: "Revoked",
            Verdict.NOT_GENUINE: "Not genuine",
            Verdict.NOT_IN_FORCE: "Not valid on this date",
        }[self]


@dataclass(frozen=True)
class CredentialFacts:
    """What a verified credential says, for the page: who, what, when, by whom, how much and at what level."""

    is_transcript: bool
    title: str
    learner_name: str | None
    issuer_name: str
    issuer_id: str
    valid_from: dt.datetime | None
    awarded: dt.datetime | None
    credits: float | None
    level: str
    result: str | None


@dataclass(frozen=True)
class Verification:
    verdict: Verdict
    reason: str
    # Only for a credential whose proof holds: a forgery's claims are not repeated.
    facts: CredentialFacts | None = None
    embedded: tuple["Verification", ...] = ()

    @property
    def is_valid(self) -> bool:
        return self.verdict is Verdict.VALID


class _Refusal(Exception):
    def __init__(self, verdict: Verdict, reason: str) -> None:
        self.verdict = verdict
        self.reason = reason
        super().__init__(reason)


def _types(document: dict[str, Any]) -> list[Any]:
    types = document.get("type")
    return types if isinstance(types, list) else [types]


def _issuer_id(document: dict[str, Any]) -> Any:
    issuer = document.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def _checked_shape(document: Any) -> dict[str, Any]:
    if not isinstance(document, dict) or "VerifiableCredential" not in _types(document):
        raise _Refusal(Verdict.NOT_GENUINE, "This is not a verifiable credential.")
    return document


def _signing_key(document: dict[str, Any]) -> IssuerKey:
    proof = document.get("proof")
    verification_method = proof.get("verificationMethod") if isinstance(proof, dict) else None
    key = selectors.issuer_key_for(verification_method)
    if key is None:
        raise _Refusal(
            Verdict.NOT_GENUINE, "It was not signed with the key of an issuer this platform knows."
        )
    return key


def _resolver(key: IssuerKey, verification_method: str) -> Any:
    public_key = public_key_from_multibase(key.public_key_multibase)

    def resolve(method: str) -> Ed25519PublicKey | None:
        return public_key if method == verification_method else None

    return resolve


def _checked_proof(document: dict[str, Any], key: IssuerKey) -> None:
    verification_method = document["proof"]["verificationMethod"]
    result = verify_proof(document, resolve_key=_resolver(key, verification_method))
    if not result.is_verified:
        raise _Refusal(Verdict.NOT_GENUINE, f"Its signature does not hold: {result.reason}.")
    if _issuer_id(document) != result.controller:
        raise _Refusal(Verdict.NOT_GENUINE, "The issuer it names does not control the key that signed it.")


def _status_entries(document: dict[str, Any]) -> list[dict[str, Any]]:
    status = document.get("credentialStatus")
    entries = status if isinstance(status, list) else [status] if status is not None else []
    if not all(isinstance(entry, dict) for entry in entries):
        raise _Refusal(Verdict.NOT_GENUINE, "Its credentialStatus is not a status entry.")
    return [entry for entry in entries if entry.get("statusPurpose") == "revocation"]


def _list_bits(status_list: StatusList) -> Bitstring:
    list_document = json.loads(status_list.document_json)
    key = _signing_key(list_document)
    _checked_proof(list_document, key)
    return Bitstring.decode(list_document["credentialSubject"]["encodedList"])


def _is_revoked(document: dict[str, Any], key: IssuerKey) -> bool:
    for entry in _status_entries(document):
        status_list = selectors.status_list_at(entry.get("statusListCredential"))
        if entry.get("type") != "BitstringStatusListEntry" or status_list is None:
            raise _Refusal(Verdict.NOT_GENUINE, "Its status list is not one this platform publishes.")
        if status_list.issuer_id != key.issuer_id:
            raise _Refusal(Verdict.NOT_GENUINE, "Its status list belongs to another issuer.")
        if _list_bits(status_list).is_set(status_index(entry.get("statusListIndex"))):
            return True
    return False


def _moment(document: dict[str, Any], name: str) -> dt.datetime | None:
    value = document.get(name)
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise _Refusal(Verdict.NOT_GENUINE, f"Its {name} is not a date and time with a time zone.")
    return moment


def _check_dates(document: dict[str, Any], now: dt.datetime) -> None:
    valid_from = _moment(document, "validFrom")
    valid_until = _moment(document, "validUntil")
    if valid_from is not None and now < valid_from:
        raise _Refusal(Verdict.NOT_IN_FORCE, f"It is not valid before {valid_from:%d %B %Y}.")
    if valid_until is not None and now >= valid_until:
        raise _Refusal(Verdict.NOT_IN_FORCE, f"It expired on {valid_until:%d %B %Y}.")


def verify_document(document: Any, *, now: dt.datetime) -> Verification:
    """R-CD3: the verdict on a credential given as parsed JSON. Never raises for a bad document."""
    facts = None
    try:
        checked = _checked_shape(document)
        key = _signing_key(checked)
        _checked_proof(checked, key)
        facts = credential_facts(checked)
        if _is_revoked(checked, key):
            return Verification(Verdict.REVOKED, "Its issuer has revoked it.", facts, _embedded(checked, now))
        _check_dates(checked, now)
    except _Refusal as refusal:
        shown = facts if refusal.verdict is not Verdict.NOT_GENUINE else None
        return Verification(refusal.verdict, refusal.reason, shown)
    except CredentialError as error:
        return Verification(Verdict.NOT_GENUINE, f"It cannot be checked: {error}.")
    except RecursionError:
        return Verification(Verdict.NOT_GENUINE, "It is nested too deeply to be a credential.")
    return Verification(
        Verdict.VALID,
        "Its signature holds, and its issuer has not revoked it.",
        facts,
        _embedded(checked, now),
    )


def _embedded(document: dict[str, Any], now: dt.datetime) -> tuple[Verification, ...]:
    subject = document.get("credentialSubject")
    badges = subject.get("verifiableCredential") if isinstance(subject, dict) else None
    if not isinstance(badges, list):
        return ()
    return tuple(verify_document(badge, now=now) for badge in badges)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _level(achievement: dict[str, Any]) -> str:
    alignments = achievement.get("alignment")
    if not isinstance(alignments, list):
        return ""
    names = [
        alignment.get("targetName")
        for alignment in alignments
        if isinstance(alignment, dict) and alignment.get("targetType") == LEVEL_TARGET_TYPE
    ]
    return " · ".join(name for name in names if isinstance(name, str))


def _result(subject: dict[str, Any]) -> str | None:
    results = subject.get("result")
    first = results[0] if isinstance(results, list) and results else results
    return _text(first.get("value")) if isinstance(first, dict) else None


def credential_facts(document: dict[str, Any]) -> CredentialFacts:
    subject = document.get("credentialSubject")
    subject = subject if isinstance(subject, dict) else {}
    achievement = subject.get("achievement")
    achievement = achievement if isinstance(achievement, dict) else {}
    issuer = document.get("issuer")
    issuer_name = _text(issuer.get("name")) if isinstance(issuer, dict) else None
    return CredentialFacts(
        is_transcript="ClrCredential" in _types(document),
        title=_text(achievement.get("name")) or _text(document.get("name")) or "",
        learner_name=_text(subject.get("name")),
        issuer_name=issuer_name or "",
        issuer_id=str(_issuer_id(document)),
        valid_from=_moment(document, "validFrom"),
        awarded=_moment(document, "awardedDate"),
        credits=_number(subject.get("creditsEarned")),
        level=_level(achievement),
        result=_result(subject),
    )


def verify_json_text(text: str | bytes, *, now: dt.datetime) -> Verification:
    """The verdict on JSON text (an upload, a paste); text that is not JSON is not genuine, said plainly."""
    try:
        document = json.loads(text)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return Verification(Verdict.NOT_GENUINE, "This is not JSON, so it cannot be a credential.")
    return verify_document(document, now=now)
