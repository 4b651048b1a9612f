from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q

from microcred.catalog.models.provider import Provider


class CatalogChangeKind(models.TextChoices):
    MICROCREDENTIAL_CREATED = "microcredential_created", "Microcredential created"
    MICROCREDENTIAL_UPDATED = "microcredential_updated", "Microcredential updated"
    COHORT_CREATED = "cohort_created", "Cohort created"
    COHORT_UPDATED = "cohort_updated", "Cohort updated"
    PRICE_CREATED = "price_created", "Price created"
    PRICE_UPDATED = "price_updated", "Price updated"


class CatalogChange(models.Model):
    """The audit trail of the catalogue writes made through ``services_courses`` (the API's): what changed,
    from what to what, by whom (a registry officer, or a provider system's API key named in ``actor_label``)
    and when. Rows are only ever added."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=CatalogChangeKind.choices)
    object_id = models.BigIntegerField(help_text="The microcredential, cohort or price changed.")
    # {"field": [before, after]}; a creation has null befores.
    changes = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=120, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CatalogChangeKind.values), name="catalog_change_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id} at {self.at:%Y-%m-%d %H:%M}"
