"""The final assessment of a microcredential (R-AS1), the attempts learners submit at it (R-AS2, R-AS3), how
each is marked, moderated and released (R-AS4, R-AS7), the history of every mark, and the credit a released
pass gives (R-CR1, R-PO1).

Submissions keep the provider of their course so staff queues are one indexed query. Uploaded files are
stored under MEDIA_ROOT with a random name and no extension; nothing serves MEDIA_ROOT, and a file reaches a
person only through the download view, which checks who is asking.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from microcred.catalog.models import Microcredential, Provider
from microcred.enrolment.models import Enrolment


class SubmissionFormat(models.TextChoices):
    """R-AS1: how the learner answers the final assessment."""

    FILE = "file", "A file upload"
    TEXT = "text", "Text typed or pasted into the page"
    ONLINE_TEST = "online_test", "A timed online test, marked automatically"


class Assessment(models.Model):
    """How a microcredential's one final assessment is taken (R-AS1). Its type, pass mark and word limit are
    the provider policy's (``Microcredential.assessment_type``); this row holds what is not a policy number:
    the format, the instructions, and for a timed test its questions and time limit. A course without a row
    is assessed by a file upload."""

    microcredential = models.OneToOneField(
        Microcredential, on_delete=models.CASCADE, related_name="final_assessment"
    )
    submission_format = models.CharField(
        max_length=20, choices=SubmissionFormat.choices, default=SubmissionFormat.FILE
    )
    instructions = models.TextField(blank=True)
    time_limit_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Timed online tests only: minutes from starting to the last answer."
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(submission_format__in=SubmissionFormat.values), name="assessment_format_valid"
            ),
            models.CheckConstraint(
                condition=(Q(submission_format=SubmissionFormat.ONLINE_TEST) & Q(time_limit_minutes__gt=0))
                | (~Q(submission_format=SubmissionFormat.ONLINE_TEST) & Q(time_limit_minutes__isnull=True)),
                name="assessment_time_limit_for_tests_only",
            ),
        ]

    def __str__(self) -> str:
        return f"final assessment of {self.microcredential}"

    @property
    def is_online_test(self) -> bool:
        return self.submission_format == SubmissionFormat.ONLINE_TEST


class Question(models.Model):
    """A multiple-choice question of a timed online test, with its correct answer and its weight."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    choices = models.JSONField(help_text='The answers offered, in order: ["…", "…"].')
    correct_choice = models.PositiveSmallIntegerField(help_text="Index of the correct answer, from 0.")
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["assessment_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "position"], name="assessment_question_position_unique"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="assessment_question_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"question {self.position} of {self.assessment}"


class SubmissionStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "Test in progress"
    AWAITING_MARKING = "awaiting_marking", "Awaiting marking"
    MARKED = "marked", "Marked"
    RELEASED = "released", "Result released"


class FileType(models.TextChoices):
    """The kinds of file a submission may be, each recognised by its content, not its name."""

    PDF = "pdf", "PDF"
    DOCX = "docx", "Word document (DOCX)"
    ODT = "odt", "OpenDocument text (ODT)"
    TXT = "txt", "Plain text"
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel workbook (XLSX)"


def submission_file_path(instance: "Submission", filename: str) -> str:
    """A random name with no extension: the learner's name for the file is kept in ``file_name`` only."""
    return f"assessment/submissions/{secrets.token_hex(16)}"


class Submission(models.Model):
    """One attempt at the final assessment (R-AS3), from submission to released result (R-AS7).

    ``version`` goes up by one with every staff write; a form carries the version it was shown, and a save
    against an older one is refused, so two markers never overwrite each other unseen."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="submissions")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    attempt_number = models.PositiveSmallIntegerField()
    submission_format = models.CharField(max_length=20, choices=SubmissionFormat.choices)
    assessment_type = models.CharField(max_length=40, help_text="The policy's assessment type id (R-AS1).")
    submitted_at = models.DateTimeField(help_text="When the attempt was made; a test's start.")
    policy_version = models.CharField(
        max_length=50, help_text="R-PO1: the policy the attempt was taken under."
    )
    file = models.FileField(upload_to=submission_file_path, blank=True, max_length=200)
    file_name = models.CharField(max_length=120, blank=True, help_text="The learner's name for it, cleaned.")
    file_type = models.CharField(max_length=10, choices=FileType.choices, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    # R-AS6: counted from TXT, DOCX and typed text; stated by the learner for other files, or not known.
    word_count = models.PositiveIntegerField(null=True, blank=True)
    is_word_count_stated = models.BooleanField(default=False)
    word_limit = models.PositiveIntegerField(null=True, blank=True)
    is_over_word_limit = models.BooleanField(default=False)
    test_deadline = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(
        default=dict, blank=True, help_text="Online tests: question position → choice."
    )
    test_finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=SubmissionStatus.choices)
    mark = models.PositiveSmallIntegerField(null=True, blank=True)
    grade = models.CharField(max_length=20, blank=True)
    feedback = models.TextField(blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField(null=True, blank=True)
    needs_moderation = models.BooleanField(default=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    learner_notified_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            # R-AS3: attempts are numbered once each; two submissions racing for one number fail here.
            models.UniqueConstraint(fields=["enrolment", "attempt_number"], name="assessment_attempt_once"),
            models.CheckConstraint(condition=Q(attempt_number__gte=1), name="assessment_attempt_from_one"),
            models.CheckConstraint(
                condition=Q(status__in=SubmissionStatus.values), name="assessment_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(mark__isnull=True) | Q(mark__lte=100), name="assessment_mark_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[SubmissionStatus.IN_PROGRESS, SubmissionStatus.AWAITING_MARKING])
                | Q(mark__isnull=False),
                name="assessment_marked_has_mark",
            ),
        ]
        indexes = [models.Index(fields=["provider", "status", "submitted_at"], name="assessment_queue")]

    def __str__(self) -> str:
        return f"attempt {self.attempt_number} of {self.enrolment}"

    @property
    def reference(self) -> str:
        """What staff call a submission: short, stable, and not the learner's name."""
        return self.public_id.hex[:8].upper()

    @property
    def is_ready_to_release(self) -> bool:
        return self.status == SubmissionStatus.MARKED and (
            not self.needs_moderation or self.moderated_at is not None
        )


class MarkEventKind(models.TextChoices):
    AUTO_MARKED = "auto_marked", "Marked automatically"
    MARKED = "marked", "Marked"
    MODERATED = "moderated", "Moderated"
    RELEASED = "released", "Released"


class MarkEvent(models.Model):
    """R-AS7: the audit trail of a submission's mark: every entry, change, moderation and release, with who
    (none for the automatic marker) and when. Rows are only ever added."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="mark_events")
    kind = models.CharField(max_length=20, choices=MarkEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    mark_before = models.PositiveSmallIntegerField(null=True, blank=True)
    mark_after = models.PositiveSmallIntegerField(null=True, blank=True)
    grade_after = models.CharField(max_length=20, blank=True)
    feedback = models.TextField(blank=True)
    note = models.CharField(max_length=500, blank=True)
    # A provider system has no user row: the API key that acted is named here ("API key mck_Ab12… (SIS)").
    actor_label = models.CharField(max_length=120, blank=True)
    policy_version = models.CharField(max_length=50)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MarkEventKind.values), name="assessment_event_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.submission} at {self.at:%Y-%m-%d %H:%M}"


class Credit(models.Model):
    """Credit a learner holds (R-CR1): made by the release of a passed submission, in the same transaction.
    Awards and credentials read it; ``used_by_award_id`` is set by the awards app when an award uses it
    (R-AW4), and stays a plain id so this app depends on nothing above it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credits")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    microcredential = models.ForeignKey(Microcredential, on_delete=models.PROTECT, related_name="+")
    submission = models.OneToOneField(Submission, on_delete=models.PROTECT, related_name="credit")
    subject = models.CharField(max_length=120, help_text="The course's primary subject when it was awarded.")
    credits = models.PositiveSmallIntegerField()
    level = models.PositiveSmallIntegerField()
    awarded_on = models.DateField(help_text="The day of release, in the provider's time zone.")
    grade = models.CharField(max_length=20)
    policy_version = models.CharField(max_length=50)
    used_by_award_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["awarded_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "microcredential"], name="assessment_credit_once"),
            models.CheckConstraint(condition=Q(credits__gt=0), name="assessment_credit_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.credits} credits in {self.subject} for {self.learner}"
