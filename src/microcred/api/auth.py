"""Who is calling: a signed-in session (CSRF checked on writes), a learner's personal access token
(``Authorization: Bearer …``) or a provider system's key (``X-Api-Key: …``)."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

from microcred.accounts.models import User
from microcred.api import services
from microcred.api.errors import ApiError
from microcred.api.models import ApiKey
from microcred.catalog.models import Provider
from microcred.enrolment.selectors import registry_provider_of


class AccessTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return services.token_user(token) if token else None


class ProviderKeyAuth(APIKeyHeader):
    param_name = "X-Api-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiKey | None:
        return services.api_key_of(key) if key else None


session_auth = SessionAuth()
token_auth = AccessTokenAuth()
provider_key_auth = ProviderKeyAuth()

LEARNER_AUTH = [session_auth, token_auth]
PROVIDER_AUTH = [provider_key_auth, session_auth]


def caller_user(request: HttpRequest) -> User:
    """The signed-in user or the owner of the token: only on routes behind ``LEARNER_AUTH``."""
    user: Any = request.auth  # type: ignore[attr-defined]
    if not isinstance(user, User):
        raise ApiError(403, "forbidden", "Only a person may do this, not a provider's key.")
    return user


def caller_provider(request: HttpRequest) -> Provider:
    """The provider whose key was sent, or whose registry officer is signed in; anyone else is refused."""
    return provider_caller(request).provider


@dataclass(frozen=True)
class ProviderCaller:
    """A provider's caller as the audit trails record it: the registry officer, or (``user`` None) the API
    key that ``label`` names."""

    provider: Provider
    user: User | None
    label: str


def key_label(api_key: ApiKey) -> str:
    return f"API key {api_key.prefix}… ({api_key.name})"[:120]


def provider_caller(request: HttpRequest) -> ProviderCaller:
    """The provider whose key was sent, or whose registry officer is signed in; anyone else is refused."""
    caller: Any = request.auth  # type: ignore[attr-defined]
    if isinstance(caller, ApiKey):
        return ProviderCaller(caller.provider, None, key_label(caller))
    provider = registry_provider_of(caller) if isinstance(caller, User) else None
    if provider is None:
        raise ApiError(
            403, "forbidden", "Only the provider's registry officers and its API keys may do this."
        )
    return ProviderCaller(provider, caller, "")


def registry_officer(request: HttpRequest) -> tuple[User, Provider]:
    """A signed-in registry officer and their provider (managing API keys needs a person, not a key)."""
    caller: Any = request.auth  # type: ignore[attr-defined]
    provider = registry_provider_of(caller) if isinstance(caller, User) else None
    if provider is None:
        raise ApiError(403, "forbidden", "Only the provider's registry officers may manage its API keys.")
    return caller, provider
