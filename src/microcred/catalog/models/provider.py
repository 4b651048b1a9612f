from django.db import models

from microcred.common.policies import get_policy
from microcred.rules.policy import Policy


class Provider(models.Model):
    """A university (awarding body) that publishes microcredentials under one policy file."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    awarding_body = models.CharField(max_length=200)
    country = models.CharField(max_length=100, help_text="Country or region of the issuer (R-CA3 element 3).")
    quality_assurance = models.TextField(help_text="Type of quality assurance (R-CA3 element 11).")
    policy_slug = models.SlugField(
        max_length=40, help_text="Name of the policy file in policies/, without .toml."
    )
    delivery_partner = models.CharField(max_length=200, blank=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def policy(self) -> Policy:
        """The provider's policy, loaded once per process (R-PO1)."""
        return get_policy(self.policy_slug)
