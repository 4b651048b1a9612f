"""Accounts are administered by platform admins only: registry officers open the admin for their catalogue
and are refused the user pages, which then change nothing."""

import pytest
from django.test import Client
from tests.factories.catalog import ProviderFactory

from microcred.accounts.models import User
from microcred.common.roles import Role


def _change_form(user: User) -> dict[str, str]:
    return {
        "email": user.email,
        "first_name": "",
        "last_name": "",
        "role": Role.PLATFORM_ADMIN,
        "provider": "",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
    }


def test_platform_admin_lists_and_changes_users(client_for, platform_admin: User, learner: User) -> None:
    client: Client = client_for(platform_admin)

    assert client.get("/admin/accounts/user/").status_code == 200
    response = client.post(
        f"/admin/accounts/user/{learner.pk}/change/", {**_change_form(learner), "first_name": "Ada"}
    )

    assert response.status_code == 302
    learner.refresh_from_db()
    assert (learner.first_name, learner.role) == ("Ada", Role.PLATFORM_ADMIN)


@pytest.mark.parametrize("persona", ["uol_registry", "ou_registry"])
def test_registry_officers_are_refused_the_user_admin_and_change_nothing(
    request: pytest.FixtureRequest, client_for, learner: User, persona: str
) -> None:
    client: Client = client_for(request.getfixturevalue(persona))

    index = client.get("/admin/")
    listing = client.get("/admin/accounts/user/")
    change = client.post(f"/admin/accounts/user/{learner.pk}/change/", _change_form(learner))

    assert (index.status_code, listing.status_code, change.status_code) == (200, 403, 403)
    assert "/admin/accounts/user/" not in index.text
    learner.refresh_from_db()
    assert (learner.role, learner.is_staff, learner.is_superuser) == (Role.LEARNER, False, False)


def test_platform_admin_adds_a_registry_officer_with_admin_access(client_for, platform_admin: User) -> None:
    provider = ProviderFactory(slug="ou")

    response = client_for(platform_admin).post(
        "/admin/accounts/user/add/",
        {
            "email": "new.registry@example.org",
            "role": Role.REGISTRY_OFFICER,
            "provider": provider.pk,
            "usable_password": "false",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new.registry@example.org")
    assert (user.role, user.provider_id, user.is_staff, user.is_superuser) == (
        Role.REGISTRY_OFFICER,
        provider.pk,
        True,
        False,
    )
    assert user.has_usable_password() is False


def test_the_admin_refuses_a_marker_without_a_provider(client_for, platform_admin: User) -> None:
    response = client_for(platform_admin).post(
        "/admin/accounts/user/add/",
        {"email": "lost.marker@example.org", "role": Role.MARKER, "provider": "", "usable_password": "false"},
    )

    assert response.status_code == 200
    assert "Markers, moderators and registry officers belong to exactly one provider" in response.text
    assert User.objects.filter(email="lost.marker@example.org").exists() is False
