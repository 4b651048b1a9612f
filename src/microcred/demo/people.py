"""The demo's people: for each demo university a marker, a moderator and a registry officer, one platform
admin, and three learners at different stages. Safe to load again: people are matched by e-mail address.

Everyone logs in with ``DEMO_PASSWORD``. Staff must use two-factor authentication, so each has a TOTP
authenticator whose secret is derived from their address; add it to an authenticator app (by the secret or
the otpauth URI) to get the codes. These credentials are public: never load them into a real deployment.
"""

import base64
import hashlib
from dataclasses import dataclass

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from django.db import transaction

from microcred.accounts.models import User
from microcred.accounts.services import admin_flags_for, email_address_verify, totp_authenticator_set
from microcred.catalog.models import Provider
from microcred.common.roles import PROVIDER_STAFF_ROLES, Role

DEMO_PASSWORD = "microcred-demo"
DEMO_DOMAIN = "demo.example.org"
PROVIDER_SLUGS = ("uol", "ou", "ibers")
STAFF_MAILBOXES = {Role.MARKER: "marker", Role.MODERATOR: "moderator", Role.REGISTRY_OFFICER: "registry"}
# (mailbox, first name, last name, stage): learner_stages gives each stage its enrolments, credit and badges.
LEARNERS = (
    ("learner.new", "Amira", "Haddad", "just signed up"),
    ("learner.studying", "Ben", "Okafor", "studying at UoL; IBERS learning-only, can top up"),
    ("learner.stacking", "Chloe", "Evans", "four UoL passes with badges: can claim a PGCert"),
)


@dataclass(frozen=True)
class DemoLogin:
    role: Role
    email: str
    password: str
    provider: str  # the provider's slug; "" for learners and the platform admin
    totp_secret: str  # base32; "" for learners, who need no second factor
    totp_uri: str = ""
    note: str = ""

    def __str__(self) -> str:
        where = f" at {self.provider}" if self.provider else ""
        note = f" ({self.note})" if self.note else ""
        line = f"{Role(self.role).label}{where}{note}: {self.email} / {self.password}"
        if self.totp_secret:
            line += f"\n    TOTP secret {self.totp_secret}\n    {self.totp_uri}"
        return line


def demo_totp_secret(email: str) -> str:
    """A fixed 160-bit secret per address, so the demo prints the same one every time it is loaded."""
    return base64.b32encode(hashlib.sha256(f"microcred-demo-totp:{email}".encode()).digest()[:20]).decode()


def _person(*, email: str, role: Role, provider: Provider | None, first_name: str, last_name: str) -> User:
    user, _ = User.objects.update_or_create(
        email=email,
        defaults={
            "role": role,
            "provider": provider,
            "first_name": first_name,
            "last_name": last_name,
            "is_active": True,
            **admin_flags_for(role),
        },
    )
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    email_address_verify(user=user)
    return user


def _staff_login(*, role: Role, provider: Provider | None, first_name: str, last_name: str) -> DemoLogin:
    email = f"{provider.slug}.{STAFF_MAILBOXES[role]}@{DEMO_DOMAIN}" if provider else f"admin@{DEMO_DOMAIN}"
    user = _person(email=email, role=role, provider=provider, first_name=first_name, last_name=last_name)
    secret = demo_totp_secret(email)
    totp_authenticator_set(user=user, secret=secret)
    return DemoLogin(
        role=role,
        email=email,
        password=DEMO_PASSWORD,
        provider=provider.slug if provider is not None else "",
        totp_secret=secret,
        totp_uri=get_mfa_adapter().build_totp_url(user, secret),
    )


@transaction.atomic
def load_people() -> list[DemoLogin]:
    """Creates or updates the demo's people; a demo university that is not loaded gets no staff."""
    providers = {p.slug: p for p in Provider.objects.filter(slug__in=PROVIDER_SLUGS)}
    logins = [_staff_login(role=Role.PLATFORM_ADMIN, provider=None, first_name="Pat", last_name="Admin")]
    for slug in PROVIDER_SLUGS:
        if slug not in providers:
            continue
        for role in PROVIDER_STAFF_ROLES:
            logins.append(
                _staff_login(
                    role=role, provider=providers[slug], first_name=slug.upper(), last_name=role.label
                )
            )
    for mailbox, first_name, last_name, stage in LEARNERS:
        email = f"{mailbox}@{DEMO_DOMAIN}"
        _person(email=email, role=Role.LEARNER, provider=None, first_name=first_name, last_name=last_name)
        logins.append(
            DemoLogin(
                role=Role.LEARNER,
                email=email,
                password=DEMO_PASSWORD,
                provider="",
                totp_secret="",
                note=stage,
            )
        )
    return logins
