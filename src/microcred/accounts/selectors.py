"""Reads about who a user is: provider scoping and what their role demands of them."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from microcred.accounts.models import User
from microcred.common.roles import Role


def is_staff_of(user: User | AnonymousUser | AbstractBaseUser, provider_id: int) -> bool:
    """True when the user is a marker, moderator or registry officer of that provider (and still active)."""
    return (
        isinstance(user, User)
        and user.is_active
        and user.is_provider_staff
        and user.provider_id is not None
        and user.provider_id == provider_id
    )


def is_mfa_required(user: User) -> bool:
    """Staff of every kind, and anyone who can open the admin, must use an authenticator app."""
    return user.role != Role.LEARNER or user.is_staff or user.is_superuser


def has_totp(user: User) -> bool:
    return bool(is_mfa_enabled(user, types=[Authenticator.Type.TOTP]))


def has_unverified_email(user: User) -> bool:
    """allauth lets nobody add an authenticator while one of their addresses is unverified."""
    return bool(EmailAddress.objects.filter(user=user, verified=False).exists())
