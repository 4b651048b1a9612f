"""Who a user is on the platform. Kept in common so every app (and the admin of each) can scope by role
without importing accounts."""

from django.db import models


class Role(models.TextChoices):
    LEARNER = "learner", "Learner"
    MARKER = "marker", "Marker"
    MODERATOR = "moderator", "Moderator"
    REGISTRY_OFFICER = "registry_officer", "Registry officer"
    PLATFORM_ADMIN = "platform_admin", "Platform admin"


PROVIDER_STAFF_ROLES = (Role.MARKER, Role.MODERATOR, Role.REGISTRY_OFFICER)
