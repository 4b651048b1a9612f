"""Awards in the admin, read-only: claims, exemptions, links and transfers change only through the
services (the registry's pages), which ask the rules core and keep the history."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from microcred.awards.models import (
    AwardClaim,
    AwardEvent,
    CreditTransfer,
    CreditUse,
    QualificationLink,
    SetExemption,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AwardEventInline(admin.TabularInline):  # type: ignore[type-arg]
    model = AwardEvent
    fields = ("kind", "actor", "at", "reason", "policy_version")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AwardClaim)
class AwardClaimAdmin(ReadOnlyAdmin):
    list_display = ("title", "learner", "provider", "status", "claimed_at", "decided_at")
    list_filter = ("provider", "status")
    list_select_related = ("learner", "provider")
    search_fields = ("learner__email", "title")
    inlines = (AwardEventInline,)


@admin.register(CreditUse)
class CreditUseAdmin(ReadOnlyAdmin):
    list_display = ("credit", "claim")
    list_select_related = ("credit__learner", "claim__learner")


@admin.register(SetExemption)
class SetExemptionAdmin(ReadOnlyAdmin):
    list_display = ("learner", "course_set", "programme", "status", "credits", "decided_at")
    list_filter = ("provider", "status")
    list_select_related = ("learner", "course_set")


@admin.register(QualificationLink)
class QualificationLinkAdmin(ReadOnlyAdmin):
    list_display = ("learner", "credit", "qualification", "status", "decided_at")
    list_filter = ("status",)
    list_select_related = ("learner", "credit__learner", "qualification")


@admin.register(CreditTransfer)
class CreditTransferAdmin(ReadOnlyAdmin):
    list_display = ("learner", "provider", "destination", "status", "decided_at")
    list_filter = ("provider", "status")
    list_select_related = ("learner", "provider")
