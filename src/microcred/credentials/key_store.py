"""Issuers' private signing keys, encrypted at rest with AES-256-GCM.

The encryption key is derived (HKDF-SHA-256) from ``settings.CREDENTIALS_KEY_ENCRYPTION_KEY``; in DEBUG only,
with that setting empty, from ``SECRET_KEY``. Each sealed key is bound to its verification method (the GCM
associated data is the issuer's slug and the public key), so a sealed key copied onto another row does not
open. Nothing here logs or
formats key material: errors name the key, never its bytes.
"""

import os
from typing import Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from microcred.credentials.errors import CredentialError

# The first byte of a sealed key names the scheme, so a later scheme can be read beside this one.
_SCHEME_AES_GCM_V1: Final = b"\x01"
_NONCE_LENGTH: Final = 12
_HKDF_INFO: Final = b"microcred credentials key store v1"
_DEBUG_INFO: Final = b"microcred credentials key store v1 (DEBUG, from SECRET_KEY)"


class KeyStoreError(CredentialError):
    """A sealed key that cannot be opened with the configured encryption key."""


def _encryption_key() -> bytes:
    configured: str = getattr(settings, "CREDENTIALS_KEY_ENCRYPTION_KEY", "")
    if configured:
        return _derived(configured.encode("utf-8"), _HKDF_INFO)
    if settings.DEBUG:
        return _derived(settings.SECRET_KEY.encode("utf-8"), _DEBUG_INFO)
    raise ImproperlyConfigured(
        "CREDENTIALS_KEY_ENCRYPTION_KEY is not set: it is required to issue credentials when DEBUG is false"
    )


def _derived(secret: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret)


def seal_private_key(private_key: Ed25519PrivateKey, *, binding: str) -> bytes:
    """The key's 32-byte seed, encrypted for storage."""
    seed = private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    nonce = os.urandom(_NONCE_LENGTH)
    sealed = AESGCM(_encryption_key()).encrypt(nonce, seed, binding.encode("utf-8"))
    return _SCHEME_AES_GCM_V1 + nonce + sealed


def open_private_key(sealed: bytes, *, binding: str) -> Ed25519PrivateKey:
    """The private key a sealed value holds (:class:`KeyStoreError` when it does not open)."""
    sealed = bytes(sealed)
    if not sealed.startswith(_SCHEME_AES_GCM_V1) or len(sealed) <= 1 + _NONCE_LENGTH:
        raise KeyStoreError(f"the stored key of {binding} is not in a known format")
    nonce, body = sealed[1 : 1 + _NONCE_LENGTH], sealed[1 + _NONCE_LENGTH :]
    try:
        seed = AESGCM(_encryption_key()).decrypt(nonce, body, binding.encode("utf-8"))
    except InvalidTag:
        raise KeyStoreError(
            f"the stored key of {binding} does not open with CREDENTIALS_KEY_ENCRYPTION_KEY"
        ) from None
    return Ed25519PrivateKey.from_private_bytes(seed)
