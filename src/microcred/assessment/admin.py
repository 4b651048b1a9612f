"""The assessment records in the admin. Registry officers set up their own provider's assessments (format,
instructions, test questions); submissions, the mark history and credit are read-only for everyone, since
they change only through the services that apply the rules (R-AS7)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from microcred.assessment.models import Assessment, Credit, MarkEvent, Question, Submission
from microcred.catalog.admin import ScopedInline, ScopedModelAdmin


class QuestionInline(ScopedInline):
    model = Question
    provider_lookup = "assessment__microcredential__provider"
    object_provider_lookup = "microcredential__provider"


@admin.register(Assessment)
class AssessmentAdmin(ScopedModelAdmin):
    provider_lookup = "microcredential__provider"
    list_display = ("microcredential", "submission_format", "time_limit_minutes")
    list_select_related = ("microcredential",)
    search_fields = ("microcredential__title",)
    inlines = (QuestionInline,)


class ReadOnlyScopedAdmin(ScopedModelAdmin):
    registry_actions = frozenset({"view"})
    platform_admin_actions = frozenset({"view"})

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The stored file's path is never shown: the file reaches people only through the download view.
        return [field.name for field in self.model._meta.fields if field.name != "file"]


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyScopedAdmin):
    list_display = ("public_id", "enrolment", "attempt_number", "status", "submitted_at", "released_at")
    list_filter = ("status", "submission_format")
    list_select_related = ("enrolment__learner", "enrolment__microcredential")
    search_fields = ("public_id", "enrolment__learner__email", "enrolment__microcredential__title")
    date_hierarchy = "submitted_at"
    exclude = ("file",)


@admin.register(MarkEvent)
class MarkEventAdmin(ReadOnlyScopedAdmin):
    provider_lookup = "submission__provider"
    list_display = ("at", "submission", "kind", "actor", "mark_before", "mark_after", "grade_after")
    list_filter = ("kind",)
    list_select_related = (
        "submission__enrolment__learner",
        "submission__enrolment__microcredential",
        "actor",
    )
    date_hierarchy = "at"


@admin.register(Credit)
class CreditAdmin(ReadOnlyScopedAdmin):
    list_display = ("learner", "microcredential", "credits", "level", "subject", "grade", "awarded_on")
    list_filter = ("provider", "level")
    list_select_related = ("learner", "microcredential")
    search_fields = ("learner__email", "microcredential__title", "subject")
    date_hierarchy = "awarded_on"
