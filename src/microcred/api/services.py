"""Making and revoking personal access tokens and provider API keys; finding whose a presented secret is."""

import hashlib
import secrets
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db import transaction
from django.utils import timezone

from microcred.accounts.models import User
from microcred.api.models import ApiKey, PersonalAccessToken
from microcred.catalog.models import Provider

TOKEN_PREFIX = "mcp_"
KEY_PREFIX = "mck_"
SHOWN_PREFIX_LENGTH = 10

Record = TypeVar("Record", PersonalAccessToken, ApiKey)


@dataclass(frozen=True)
class Created(Generic[Record]):
    """A new token or key with its secret: the only time the secret exists outside the caller's hands."""

    record: Record
    secret: str


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def personal_access_token_create(*, user: User, name: str) -> Created[PersonalAccessToken]:
    secret = _new_secret(TOKEN_PREFIX)
    token = PersonalAccessToken.objects.create(
        user=user, name=name, prefix=secret[:SHOWN_PREFIX_LENGTH], secret_hash=secret_hash(secret)
    )
    return Created(token, secret)


def personal_access_token_revoke(*, user: User, token_id: int) -> bool:
    """True when a live token of this user was revoked; another user's token is never touched."""
    with transaction.atomic():
        revoked = PersonalAccessToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    return revoked == 1


def api_key_create(*, provider: Provider, name: str, actor: User) -> Created[ApiKey]:
    secret = _new_secret(KEY_PREFIX)
    key = ApiKey.objects.create(
        provider=provider,
        name=name,
        prefix=secret[:SHOWN_PREFIX_LENGTH],
        secret_hash=secret_hash(secret),
        created_by=actor,
    )
    return Created(key, secret)


def api_key_revoke(*, provider: Provider, key_id: int) -> bool:
    """True when a live key of this provider was revoked; another provider's key is never touched."""
    with transaction.atomic():
        revoked = ApiKey.objects.filter(pk=key_id, provider=provider, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    return revoked == 1


def token_user(secret: str) -> User | None:
    token = (
        PersonalAccessToken.objects.select_related("user")
        .filter(secret_hash=secret_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return None if token is None else token.user


def api_key_of(secret: str) -> ApiKey | None:
    return (
        ApiKey.objects.select_related("provider")
        .filter(secret_hash=secret_hash(secret), revoked_at__isnull=True)
        .first()
    )


def tokens_of(user: User) -> list[PersonalAccessToken]:
    return list(PersonalAccessToken.objects.filter(user=user).order_by("-created_at", "-id"))


def api_keys_of(provider: Provider) -> list[ApiKey]:
    return list(ApiKey.objects.filter(provider=provider).order_by("-created_at", "-id"))
