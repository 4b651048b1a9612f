"""The catalogue in the Django admin. Registry officers manage their own provider's catalogue; platform admins
(superusers) manage everything; nobody else sees it. All the scoping is in ProviderScopedAdminMixin."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.options import BaseModelAdmin
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from microcred.catalog import services
from microcred.catalog.models import (
    Cohort,
    CourseSet,
    CourseSetMember,
    Microcredential,
    Price,
    Provider,
    Qualification,
    QualificationMapping,
    QualificationRestriction,
    Review,
    Subject,
)
from microcred.common.roles import Role

if TYPE_CHECKING:
    from django.db.models import ForeignKey, ManyToManyField
    from django.forms import ModelChoiceField, ModelMultipleChoiceField

    _BaseAdmin = BaseModelAdmin[Any]
else:
    _BaseAdmin = BaseModelAdmin

ALL_ACTIONS = frozenset({"view", "add", "change", "delete"})
# How to reach the provider of each model a form may offer as a choice.
CHOICE_SCOPES: dict[type[models.Model], str] = {
    Provider: "pk",
    Microcredential: "provider",
    Qualification: "provider",
    CourseSet: "provider",
}


def registry_provider_id(request: HttpRequest) -> int | None:
    """The provider a registry officer manages; None for anyone else."""
    user = request.user
    if user.is_active and user.is_staff and getattr(user, "role", None) == Role.REGISTRY_OFFICER:
        provider_id: int | None = getattr(user, "provider_id", None)
        return provider_id
    return None


def _is_platform_admin(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


def _provider_id_of(obj: models.Model, lookup: str) -> int | None:
    if lookup == "pk":
        own_id: int | None = obj.pk
        return own_id
    *path, last = lookup.split("__")
    for step in path:
        obj = getattr(obj, step)
    provider_id: int | None = getattr(obj, f"{last}_id")
    return provider_id


class ProviderScopedAdminMixin(_BaseAdmin):
    """Scopes an admin or an inline to the registry officer's provider; platform admins see everything.

    ``provider_lookup`` is the path from the model to its provider's id ("pk" for Provider itself, None for
    shared models such as Subject); ``object_provider_lookup`` the path from the object the permission checks
    receive (an inline receives its parent). Querysets, object permissions and the choices offered in
    foreign-key and many-to-many fields all follow them.
    """

    provider_lookup: str | None = "provider"
    object_provider_lookup: str | None = None
    registry_actions: frozenset[str] = ALL_ACTIONS
    platform_admin_actions: frozenset[str] = ALL_ACTIONS

    def _may(self, request: HttpRequest, action: str, obj: models.Model | None = None) -> bool:
        if _is_platform_admin(request):
            return action in self.platform_admin_actions
        provider_id = registry_provider_id(request)
        if provider_id is None or action not in self.registry_actions:
            return False
        lookup = self.object_provider_lookup or self.provider_lookup
        return obj is None or lookup is None or _provider_id_of(obj, lookup) == provider_id

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_platform_admin(request) or registry_provider_id(request) is not None

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request, "view", obj) or self._may(request, "change", obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request, "add", obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request, "change", obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request, "delete", obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if _is_platform_admin(request) or self.provider_lookup is None:
            return queryset
        provider_id = registry_provider_id(request)
        if provider_id is None:
            return queryset.none()
        return queryset.filter(**{self.provider_lookup: provider_id})

    def formfield_for_foreignkey(
        self, db_field: "ForeignKey[Any, Any]", request: HttpRequest, **kwargs: Any
    ) -> "ModelChoiceField[Any] | None":
        self._scope_choices(db_field, request, kwargs)
        if db_field.related_model is Provider and "queryset" in kwargs:
            # Staff add to their own provider only: the field shows it and cannot be changed.
            kwargs.update(initial=registry_provider_id(request), disabled=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(
        self, db_field: "ManyToManyField[Any, Any]", request: HttpRequest, **kwargs: Any
    ) -> "ModelMultipleChoiceField[Any] | None":
        self._scope_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _scope_choices(self, db_field: Any, request: HttpRequest, kwargs: dict[str, Any]) -> None:
        lookup = CHOICE_SCOPES.get(db_field.related_model)
        if lookup is None or _is_platform_admin(request):
            return
        provider_id = registry_provider_id(request)
        kwargs["queryset"] = db_field.related_model._default_manager.filter(**{lookup: provider_id})


class ScopedModelAdmin(ProviderScopedAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """A scoped admin: other providers' objects are 404 on their change, delete and history URLs, and what
    a registry officer saves belongs to their provider."""

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("No such object in your catalogue.")
        return obj

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: Any) -> None:
        provider_id = registry_provider_id(request)
        if provider_id is not None and self.provider_lookup == "provider":
            obj.provider_id = provider_id
        super().save_model(request, obj, form, change)


class ScopedInline(ProviderScopedAdminMixin, admin.TabularInline):  # type: ignore[type-arg]
    object_provider_lookup = "provider"
    extra = 0


@admin.register(Provider)
class ProviderAdmin(ScopedModelAdmin):
    provider_lookup = "pk"
    # A provider's identity and policy file are the platform's to set.
    registry_actions = frozenset({"view", "change"})
    list_display = ("name", "slug", "awarding_body", "country", "policy_slug")
    search_fields = ("name", "slug")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return () if _is_platform_admin(request) else ("slug", "policy_slug")


@admin.register(Subject)
class SubjectAdmin(ScopedModelAdmin):
    # Subjects are shared by every provider: registry officers may add one, only platform admins edit them.
    provider_lookup = None
    registry_actions = frozenset({"view", "add"})
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


class CohortInline(ScopedInline):
    model = Cohort
    provider_lookup = "microcredential__provider"


class PriceInline(ScopedInline):
    model = Price
    provider_lookup = "microcredential__provider"


@admin.register(Microcredential)
class MicrocredentialAdmin(ScopedModelAdmin):
    list_display = ("title", "provider", "credits", "level", "start_mode", "is_published")
    list_filter = ("is_published", "start_mode", "level", "provider")
    list_select_related = ("provider",)
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("subjects",)
    inlines = (CohortInline, PriceInline)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: Any) -> None:
        super().save_related(request, form, formsets, change)
        course = form.instance
        services.microcredential_subjects_set(microcredential=course, subjects=course.subjects.all())


@admin.register(Cohort)
class CohortAdmin(ScopedModelAdmin):
    provider_lookup = "microcredential__provider"
    list_display = ("microcredential", "starts_on", "capacity")
    list_select_related = ("microcredential",)
    date_hierarchy = "starts_on"


@admin.register(Price)
class PriceAdmin(ScopedModelAdmin):
    provider_lookup = "microcredential__provider"
    list_display = ("microcredential", "track", "amount_minor", "currency", "effective_from", "effective_to")
    list_select_related = ("microcredential",)


class CourseSetMemberInline(ScopedInline):
    model = CourseSetMember
    provider_lookup = "course_set__provider"


@admin.register(CourseSet)
class CourseSetAdmin(ScopedModelAdmin):
    list_display = ("name", "provider")
    list_select_related = ("provider",)
    filter_horizontal = ("related_programmes",)
    inlines = (CourseSetMemberInline,)


class QualificationMappingInline(ScopedInline):
    model = QualificationMapping
    provider_lookup = "qualification__provider"


class QualificationRestrictionInline(ScopedInline):
    model = QualificationRestriction
    provider_lookup = "qualification__provider"
    fk_name = "qualification"


@admin.register(Qualification)
class QualificationAdmin(ScopedModelAdmin):
    list_display = ("title", "provider", "study_duration_years")
    list_select_related = ("provider",)
    inlines = (QualificationMappingInline, QualificationRestrictionInline)


@admin.register(QualificationMapping)
class QualificationMappingAdmin(ScopedModelAdmin):
    provider_lookup = "qualification__provider"
    list_display = ("qualification", "microcredential", "effective_from", "effective_to")
    list_select_related = ("qualification", "microcredential")


@admin.register(Review)
class ReviewAdmin(ScopedModelAdmin):
    """Reviews are written by learners (R-CA5); staff may read them and remove an abusive one."""

    provider_lookup = "microcredential__provider"
    registry_actions = frozenset({"view", "delete"})
    platform_admin_actions = frozenset({"view", "delete"})
    list_display = ("microcredential", "stars", "created_at")
    list_select_related = ("microcredential",)
    readonly_fields = ("learner", "microcredential", "stars", "text", "created_at")
