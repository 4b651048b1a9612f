"""The audit of a person's data rights (UK GDPR: access by export, erasure) and of changes to who a person is
on the platform (role and provider). Rows are only ever added; an erasure happens once per person, which a
unique constraint makes a database fact, so a replayed request changes nothing."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from microcred.catalog.models import Provider
from microcred.common.roles import Role


class PrivacyEventKind(models.TextChoices):
    EXPORTED = "exported", "Data exported"
    ERASED = "erased", "Personal data erased"


class PrivacyEvent(models.Model):
    """A person downloaded their data, or had their personal data erased. ``summary`` holds counts only (what
    was removed), never the data itself."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=PrivacyEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PrivacyEventKind.values), name="privacy_event_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["person"], condition=Q(kind=PrivacyEventKind.ERASED), name="privacy_erased_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: user {self.person_id} at {self.at:%Y-%m-%d %H:%M}"


class RoleEvent(models.Model):
    """A person's role or provider changed (a staff account made, promoted, moved or made a learner again),
    written by the accounts change through ``ROLE_CHANGED_HANDLERS`` in the same transaction."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role_before = models.CharField(max_length=20, choices=Role.choices, blank=True)
    role_after = models.CharField(max_length=20, choices=Role.choices)
    provider_before = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    provider_after = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["at"], name="privacy_role_event_at")]

    def __str__(self) -> str:
        return f"user {self.person_id}: {self.role_before or 'new'} → {self.role_after}"
