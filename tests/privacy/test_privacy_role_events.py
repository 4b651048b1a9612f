"""Role changes are audited in the transaction of the change: a staff account made, or a person's role or
provider changed in the user admin, writes one RoleEvent with who did it; a save that changes neither, or a
refused one, writes none."""

import pytest
from tests.factories.catalog import ProviderFactory

from microcred.accounts.models import User
from microcred.accounts.services import staff_member_create
from microcred.common.roles import Role
from microcred.privacy.models import RoleEvent

pytestmark = pytest.mark.django_db


def _events() -> list[tuple[object, ...]]:
    return list(
        RoleEvent.objects.order_by("id").values_list(
            "person__email", "actor__email", "role_before", "role_after", "provider_before__slug",
            "provider_after__slug",
        )
    )  # fmt: skip


def _change_form(user: User, **changes: object) -> dict[str, object]:
    form: dict[str, object] = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": user.role,
        "provider": user.provider_id or "",
        "is_active": "on",
    }
    return form | changes


def test_a_staff_account_made_by_the_operator_is_audited() -> None:
    staff_member_create(
        email="new.marker@uol.example.org", role=Role.MARKER, provider=ProviderFactory(slug="uol")
    )

    assert _events() == [("new.marker@uol.example.org", None, "", "marker", None, "uol")]


def test_a_move_to_another_provider_in_the_admin_is_audited_with_the_admin(
    client_for, platform_admin: User, uol_marker: User
) -> None:
    ou = ProviderFactory(slug="ou")

    response = client_for(platform_admin).post(
        f"/admin/accounts/user/{uol_marker.pk}/change/", _change_form(uol_marker, provider=ou.pk)
    )

    assert response.status_code == 302
    assert _events() == [("marker@uol.example.org", "admin@example.org", "marker", "marker", "uol", "ou")]


def test_a_save_that_changes_no_role_writes_no_event(client_for, platform_admin: User, learner: User) -> None:
    response = client_for(platform_admin).post(
        f"/admin/accounts/user/{learner.pk}/change/", _change_form(learner, first_name="Ada")
    )

    assert response.status_code == 302
    assert _events() == []


def test_a_refused_change_writes_no_event(client_for, uol_registry: User, learner: User) -> None:
    response = client_for(uol_registry).post(
        f"/admin/accounts/user/{learner.pk}/change/", _change_form(learner, role=Role.PLATFORM_ADMIN)
    )

    assert response.status_code == 403
    assert _events() == []


def test_an_invalid_change_writes_no_event(client_for, platform_admin: User, learner: User) -> None:
    # a marker without a provider breaks the database constraint's rule, which the admin form reports
    response = client_for(platform_admin).post(
        f"/admin/accounts/user/{learner.pk}/change/", _change_form(learner, role=Role.MARKER)
    )

    assert response.status_code == 200
    assert _events() == []
    learner.refresh_from_db()
    assert learner.role == Role.LEARNER
