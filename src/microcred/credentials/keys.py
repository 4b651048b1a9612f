"""The key an issuer signs with, and how a verifier finds the public key behind a verification method."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from microcred.credentials.multikey import (
    DID_KEY_PREFIX,
    did_key_verification_method,
    private_key_from_multibase,
    public_key_from_did_key,
)

# Verification method id → its Ed25519 public key, or None when the resolver does not know it.
KeyResolver = Callable[[str], Ed25519PublicKey | None]


@dataclass(frozen=True)
class SigningKey:
    """An Ed25519 private key and the verification method id a proof names for it: ``did:key:…#…`` or an
    issuer's own, e.g. ``did:web:uol.example#key-1``."""

    private_key: Ed25519PrivateKey
    verification_method: str

    @classmethod
    def for_did_key(cls, private_key: Ed25519PrivateKey) -> "SigningKey":
        return cls(private_key, did_key_verification_method(private_key.public_key()))

    @classmethod
    def from_secret_multibase(cls, secret_key: str, verification_method: str | None = None) -> "SigningKey":
        private_key = private_key_from_multibase(secret_key)
        if verification_method is None:
            return cls.for_did_key(private_key)
        return cls(private_key, verification_method)

    @property
    def controller(self) -> str:
        """The DID that controls the key: the verification method id without its fragment. An issuer's
        ``id`` must be exactly this."""
        return self.verification_method.partition("#")[0]

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)


@lru_cache(maxsize=1024)
def resolve_did_key(verification_method: str) -> Ed25519PublicKey | None:
    """The key of a ``did:key`` verification method (:class:`MultikeyError` when it is malformed); None for
    any other DID method (``did:web`` needs the issuer's DID document, which the caller resolves). Remembered,
    since a verifier sees the same few issuers again and again."""
    if not verification_method.startswith(DID_KEY_PREFIX):
        return None
    return public_key_from_did_key(verification_method)
