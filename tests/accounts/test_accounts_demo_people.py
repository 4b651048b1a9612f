"""The demo's people: staff of each loaded university, a platform admin and three learners, all verified,
staff with a TOTP authenticator, loadable again without duplicates."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.test import Client
from tests.factories.catalog import ProviderFactory

from microcred.accounts.models import User
from microcred.common.roles import Role
from microcred.demo.people import DEMO_PASSWORD, DemoLogin, load_people


@pytest.mark.django_db
def test_load_people_gives_each_loaded_university_its_staff_and_skips_a_missing_one() -> None:
    ProviderFactory(slug="uol")
    ProviderFactory(slug="ibers")

    logins = load_people()

    assert [(login.role, login.email, login.provider) for login in logins] == [
        (Role.PLATFORM_ADMIN, "admin@demo.example.org", ""),
        (Role.MARKER, "uol.marker@demo.example.org", "uol"),
        (Role.MODERATOR, "uol.moderator@demo.example.org", "uol"),
        (Role.REGISTRY_OFFICER, "uol.registry@demo.example.org", "uol"),
        (Role.MARKER, "ibers.marker@demo.example.org", "ibers"),
        (Role.MODERATOR, "ibers.moderator@demo.example.org", "ibers"),
        (Role.REGISTRY_OFFICER, "ibers.registry@demo.example.org", "ibers"),
        (Role.LEARNER, "learner.new@demo.example.org", ""),
        (Role.LEARNER, "learner.studying@demo.example.org", ""),
        (Role.LEARNER, "learner.stacking@demo.example.org", ""),
    ]
    assert {login.password for login in logins} == {DEMO_PASSWORD}
    registry = User.objects.get(email="uol.registry@demo.example.org")
    assert (registry.provider.slug, registry.is_staff, registry.is_superuser) == ("uol", True, False)
    admin = User.objects.get(email="admin@demo.example.org")
    assert (admin.provider_id, admin.is_staff, admin.is_superuser) == (None, True, True)


@pytest.mark.django_db
def test_load_people_twice_changes_nothing() -> None:
    ProviderFactory(slug="ou")
    first = load_people()
    totp_ids = sorted(Authenticator.objects.values_list("pk", flat=True))

    second = load_people()

    assert second == first
    assert User.objects.count() == 7
    assert EmailAddress.objects.count() == 7
    assert sorted(Authenticator.objects.values_list("pk", flat=True)) == totp_ids


@pytest.mark.django_db
def test_every_demo_address_is_verified_and_staff_hold_the_printed_secret() -> None:
    ProviderFactory(slug="uol")

    logins = load_people()

    assert set(EmailAddress.objects.values_list("verified", "primary")) == {(True, True)}
    for login in logins:
        totp = Authenticator.objects.filter(user__email=login.email, type=Authenticator.Type.TOTP).first()
        if login.role == Role.LEARNER:
            assert (totp, login.totp_secret) == (None, "")
        else:
            assert totp is not None
            assert decrypt(totp.data["secret"]) == login.totp_secret
            label = login.email.replace("@", "%40")
            assert login.totp_uri == f"otpauth://totp/{label}?secret={login.totp_secret}&issuer=microcred"


@pytest.mark.django_db
def test_a_demo_learner_logs_in_with_the_demo_password() -> None:
    load_people()
    client = Client()

    response = client.post(
        "/accounts/login/", {"login": "learner.new@demo.example.org", "password": DEMO_PASSWORD}
    )

    assert response["Location"] == "/my/"
    assert client.get("/my/").status_code == 200


def test_a_demo_login_prints_what_a_person_needs() -> None:
    staff = DemoLogin(
        role=Role.MARKER,
        email="uol.marker@demo.example.org",
        password="pw",
        provider="uol",
        totp_secret="ABC",
        totp_uri="otpauth://totp/x?secret=ABC&issuer=microcred",
    )
    learner = DemoLogin(
        role=Role.LEARNER,
        email="learner.new@demo.example.org",
        password="pw",
        provider="",
        totp_secret="",
        note="just signed up",
    )

    assert str(staff) == (
        "Marker at uol: uol.marker@demo.example.org / pw\n"
        "    TOTP secret ABC\n"
        "    otpauth://totp/x?secret=ABC&issuer=microcred"
    )
    assert str(learner) == "Learner (just signed up): learner.new@demo.example.org / pw"
