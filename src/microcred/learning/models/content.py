import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from microcred.catalog.models import Microcredential


class Week(models.Model):
    """R-LE1: one week of a course, numbered from 1 in study order."""

    microcredential = models.ForeignKey(
        Microcredential, on_delete=models.CASCADE, related_name="learning_weeks"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["microcredential_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["microcredential", "number"], name="learning_week_number_unique"),
            models.CheckConstraint(condition=Q(number__gt=0), name="learning_week_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.microcredential}, week {self.number}: {self.title}"


class StepKind(models.TextChoices):
    TEXT = "text", "Text"
    LINK = "link", "Link"
    FILE = "file", "File"


def step_file_path(instance: "Step", filename: str) -> str:
    # A random folder per upload: file names are never guessable, and two uploads never collide.
    return f"learning/steps/{uuid.uuid4().hex}/{filename}"


class Step(models.Model):
    """R-LE1: one step of a week: a text in Markdown, a link, or a file handed out as an attachment. A link or
    a file may carry a Markdown introduction in ``body``."""

    week = models.ForeignKey(Week, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=StepKind.choices, default=StepKind.TEXT)
    body = models.TextField(blank=True, help_text="Markdown. Raw HTML is shown as text, never run.")
    url = models.URLField(max_length=500, blank=True, help_text="Required for a link step.")
    file = models.FileField(
        upload_to=step_file_path, max_length=300, blank=True, help_text="Required for a file step."
    )

    class Meta:
        ordering = ["week_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["week", "position"], name="learning_step_position_unique"),
            models.CheckConstraint(condition=Q(position__gt=0), name="learning_step_position_positive"),
            models.CheckConstraint(condition=Q(kind__in=StepKind.values), name="learning_step_kind_valid"),
            models.CheckConstraint(
                condition=~Q(kind=StepKind.TEXT) | ~Q(body=""), name="learning_text_step_has_body"
            ),
            models.CheckConstraint(
                condition=~Q(kind=StepKind.LINK) | ~Q(url=""), name="learning_link_step_has_url"
            ),
            models.CheckConstraint(
                condition=~Q(kind=StepKind.FILE) | ~Q(file=""), name="learning_file_step_has_file"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        """``3.2``: the second step of week 3, as learners cite it."""
        return f"{self.week.number}.{self.position}"

    def clean(self) -> None:
        missing = {
            StepKind.TEXT.value: ("body", not self.body),
            StepKind.LINK.value: ("url", not self.url),
            StepKind.FILE.value: ("file", not self.file),
        }
        field, is_missing = missing.get(self.kind, ("", False))
        if is_missing:
            raise ValidationError({field: f"a {self.get_kind_display().lower()} step needs this"})


class StepCompletion(models.Model):
    """R-LE1: a learner marked a step as done. Once per learner and step, whatever the number of clicks."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="step_completions"
    )
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["completed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "step"], name="learning_step_done_once"),
        ]

    def __str__(self) -> str:
        return f"{self.learner} did {self.step}"
