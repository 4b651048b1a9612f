"""R-LE2: formative quizzes. Marked at once, retaken at will, every attempt kept; nothing here is linked to
summative assessment, so no quiz ever counts towards a result."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from microcred.learning.models.content import Step, Week


class Quiz(models.Model):
    """A quiz of a week, or of one step in it (then shown after that step). A week has at most one quiz of
    its own."""

    week = models.ForeignKey(Week, on_delete=models.CASCADE, related_name="quizzes")
    step = models.OneToOneField(
        Step,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="quiz",
        help_text="Blank: the week's quiz.",
    )
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)

    class Meta:
        ordering = ["week_id", "id"]
        verbose_name_plural = "quizzes"
        constraints = [
            models.UniqueConstraint(
                fields=["week"], condition=Q(step__isnull=True), name="learning_quiz_one_per_week"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.step_id is None or self.week_id is None:
            return
        if self.step is not None and self.step.week_id != self.week_id:
            raise ValidationError({"step": "must be a step of the quiz's week"})


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Single choice: one answer"
    MULTIPLE = "multiple", "Multiple choice: every answer that applies"


class Question(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=10, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    explanation = models.TextField(blank=True, help_text="Shown with the feedback once the quiz is marked.")

    class Meta:
        ordering = ["quiz_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "position"], name="learning_question_position_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=QuestionKind.values), name="learning_question_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Q{self.position}. {self.text[:60]}"


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    is_correct = models.BooleanField(default=False)

    class Meta:
        ordering = ["question_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="learning_choice_position_unique"),
        ]

    def __str__(self) -> str:
        return self.text


class QuizAttempt(models.Model):
    """One marked attempt, kept for good. ``answers`` is what was chosen and how it was marked at the time:
    ``[{"question": id, "chosen": [choice ids], "is_correct": bool}, …]`` in question order, so a later edit
    of the quiz does not rewrite the learner's history."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    answers = models.JSONField(default=list)
    correct_count = models.PositiveSmallIntegerField()
    question_count = models.PositiveSmallIntegerField()
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(correct_count__lte=F("question_count")), name="learning_attempt_score_in_range"
            ),
        ]
        indexes = [models.Index(fields=["learner", "quiz"], name="learning_attempt_learner_quiz")]

    def __str__(self) -> str:
        return f"{self.learner} on {self.quiz}: {self.correct_count}/{self.question_count}"
