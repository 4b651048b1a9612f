import re
from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks


def key_encryption_key_check(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """A deployment must say how issuers' private keys are encrypted (``check --deploy``); issuing without
    it stops with the same message."""
    if settings.DEBUG or settings.CREDENTIALS_KEY_ENCRYPTION_KEY:
        return []
    return [
        checks.Error(
            "CREDENTIALS_KEY_ENCRYPTION_KEY is not set: issuers' signing keys cannot be stored or used",
            hint="Set CREDENTIALS_KEY_ENCRYPTION_KEY (or CREDENTIALS_KEY_ENCRYPTION_KEY_FILE) to a long "
            "random string, and keep it with the database backups.",
            id="microcred.credentials.E001",
        )
    ]


# A host name (or IPv4 address) and an optional port: what did:web puts after "did:web:".
_PUBLIC_HOST = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?")


def public_host_check(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[checks.CheckMessage]:
    host = settings.CREDENTIALS_PUBLIC_HOST
    if not host or _PUBLIC_HOST.fullmatch(host):
        return []
    return [
        checks.Error(
            f"CREDENTIALS_PUBLIC_HOST must be a host name with an optional port, not {host!r}",
            hint='For example "credentials.example.ac.uk" or "localhost:8000": no scheme, no path.',
            id="microcred.credentials.E002",
        )
    ]


class CredentialsConfig(AppConfig):
    name = "microcred.credentials"
    label = "credentials"
    verbose_name = "Credentials"

    def ready(self) -> None:
        checks.register(key_encryption_key_check, checks.Tags.security, deploy=True)
        checks.register(public_host_check)
