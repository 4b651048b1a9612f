"""R-LE3 (interpretation): a help area per course week. Learners with access ask; mentors of the provider
answer; the first answer stops the clock of the policy's answer target."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from microcred.learning.models.content import Week


class HelpQuestion(models.Model):
    week = models.ForeignKey(Week, on_delete=models.CASCADE, related_name="help_questions")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="help_questions"
    )
    title = models.CharField(max_length=200)
    body = models.TextField()
    asked_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True, help_text="When a mentor first answered.")

    class Meta:
        ordering = ["-asked_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(answered_at__gte=F("asked_at")),
                name="learning_help_answered_after_asked",
            ),
        ]
        indexes = [models.Index(fields=["answered_at", "asked_at"], name="learning_help_unanswered")]

    def __str__(self) -> str:
        return self.title


class HelpAnswer(models.Model):
    question = models.ForeignKey(HelpQuestion, on_delete=models.CASCADE, related_name="answers")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["answered_at", "id"]

    def __str__(self) -> str:
        return f"answer to {self.question}"
