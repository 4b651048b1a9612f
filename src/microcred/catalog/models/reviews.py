from django.conf import settings
from django.db import models
from django.db.models import Q

from microcred.catalog.models.courses import Microcredential


class Review(models.Model):
    """R-CA5: a learner's rating of a course they completed, once per course."""

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews")
    microcredential = models.ForeignKey(Microcredential, on_delete=models.CASCADE, related_name="reviews")
    stars = models.PositiveSmallIntegerField()
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stars__gte=1, stars__lte=5), name="catalog_review_stars_1_to_5"
            ),
            models.UniqueConstraint(
                fields=["learner", "microcredential"], name="catalog_review_once_per_course"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stars}★ {self.microcredential}"
