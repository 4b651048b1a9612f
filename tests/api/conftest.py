"""The API's test set-up: secrets for tokens and keys, and a plain client."""

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from django.test import Client

    from microcred.accounts.models import User


@pytest.fixture
def personal_token_for(db: None) -> Callable[["User"], str]:
    from microcred.api import services

    def make(user: "User") -> str:
        return services.personal_access_token_create(user=user, name="script").secret

    return make


@pytest.fixture
def api_key_for(db: None) -> Callable[["User"], str]:
    """The secret of a new API key of the registry officer's provider."""
    from microcred.api import services

    def make(officer: "User") -> str:
        assert officer.provider is not None
        return services.api_key_create(provider=officer.provider, name="marking", actor=officer).secret

    return make


@pytest.fixture
def api_client() -> "Client":
    from django.test import Client

    return Client()
