"""Ed25519 keys as multikeys (W3C Controlled Identifiers, "Multikey") and ``did:key`` identifiers.

A public key is ``z`` + base58btc(0xed 0x01 + 32 key bytes), which always starts ``z6Mk``; a secret key is
``z`` + base58btc(0x80 0x26 + 32 seed bytes). A ``did:key`` is ``did:key:`` + the public multikey, and its one
verification method is ``did:key:<multikey>#<multikey>``.
"""

from typing import Final

import base58
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from microcred.credentials.errors import MultikeyError

BASE58BTC_PREFIX: Final = "z"
ED25519_PUBLIC_KEY_CODEC: Final = b"\xed\x01"
ED25519_SECRET_KEY_CODEC: Final = b"\x80\x26"
DID_KEY_PREFIX: Final = "did:key:"
_KEY_LENGTH: Final = 32


def base58btc_encode(data: bytes) -> str:
    """Multibase base58btc: ``z`` followed by the Bitcoin-alphabet base58 of the bytes."""
    return BASE58BTC_PREFIX + base58.b58encode(data).decode("ascii")


def base58btc_decode(value: str) -> bytes:
    if not value.startswith(BASE58BTC_PREFIX):
        raise MultikeyError(f"{value!r} is not multibase base58btc (it must start with 'z')")
    try:
        return base58.b58decode(value[1:])
    except ValueError:
        raise MultikeyError(f"{value!r} is not valid base58btc") from None


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base58btc_encode(ED25519_PUBLIC_KEY_CODEC + raw)


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(_key_bytes(value, ED25519_PUBLIC_KEY_CODEC, "public"))


def secret_key_multibase(private_key: Ed25519PrivateKey) -> str:
    seed = private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return base58btc_encode(ED25519_SECRET_KEY_CODEC + seed)


def private_key_from_multibase(value: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_key_bytes(value, ED25519_SECRET_KEY_CODEC, "secret"))


def did_key(public_key: Ed25519PublicKey) -> str:
    return DID_KEY_PREFIX + public_key_multibase(public_key)


def did_key_verification_method(public_key: Ed25519PublicKey) -> str:
    multikey = public_key_multibase(public_key)
    return f"{DID_KEY_PREFIX}{multikey}#{multikey}"


def public_key_from_did_key(verification_method: str) -> Ed25519PublicKey:
    """The key of a ``did:key`` DID or of its verification method (whose fragment must repeat the key)."""
    if not verification_method.startswith(DID_KEY_PREFIX):
        raise MultikeyError(f"{verification_method!r} is not a did:key identifier")
    multikey, _, fragment = verification_method.removeprefix(DID_KEY_PREFIX).partition("#")
    if fragment and fragment != multikey:
        raise MultikeyError(f"{verification_method!r} names a key other than its DID's")
    return public_key_from_multibase(multikey)


def _key_bytes(value: str, codec: bytes, kind: str) -> bytes:
    decoded = base58btc_decode(value)
    if not decoded.startswith(codec) or len(decoded) != len(codec) + _KEY_LENGTH:
        raise MultikeyError(f"{value!r} is not an Ed25519 {kind} multikey")
    return decoded[len(codec) :]
