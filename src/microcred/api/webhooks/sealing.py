"""Endpoints' signing secrets, encrypted at rest by the credentials key store: the same AES-256-GCM under
the key derived from ``CREDENTIALS_KEY_ENCRYPTION_KEY``, so there is one cipher, one key to keep with the
backups and one place to rotate it. A database dump alone does not let anyone forge a webhook.

The key store seals 32-byte Ed25519 seeds. A secret is ``whsec_`` and the unpadded URL-safe base64 of 32
random bytes, so those bytes are sealed as a seed (an Ed25519 key keeps its seed as given) and the secret is
spelt again from them when it is opened. Each sealed secret is bound to its endpoint's id: copied onto
another endpoint's row it does not open."""

import base64
from typing import Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from microcred.api.webhooks.signing import SECRET_PREFIX
from microcred.credentials.key_store import KeyStoreError, open_private_key, seal_private_key

SECRET_BYTES: Final = 32

__all__ = ["KeyStoreError", "binding_of", "secret_open", "secret_seal"]


def binding_of(endpoint_id: int) -> str:
    return f"webhook endpoint {endpoint_id}"


def _spelt(raw: bytes) -> str:
    return SECRET_PREFIX + base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _raw_of(secret: str) -> bytes:
    encoded = secret.removeprefix(SECRET_PREFIX)
    try:
        raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except ValueError:
        raw = b""
    if not secret.startswith(SECRET_PREFIX) or len(raw) != SECRET_BYTES or _spelt(raw) != secret:
        # Names no part of the secret: this reaches logs and migration output.
        raise ValueError(f"a webhook secret is {SECRET_PREFIX} and {SECRET_BYTES} bytes in URL-safe base64")
    return raw


def secret_seal(secret: str, *, endpoint_id: int) -> bytes:
    """``secret`` (as ``signing.new_secret`` makes them) encrypted for the endpoint's row."""
    key = Ed25519PrivateKey.from_private_bytes(_raw_of(secret))
    return seal_private_key(key, binding=binding_of(endpoint_id))


def secret_open(sealed: bytes, *, endpoint_id: int) -> str:
    """The secret a sealed value holds (:class:`KeyStoreError` when it does not open)."""
    key = open_private_key(sealed, binding=binding_of(endpoint_id))
    return _spelt(key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()))
