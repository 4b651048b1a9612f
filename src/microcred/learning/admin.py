"""Course content in the Django admin: registry officers manage the weeks, steps and quizzes of their own
provider's courses; platform admins manage everything. The scoping is the catalogue's
ProviderScopedAdminMixin, with the learning models added to the choices it scopes."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest

from microcred.catalog.admin import ProviderScopedAdminMixin, ScopedModelAdmin, registry_provider_id
from microcred.learning.models import Choice, Question, QuestionKind, Quiz, Step, Week

if TYPE_CHECKING:
    from django.db.models import ForeignKey
    from django.forms import ModelChoiceField

# How to reach the provider of each learning model a form may offer as a choice.
LEARNING_CHOICE_SCOPES: dict[type[models.Model], str] = {
    Week: "microcredential__provider",
    Step: "week__microcredential__provider",
    Quiz: "week__microcredential__provider",
    Question: "quiz__week__microcredential__provider",
}


class LearningChoicesMixin(ProviderScopedAdminMixin):
    def formfield_for_foreignkey(
        self, db_field: "ForeignKey[Any, Any]", request: HttpRequest, **kwargs: Any
    ) -> "ModelChoiceField[Any] | None":
        lookup = LEARNING_CHOICE_SCOPES.get(db_field.related_model)
        if lookup is not None and not request.user.is_superuser:
            queryset = db_field.related_model._default_manager.filter(
                **{lookup: registry_provider_id(request)}
            )
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class LearningAdmin(LearningChoicesMixin, ScopedModelAdmin):
    pass


class StepInline(LearningChoicesMixin, admin.StackedInline):  # type: ignore[type-arg]
    model = Step
    provider_lookup = "week__microcredential__provider"
    object_provider_lookup = "microcredential__provider"
    extra = 0
    fields = ("position", "title", "kind", "body", "url", "file")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Week)
class WeekAdmin(LearningAdmin):
    provider_lookup = "microcredential__provider"
    list_display = ("microcredential", "number", "title")
    list_select_related = ("microcredential",)
    search_fields = ("title", "microcredential__title")
    inlines = (StepInline,)


class QuestionInline(LearningChoicesMixin, admin.TabularInline):  # type: ignore[type-arg]
    model = Question
    provider_lookup = "quiz__week__microcredential__provider"
    object_provider_lookup = "week__microcredential__provider"
    extra = 0
    fields = ("position", "text", "kind", "explanation")
    # The choices of a question are edited on its own page.
    show_change_link = True


@admin.register(Quiz)
class QuizAdmin(LearningAdmin):
    provider_lookup = "week__microcredential__provider"
    list_display = ("title", "week", "step")
    list_select_related = ("week__microcredential", "step__week")
    inlines = (QuestionInline,)


class ChoiceFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    """R-LE2: a single-choice question has exactly one correct choice, a multiple-choice one at least one."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        correct = sum(1 for data in kept if data.get("is_correct"))
        if len(kept) < 2:
            raise ValidationError("A question needs at least two choices.")
        if self.instance.kind == QuestionKind.SINGLE and correct != 1:
            raise ValidationError("A single-choice question needs exactly one correct choice.")
        if self.instance.kind == QuestionKind.MULTIPLE and correct < 1:
            raise ValidationError("A multiple-choice question needs at least one correct choice.")


class ChoiceInline(LearningChoicesMixin, admin.TabularInline):  # type: ignore[type-arg]
    model = Choice
    formset = ChoiceFormSet
    provider_lookup = "question__quiz__week__microcredential__provider"
    object_provider_lookup = "quiz__week__microcredential__provider"
    extra = 0
    fields = ("position", "text", "is_correct")


@admin.register(Question)
class QuestionAdmin(LearningAdmin):
    provider_lookup = "quiz__week__microcredential__provider"
    list_display = ("__str__", "quiz", "kind")
    list_select_related = ("quiz",)
    inlines = (ChoiceInline,)
