"""What a microcredential counts towards: qualifications that list it (R-AW6) and sets of four that exempt
part of a master's (R-AW5)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from microcred.catalog.models.courses import Microcredential
from microcred.catalog.models.provider import Provider
from microcred.catalog.models.validation import refuse_overlap


class Qualification(models.Model):
    """A programme of the provider that microcredentials may count towards (an OU postgraduate qualification,
    an IBERS master's). ``study_duration_years`` limits how old counted credit may be (R-AW6); blank means
    no limit."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="qualifications")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    study_duration_years = models.PositiveSmallIntegerField(null=True, blank=True)
    recommended_order = models.TextField(blank=True, help_text="The recommended study order, as advice.")

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "slug"], name="catalog_qualification_slug_unique"),
            models.CheckConstraint(
                condition=Q(study_duration_years__isnull=True) | Q(study_duration_years__gt=0),
                name="catalog_qualification_duration_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class QualificationMapping(models.Model):
    """R-AW6: a microcredential listed for a qualification between two dates (the list changes over time).
    ``effective_to`` is the last day it is listed; blank means until further notice."""

    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="mappings")
    microcredential = models.ForeignKey(
        Microcredential, on_delete=models.CASCADE, related_name="qualification_mappings"
    )
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    recommended_position = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Its place in the recommended study order, if there is one."
    )

    class Meta:
        ordering = ["qualification_id", "recommended_position", "effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="catalog_mapping_effective_range_ordered",
            ),
            models.UniqueConstraint(
                fields=["qualification", "microcredential", "effective_from"],
                name="catalog_mapping_unique_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.microcredential} → {self.qualification}"

    def is_in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def clean(self) -> None:
        if not (self.qualification_id and self.microcredential_id):
            return
        if self.microcredential.provider_id != self.qualification.provider_id:
            raise ValidationError({"microcredential": "must be a course of the qualification's provider"})
        others = QualificationMapping.objects.filter(
            qualification_id=self.qualification_id, microcredential_id=self.microcredential_id
        )
        refuse_overlap(others.exclude(pk=self.pk), self.effective_from, self.effective_to, "listing")


class QualificationRestriction(models.Model):
    """R-AW6: a microcredential that cannot count towards the qualification together with another
    microcredential, or with a named module."""

    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="restrictions")
    microcredential = models.ForeignKey(Microcredential, on_delete=models.CASCADE, related_name="+")
    excludes_microcredential = models.ForeignKey(
        Microcredential, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    excludes_module = models.CharField(max_length=200, blank=True, help_text="e.g. a module code and title.")

    class Meta:
        constraints = [
            # Exactly one of the two: another microcredential, or a module named in text.
            models.CheckConstraint(
                condition=(Q(excludes_microcredential__isnull=False) & Q(excludes_module=""))
                | (Q(excludes_microcredential__isnull=True) & ~Q(excludes_module="")),
                name="catalog_restriction_excludes_one_thing",
            ),
            models.CheckConstraint(
                condition=~Q(excludes_microcredential=models.F("microcredential")),
                name="catalog_restriction_not_itself",
            ),
        ]

    def __str__(self) -> str:
        excluded = self.excludes_module or str(self.excludes_microcredential)
        return f"{self.microcredential} excludes {excluded}"


class CourseSet(models.Model):
    """R-AW5: a set of four microcredentials (IBERS: Plant Breeding 1–4) that, completed together, exempt
    credit of a related master's."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="course_sets")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    related_programmes = models.ManyToManyField(Qualification, related_name="course_sets", blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "slug"], name="catalog_course_set_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class CourseSetMember(models.Model):
    course_set = models.ForeignKey(CourseSet, on_delete=models.CASCADE, related_name="members")
    microcredential = models.ForeignKey(
        Microcredential, on_delete=models.CASCADE, related_name="course_set_memberships"
    )
    position = models.PositiveSmallIntegerField(help_text="1 to 4.")

    class Meta:
        ordering = ["course_set_id", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=4), name="catalog_set_member_position_1_to_4"
            ),
            models.UniqueConstraint(
                fields=["course_set", "position"], name="catalog_set_member_position_unique"
            ),
            models.UniqueConstraint(
                fields=["course_set", "microcredential"], name="catalog_set_member_course_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_set} {self.position}: {self.microcredential}"

    def clean(self) -> None:
        if not (self.course_set_id and self.microcredential_id):
            return
        if self.microcredential.provider_id != self.course_set.provider_id:
            raise ValidationError({"microcredential": "must be a course of the set's provider"})
