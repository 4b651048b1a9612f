"""The signature a receiver checks (docs/api.md, "Webhooks"): ``Microcred-Signature: t=<unix seconds>,
v1=<hex HMAC-SHA256 of "<t>.<body>" under the endpoint's secret>``. The timestamp is signed with the body, so
a receiver that refuses old timestamps refuses a captured request replayed later."""

import hashlib
import hmac
import json
import secrets
from typing import Any, Final

SIGNATURE_HEADER: Final = "Microcred-Signature"
EVENT_ID_HEADER: Final = "Microcred-Event-Id"
EVENT_TYPE_HEADER: Final = "Microcred-Event-Type"
SECRET_PREFIX: Final = "whsec_"
SHOWN_PREFIX_LENGTH: Final = 10


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def body_of(payload: dict[str, Any]) -> bytes:
    """The exact bytes sent (and signed): compact JSON, keys sorted, so every attempt sends the same body."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"
