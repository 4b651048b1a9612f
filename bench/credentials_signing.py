"""Benchmark of badge signing and verification (R-CD1, R-CD3) on an Open Badges 3.0 AchievementCredential
(contexts VC 2.0 then OB 3.0.3), eddsa-rdfc-2022, in one process, with no Django. Prints:

(a) raw Ed25519 signatures per second: the ceiling for any signer;
(b) single credentials issued and verified per second by the full algorithm (JSON-LD → RDF → RDFC-1.0);
(c) a cohort of 10,000 badges issued through :class:`CohortSigner` (target 10,000/s on one core);
(d) those 10,000 distinct badges verified through their cohort shape (target 1,000/s).

Learners are drawn with a fixed seed, so every run signs the same badges; the count of badges that verify is
printed, which checks that the work was done.
"""

import gc
import random
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from microcred.credentials.cohort import CohortSigner, Slot
from microcred.credentials.data_integrity import ProofOptions, create_proof, verify_proof
from microcred.credentials.keys import SigningKey

SEED = 20260301
RAW_SIGNATURES = 20_000
SINGLE_CREDENTIALS = 200
COHORT_SIZE = 10_000
TARGET_COHORT_PER_SECOND = 10_000
TARGET_VERIFIED_PER_SECOND = 1_000
T = TypeVar("T")
GIVEN_NAMES = ("Ada", "Zoë", "Łukasz", "Aoife", "Olúwáseun", "Björn", "Mei", "Siobhán", "José", "Grace")
FAMILY_NAMES = ("Lovelace", "O'Neil", "Nowak", "Ní Bhriain", "王", "Øvergård", "Hopper", 'D"Souza', "Müller")


def achievement_template(key: SigningKey) -> dict[str, Any]:
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
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


def learner_values(rng: random.Random, number: int) -> dict[str, str]:
    return {
        "credential_id": f"urn:uuid:{uuid.UUID(int=rng.getrandbits(128))}",
        "learner_name": f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)} {number}",
        "email_hash": f"sha256${rng.getrandbits(256):064x}",
        "status_id": f"https://uol.example/status/1#{number}",
        "status_index": str(number),
    }


def timed(label: str, work: Callable[[], list[T]]) -> tuple[float, list[T]]:
    """Runs the work once; the rate is per core (CPU time of this process), with the wall-clock rate beside
    it, since other processes on the machine slow the wall clock but not the CPU time."""
    wall, cpu = time.perf_counter(), time.process_time()
    results = work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    count = len(results)
    rate = count / cpu
    print(
        f"{label}: {count:,} in {cpu:.3f} s CPU = {rate:,.0f}/s per core (wall clock {count / wall:,.0f}/s)"
    )
    return rate, results


def main() -> None:
    key = SigningKey.for_did_key(Ed25519PrivateKey.from_private_bytes(bytes(range(32))))
    options = ProofOptions(created=datetime(2025, 7, 1, 8, 0, tzinfo=UTC))
    rng = random.Random(SEED)
    learners = [learner_values(rng, number) for number in range(COHORT_SIZE)]
    message = bytes(64)
    timed("(a) raw Ed25519 signatures", lambda: [key.sign(message) for _ in range(RAW_SIGNATURES)])

    started = time.perf_counter()
    signer = CohortSigner(achievement_template(key), key, options)
    print(f"    cohort template prepared in {(time.perf_counter() - started) * 1000:.1f} ms")
    singles = [signer.shape.fill(values) for values in learners[:SINGLE_CREDENTIALS]]
    _, signed = timed("(b) full-path issuance", lambda: [create_proof(d, key, options) for d in singles])
    _, outcomes = timed("(b) full-path verification", lambda: [verify_proof(d).is_verified for d in signed])
    print(f"    verified {sum(outcomes):,} of {len(signed):,}")

    gc.freeze()
    cohort_rate, badges = timed("(c) cohort issuance", lambda: [signer.sign(values) for values in learners])
    fast = sum(signer.shape.canonicalize(values).is_fast_path for values in learners)
    same = badges[: len(signed)] == signed
    print(
        f"    fast path for {fast:,} of {len(badges):,}; same documents and proofs as the full path: {same}"
    )

    check = signer.shape.canonicalize_document
    verify_rate, outcomes = timed(
        "(d) cohort verification",
        lambda: [verify_proof(b, canonicalize_document=check).is_verified for b in badges],
    )
    verified = sum(outcomes)
    print(f"    verified {verified:,} of {len(badges):,} distinct badges")
    targets = f"issuance {TARGET_COHORT_PER_SECOND:,}/s, verification {TARGET_VERIFIED_PER_SECOND:,}/s"
    print(f"targets per core: {targets}")
    if (
        cohort_rate < TARGET_COHORT_PER_SECOND
        or verify_rate < TARGET_VERIFIED_PER_SECOND
        or verified < len(badges)
    ):
        sys.exit(f"below target: issuance {cohort_rate:,.0f}/s, verification {verify_rate:,.0f}/s")


if __name__ == "__main__":
    main()
