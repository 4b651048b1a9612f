"""Ed25519 multikeys and did:key identifiers for issuers (R-CD1: badges are signed by the awarding body)."""

import pytest
from credential_builders import vector_json, vector_key
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from microcred.credentials.errors import MultikeyError
from microcred.credentials.keys import SigningKey, resolve_did_key
from microcred.credentials.multikey import (
    base58btc_decode,
    base58btc_encode,
    did_key,
    did_key_verification_method,
    private_key_from_multibase,
    public_key_from_did_key,
    public_key_from_multibase,
    public_key_multibase,
    secret_key_multibase,
)

VECTOR_PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
VECTOR_SECRET = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"


def test_r_cd1_w3c_vector_key_pair_round_trips() -> None:
    assert vector_json("vc-di-eddsa/keyPair.json") == {
        "publicKeyMultibase": VECTOR_PUBLIC,
        "privateKeyMultibase": VECTOR_SECRET,
    }
    private_key = private_key_from_multibase(VECTOR_SECRET)

    assert public_key_multibase(private_key.public_key()) == VECTOR_PUBLIC
    assert secret_key_multibase(private_key) == VECTOR_SECRET
    assert public_key_multibase(public_key_from_multibase(VECTOR_PUBLIC)) == VECTOR_PUBLIC


def test_r_cd1_did_key_and_its_verification_method() -> None:
    public_key = private_key_from_multibase(VECTOR_SECRET).public_key()

    assert did_key(public_key) == f"did:key:{VECTOR_PUBLIC}"
    assert did_key_verification_method(public_key) == f"did:key:{VECTOR_PUBLIC}#{VECTOR_PUBLIC}"
    assert public_key_multibase(public_key_from_did_key(f"did:key:{VECTOR_PUBLIC}")) == VECTOR_PUBLIC


def test_r_cd1_signing_key_for_did_key_names_its_controller() -> None:
    key = vector_key()

    assert key.verification_method == f"did:key:{VECTOR_PUBLIC}#{VECTOR_PUBLIC}"
    assert key.controller == f"did:key:{VECTOR_PUBLIC}"
    assert public_key_multibase(key.public_key) == VECTOR_PUBLIC


def test_r_cd1_signing_key_keeps_an_issuers_own_verification_method() -> None:
    key = SigningKey.from_secret_multibase(VECTOR_SECRET, "did:web:uol.example#key-1")

    assert key.controller == "did:web:uol.example"
    assert public_key_multibase(key.public_key) == VECTOR_PUBLIC


def test_r_cd3_resolve_did_key_finds_the_key_and_ignores_other_methods() -> None:
    resolved = resolve_did_key(f"did:key:{VECTOR_PUBLIC}#{VECTOR_PUBLIC}")

    assert resolved is not None
    assert public_key_multibase(resolved) == VECTOR_PUBLIC
    assert resolve_did_key("did:web:uol.example#key-1") is None


def test_r_cd1_base58btc_round_trip_keeps_leading_zero_bytes() -> None:
    """0x01ff = 511 = 8 × 58 + 47: digits "9" and "p", after one "1" per leading zero byte."""
    data = bytes([0, 0, 1, 255])

    assert base58btc_encode(data) == "z119p"
    assert base58btc_decode("z119p") == data


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", "is not multibase base58btc"),
        ("z0OIl", "is not valid base58btc"),
        (VECTOR_SECRET, "is not an Ed25519 public multikey"),
        ("z6Mkr", "is not an Ed25519 public multikey"),
    ],
)
def test_r_cd3_malformed_public_multikeys_are_refused(value: str, message: str) -> None:
    with pytest.raises(MultikeyError, match=message):
        public_key_from_multibase(value)


def test_r_cd3_malformed_did_keys_are_refused() -> None:
    other = public_key_multibase(Ed25519PrivateKey.from_private_bytes(bytes(32)).public_key())

    with pytest.raises(MultikeyError, match="is not a did:key identifier"):
        public_key_from_did_key("did:web:uol.example")
    with pytest.raises(MultikeyError, match="names a key other than its DID's"):
        public_key_from_did_key(f"did:key:{VECTOR_PUBLIC}#{other}")
    with pytest.raises(MultikeyError, match="is not an Ed25519 secret multikey"):
        private_key_from_multibase(VECTOR_PUBLIC)
