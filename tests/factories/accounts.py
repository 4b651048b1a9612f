"""Factories for people, with deterministic e-mail addresses (no Faker: tests assert on them).

``UserFactory`` gives a learner with a verified address and the password ``PASSWORD``; ``StaffFactory`` a
marker of the provider given (or a fresh one) with a TOTP authenticator, so staff pass the MFA middleware.
"""

import base64
import hashlib

import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from allauth.mfa.utils import decrypt
from factory.django import DjangoModelFactory
from tests.factories.catalog import ProviderFactory

from microcred.accounts.models import User
from microcred.accounts.services import admin_flags_for, email_address_verify, totp_authenticator_set
from microcred.common.roles import PROVIDER_STAFF_ROLES, Role

PASSWORD = "correct-horse-battery-staple"


def totp_secret_for(email: str) -> str:
    """A fixed base32 secret per address, so a test can compute the codes an authenticator app would show."""
    return base64.b32encode(hashlib.sha256(f"test-totp:{email}".encode()).digest()[:20]).decode()


def totp_code_for(user: User) -> str:
    """The code the user's authenticator app shows now."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    role = Role.LEARNER
    provider = None
    password = factory.django.Password(PASSWORD)
    is_staff = factory.LazyAttribute(lambda o: admin_flags_for(o.role)["is_staff"])
    is_superuser = factory.LazyAttribute(lambda o: admin_flags_for(o.role)["is_superuser"])

    @factory.post_generation
    def email_verified(obj: User, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted is not False:
            email_address_verify(user=obj)


class StaffFactory(UserFactory):
    """Staff of one provider (a marker unless told), or a platform admin with ``role=Role.PLATFORM_ADMIN``."""

    email = factory.Sequence(lambda n: f"staff{n}@example.org")
    role = Role.MARKER
    provider = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role in PROVIDER_STAFF_ROLES),
        yes_declaration=factory.SubFactory(ProviderFactory),
        no_declaration=None,
    )

    @factory.post_generation
    def totp(obj: User, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted is not False:
            totp_authenticator_set(user=obj, secret=totp_secret_for(obj.email))
