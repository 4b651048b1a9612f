from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower

from microcred.common.roles import PROVIDER_STAFF_ROLES, Role


class EmailUserManager(UserManager["User"]):
    """Users log in with their e-mail address; there is no username."""

    def _create_user_object(self, username: Any, email: Any, password: Any, **extra_fields: Any) -> "User":
        if not email:
            raise ValueError("an e-mail address is required")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        return user

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        user = self._create_user_object(None, email, password, **extra_fields)
        user.save(using=self._db)
        return user

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> "User":
        extra_fields.update(is_staff=True, is_superuser=True, role=Role.PLATFORM_ADMIN)
        return self.create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person: a learner, staff of exactly one provider, or a platform admin.

    The provider is referenced by string, so accounts does not import catalog; staff scoping reads
    ``provider_id`` only.
    """

    username = None  # type: ignore[assignment]
    email = models.EmailField("e-mail address", unique=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.LEARNER)
    provider = models.ForeignKey(
        "catalog.Provider", null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []
    objects: ClassVar[EmailUserManager] = EmailUserManager()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            # Staff belong to exactly one provider; learners and platform admins to none.
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=[r.value for r in PROVIDER_STAFF_ROLES], provider__isnull=False)
                    | (
                        ~models.Q(role__in=[r.value for r in PROVIDER_STAFF_ROLES])
                        & models.Q(provider__isnull=True)
                    )
                ),
                name="accounts_user_staff_have_one_provider",
                violation_error_message=(
                    "Markers, moderators and registry officers belong to exactly one provider; "
                    "learners and platform admins to none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_provider_staff(self) -> bool:
        return self.role in PROVIDER_STAFF_ROLES
