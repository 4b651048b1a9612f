"""Personas and the login helper shared by every Django test.

Imports of Django code happen inside the fixtures: the rules tests run from this tree with pytest-django
switched off, and must be able to load this file without Django settings.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from django.test import Client

    from microcred.accounts.models import User


@pytest.fixture(autouse=True)
def _django_test_defaults(request: pytest.FixtureRequest) -> None:
    """Fast password hashing; plain-HTTP requests and static files without a collectstatic manifest (what
    DEBUG off asks of a deployment); and an empty cache, so allauth's rate limits and its memory of used TOTP
    codes never carry from test to test."""
    if not request.config.pluginmanager.hasplugin("django"):
        return
    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    settings.CREDENTIALS_KEY_ENCRYPTION_KEY = "test-only-credentials-key"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.cache import cache

    cache.clear()


def _staff(role: str, provider_slug: str, email: str) -> "User":
    from tests.factories.accounts import StaffFactory
    from tests.factories.catalog import ProviderFactory

    from microcred.common.roles import Role

    return StaffFactory(email=email, role=Role(role), provider=ProviderFactory(slug=provider_slug))


@pytest.fixture
def learner(db: None) -> "User":
    from tests.factories.accounts import UserFactory

    return UserFactory(email="learner@example.org")


@pytest.fixture
def other_learner(db: None) -> "User":
    from tests.factories.accounts import UserFactory

    return UserFactory(email="other.learner@example.org")


@pytest.fixture
def uol_marker(db: None) -> "User":
    return _staff("marker", "uol", "marker@uol.example.org")


@pytest.fixture
def uol_moderator(db: None) -> "User":
    return _staff("moderator", "uol", "moderator@uol.example.org")


@pytest.fixture
def uol_registry(db: None) -> "User":
    return _staff("registry_officer", "uol", "registry@uol.example.org")


@pytest.fixture
def ou_registry(db: None) -> "User":
    return _staff("registry_officer", "ou", "registry@ou.example.org")


@pytest.fixture
def ibers_registry(db: None) -> "User":
    return _staff("registry_officer", "ibers", "registry@ibers.example.org")


@pytest.fixture
def platform_admin(db: None) -> "User":
    from tests.factories.accounts import StaffFactory

    from microcred.common.roles import Role

    return StaffFactory(email="admin@example.org", role=Role.PLATFORM_ADMIN)


@pytest.fixture
def client_for(db: None) -> Callable[["User | None"], "Client"]:
    """A test client logged in as the persona (None: anonymous). Staff personas hold a TOTP authenticator,
    which is what the MFA middleware asks of a session."""
    from django.test import Client

    def login(persona: "User | None") -> Client:
        client = Client()
        if persona is not None:
            client.force_login(persona)
        return client

    return login


@pytest.fixture
def persona(request: pytest.FixtureRequest) -> "User | None":
    """The persona named by an indirect parametrization (``"anonymous"`` for nobody)."""
    name: str = request.param
    return None if name == "anonymous" else request.getfixturevalue(name)
