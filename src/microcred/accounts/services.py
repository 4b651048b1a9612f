"""Every write to accounts: one function per use case, keyword-only.

People sign themselves up through allauth (and become learners); staff are created here by an operator, the
demo or, later, the platform admin's pages.
"""

import base64
import binascii

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from microcred.accounts.errors import AccountError
from microcred.accounts.models import User
from microcred.catalog.models import Provider
from microcred.common.hooks import hooks_call
from microcred.common.roles import PROVIDER_STAFF_ROLES, Role


def admin_flags_for(role: Role) -> dict[str, bool]:
    """Registry officers keep their provider's catalogue in the admin; platform admins run all of it; markers
    and moderators work only in the site's own pages."""
    return {
        "is_staff": role in (Role.REGISTRY_OFFICER, Role.PLATFORM_ADMIN),
        "is_superuser": role == Role.PLATFORM_ADMIN,
    }


def _checked_email(email: str) -> str:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise AccountError("email", f"{email!r} is not a valid e-mail address") from None
    return email


def _check_role_and_provider(*, role: Role, provider: Provider | None) -> None:
    if role == Role.LEARNER:
        raise AccountError("role", "learners sign themselves up; a staff member needs a staff role")
    if role in PROVIDER_STAFF_ROLES and provider is None:
        raise AccountError("provider", f"a {Role(role).label.lower()} belongs to exactly one provider")
    if role not in PROVIDER_STAFF_ROLES and provider is not None:
        raise AccountError("provider", "a platform admin belongs to no provider")


@transaction.atomic
def staff_member_create(
    *,
    email: str,
    role: Role,
    provider: Provider | None,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """A marker, moderator or registry officer of one provider, or a platform admin.

    Without a password the account has an unusable one and the person sets theirs by password reset. The
    address counts as verified: the operator who creates staff vouches for it. At first login the person must
    set up an authenticator app (``microcred.accounts.middleware``).
    """
    email = _checked_email(email)
    _check_role_and_provider(role=role, provider=provider)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email,
                password,
                role=role,
                provider=provider,
                first_name=first_name,
                last_name=last_name,
                **admin_flags_for(role),
            )
    except IntegrityError:
        raise AccountError("email", f"an account for {email} already exists") from None
    email_address_verify(user=user)
    role_change_record(user=user, actor=None, role_before="", provider_before_id=None)
    return user


def role_change_record(
    *, user: User, actor: User | None, role_before: str, provider_before_id: int | None
) -> None:
    """The audit row of a change of the user's role or provider (ROLE_CHANGED_HANDLERS), in the caller's
    transaction; nothing when neither changed. Called wherever a role is set: here and the user admin."""
    if (role_before, provider_before_id) == (user.role, user.provider_id):
        return
    hooks_call(
        "ROLE_CHANGED_HANDLERS",
        person_id=user.pk,
        actor_id=None if actor is None else actor.pk,
        role_before=role_before,
        role_after=user.role,
        provider_before_id=provider_before_id,
        provider_after_id=user.provider_id,
    )


@transaction.atomic
def email_address_verify(*, user: User) -> EmailAddress:
    """Records the user's own address as verified and primary (what following the e-mailed link does)."""
    # allauth allows one primary address per user, so the others step down first.
    EmailAddress.objects.filter(user=user, primary=True).exclude(email__iexact=user.email).update(
        primary=False
    )
    address, _ = EmailAddress.objects.update_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email, "verified": True, "primary": True}
    )
    return address


def _checked_totp_secret(secret: str) -> str:
    try:
        decoded = base64.b32decode(secret, casefold=True)
    except (binascii.Error, ValueError):
        raise AccountError("secret", "a TOTP secret is base32 text (A–Z, 2–7)") from None
    if len(decoded) < 16:
        raise AccountError("secret", "a TOTP secret needs at least 128 bits")
    return secret.upper()


@transaction.atomic
def totp_authenticator_set(*, user: User, secret: str) -> Authenticator:
    """Gives the user a TOTP authenticator with this secret, replacing any other, and recovery codes.

    For operators and the demo; people set up their own in the two-factor pages, which call the same
    allauth code after checking a code from their app.
    """
    secret = _checked_totp_secret(secret)
    current = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if current is not None and decrypt(current.data["secret"]) == secret:
        authenticator = current
    else:
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
        authenticator = TOTP.activate(user, secret).instance
    RecoveryCodes.activate(user)
    return authenticator
