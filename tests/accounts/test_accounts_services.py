"""Staff are created by a service that gives each role exactly its admin access and a verified address
(DESIGN.md: accounts hold users, roles and provider staff scoping)."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from tests.factories.accounts import PASSWORD, UserFactory, totp_secret_for
from tests.factories.catalog import ProviderFactory

from microcred.accounts.errors import AccountError
from microcred.accounts.models import User
from microcred.accounts.services import email_address_verify, staff_member_create, totp_authenticator_set
from microcred.common.roles import Role


@pytest.mark.parametrize(
    ("role", "is_staff"),
    [(Role.MARKER, False), (Role.MODERATOR, False), (Role.REGISTRY_OFFICER, True)],
)
@pytest.mark.django_db
def test_staff_member_create_gives_provider_staff_their_admin_access(role: Role, is_staff: bool) -> None:
    provider = ProviderFactory(slug="uol")

    user = staff_member_create(email=" Ann.Marker@UoL.Example.org ", role=role, provider=provider)

    assert (user.email, user.role, user.provider_id) == ("ann.marker@uol.example.org", role, provider.pk)
    assert (user.is_staff, user.is_superuser) == (is_staff, False)
    assert user.has_usable_password() is False
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")) == [
        ("ann.marker@uol.example.org", True, True)
    ]


@pytest.mark.django_db
def test_staff_member_create_platform_admin_runs_the_whole_admin() -> None:
    user = staff_member_create(
        email="root@example.org", role=Role.PLATFORM_ADMIN, provider=None, password=PASSWORD
    )

    assert (user.role, user.provider_id, user.is_staff, user.is_superuser) == (
        Role.PLATFORM_ADMIN,
        None,
        True,
        True,
    )
    assert user.check_password(PASSWORD) is True


@pytest.mark.parametrize(
    ("role", "with_provider", "field", "message"),
    [
        (Role.LEARNER, False, "role", "learners sign themselves up; a staff member needs a staff role"),
        (Role.MARKER, False, "provider", "a marker belongs to exactly one provider"),
        (Role.REGISTRY_OFFICER, False, "provider", "a registry officer belongs to exactly one provider"),
        (Role.PLATFORM_ADMIN, True, "provider", "a platform admin belongs to no provider"),
    ],
)
@pytest.mark.django_db
def test_staff_member_create_refuses_a_role_without_its_provider(
    role: Role, with_provider: bool, field: str, message: str
) -> None:
    provider = ProviderFactory(slug="ou") if with_provider else None

    with pytest.raises(AccountError) as raised:
        staff_member_create(email="someone@example.org", role=role, provider=provider)

    assert (raised.value.field, raised.value.message) == (field, message)
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_staff_member_create_refuses_an_address_already_in_use_whatever_its_case() -> None:
    UserFactory(email="taken@example.org")

    with pytest.raises(AccountError) as raised:
        staff_member_create(email="TAKEN@example.org", role=Role.MARKER, provider=ProviderFactory(slug="uol"))

    assert str(raised.value) == "email: an account for taken@example.org already exists"
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_staff_member_create_refuses_a_malformed_address() -> None:
    with pytest.raises(AccountError) as raised:
        staff_member_create(email="not an address", role=Role.PLATFORM_ADMIN, provider=None)

    assert str(raised.value) == "email: 'not an address' is not a valid e-mail address"


@pytest.mark.django_db
def test_email_address_verify_is_idempotent_and_keeps_one_primary() -> None:
    user = UserFactory(email="learner@example.org", email_verified=False)
    EmailAddress.objects.create(user=user, email="old@example.org", verified=True, primary=True)

    email_address_verify(user=user)
    email_address_verify(user=user)

    assert sorted(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")) == [
        ("learner@example.org", True, True),
        ("old@example.org", True, False),
    ]


@pytest.mark.django_db
def test_totp_authenticator_set_replaces_the_secret_and_adds_recovery_codes_once() -> None:
    user = UserFactory(email="staff@example.org")
    first, second = totp_secret_for("first"), totp_secret_for("second")

    totp_authenticator_set(user=user, secret=first)
    totp_authenticator_set(user=user, secret=second.lower())

    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    assert decrypt(totp.data["secret"]) == second
    assert sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == [
        "recovery_codes",
        "totp",
    ]


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        ("not base32!", "secret: a TOTP secret is base32 text (A–Z, 2–7)"),
        ("JBSWY3DPEHPK3PXP", "secret: a TOTP secret needs at least 128 bits"),
    ],
)
@pytest.mark.django_db
def test_totp_authenticator_set_refuses_a_bad_secret(secret: str, message: str) -> None:
    user = UserFactory(email="staff@example.org")

    with pytest.raises(AccountError) as raised:
        totp_authenticator_set(user=user, secret=secret)

    assert str(raised.value) == message
    assert Authenticator.objects.filter(user=user).count() == 0
