"""Staff are scoped to one provider: ``is_staff_of`` is the check every staff page and API builds on."""

import pytest
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.catalog import ProviderFactory

from microcred.accounts.models import User
from microcred.accounts.selectors import is_mfa_required, is_staff_of
from microcred.common.roles import Role


@pytest.mark.parametrize(
    ("persona", "provider_slug", "expected"),
    [
        ("uol_marker", "uol", True),
        ("uol_moderator", "uol", True),
        ("uol_registry", "uol", True),
        ("uol_registry", "ou", False),
        ("ou_registry", "ou", True),
        ("ibers_registry", "uol", False),
        ("learner", "uol", False),
        ("platform_admin", "uol", False),
    ],
)
def test_is_staff_of_only_their_own_provider(
    request: pytest.FixtureRequest, persona: str, provider_slug: str, expected: bool
) -> None:
    user: User = request.getfixturevalue(persona)

    assert is_staff_of(user, ProviderFactory(slug=provider_slug).pk) is expected


@pytest.mark.django_db
def test_is_staff_of_refuses_a_deactivated_member_of_staff() -> None:
    marker = StaffFactory(role=Role.MARKER, provider=ProviderFactory(slug="uol"), is_active=False)

    assert is_staff_of(marker, marker.provider_id) is False


@pytest.mark.parametrize(
    ("role", "is_staff", "expected"),
    [
        (Role.LEARNER, False, False),
        (Role.LEARNER, True, True),
        (Role.MARKER, False, True),
        (Role.MODERATOR, False, True),
        (Role.REGISTRY_OFFICER, True, True),
        (Role.PLATFORM_ADMIN, True, True),
    ],
)
def test_is_mfa_required_of_staff_and_of_anyone_who_can_open_the_admin(
    role: Role, is_staff: bool, expected: bool
) -> None:
    assert is_mfa_required(User(email="x@example.org", role=role, is_staff=is_staff)) is expected


def test_is_staff_of_nobody_when_anonymous() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert is_staff_of(AnonymousUser(), 1) is False


@pytest.mark.django_db
def test_a_learner_factory_person_is_no_staff() -> None:
    assert is_staff_of(UserFactory(), ProviderFactory(slug="uol").pk) is False
