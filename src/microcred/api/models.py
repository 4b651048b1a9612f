"""Credentials for machines and scripts. Only a SHA-256 hash of each secret is stored; the secret is shown
once, when it is made, and a lost one is replaced rather than recovered."""

from django.conf import settings
from django.db import models

from microcred.catalog.models import Provider


class PersonalAccessToken(models.Model):
    """A learner's bearer token for their own data (``Authorization: Bearer …``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="The first characters, to tell tokens apart.")
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects: "models.Manager[PersonalAccessToken]" = models.Manager()

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ApiKey(models.Model):
    """A provider system's key (``X-Api-Key: …``), scoped to that one provider."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="The first characters, to tell keys apart.")
    secret_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_keys_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects: "models.Manager[ApiKey]" = models.Manager()

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
