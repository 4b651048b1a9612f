"""Vectors, keys and Open Badges 3.0 documents for the credentials tests (no Django, no database)."""

import json
import uuid
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from microcred.credentials.cohort import Slot
from microcred.credentials.context_library import ContextLibrary, bundled_contexts, context_of
from microcred.credentials.data_integrity import ProofOptions
from microcred.credentials.keys import SigningKey

VECTORS = Path(__file__).resolve().parent / "vectors"
RDFC = "vc-di-eddsa/eddsa-rdfc-2022"
EXAMPLES_CONTEXT = "https://www.w3.org/ns/credentials/examples/v2"
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
COHORT_CREATED = datetime(2025, 7, 1, 8, 0, tzinfo=UTC)


def vector_text(name: str) -> str:
    return (VECTORS / name).read_text("utf-8")


def vector_json(name: str) -> Any:
    return json.loads(vector_text(name))


@cache
def contexts_with_examples() -> ContextLibrary:
    """The bundled contexts plus the W3C examples context the vectors use."""
    examples = context_of(vector_text("contexts/credentials-examples-v2.jsonld"))
    return bundled_contexts().with_contexts({EXAMPLES_CONTEXT: examples})


def vector_key() -> SigningKey:
    return SigningKey.from_secret_multibase(vector_json("vc-di-eddsa/keyPair.json")["privateKeyMultibase"])


def issuer_key() -> SigningKey:
    """A fixed did:key issuer key (the seed is 0, 1, …, 31)."""
    return SigningKey.for_did_key(Ed25519PrivateKey.from_private_bytes(bytes(range(32))))


def cohort_options() -> ProofOptions:
    return ProofOptions(created=COHORT_CREATED)


def achievement_template(key: SigningKey) -> dict[str, Any]:
    """An OB 3.0 AchievementCredential for one cohort; the learner's strings are slots. The subject has no
    id, so it and its IdentityObject are blank nodes whose labels depend on the learner's values."""
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": Slot("credential_id"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": key.controller, "type": ["Profile"], "name": "University of London"},
        "validFrom": "2025-07-01T09:00:00+01:00",
        "name": "Data Science Foundations",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": Slot("learner_name"),
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": Slot("email_hash"),
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": "cohort-2025-07",
                }
            ],
            "achievement": {
                "id": "https://uol.example/achievements/data-science-foundations",
                "type": ["Achievement"],
                "name": "Data Science Foundations",
                "description": "15 credits at FHEQ level 7 (EQF 7, second cycle).",
                "criteria": {"narrative": "Pass the final project (50% or more)."},
            },
        },
        "credentialStatus": {
            "id": Slot("status_id"),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": Slot("status_index"),
            "statusListCredential": "https://uol.example/status/1",
        },
    }


def learner_values(number: int, name: str) -> dict[str, str]:
    return {
        "credential_id": f"urn:uuid:{uuid.UUID(int=number)}",
        "learner_name": name,
        "email_hash": f"sha256${number:064x}",
        "status_id": f"https://uol.example/status/1#{number}",
        "status_index": str(number),
    }
