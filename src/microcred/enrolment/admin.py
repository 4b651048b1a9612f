"""The enrolment records in the admin, read-only: they change only through the services (the site's learner
and registry pages), which apply the rules and keep the audit."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from microcred.enrolment.models import (
    CartItem,
    Enrolment,
    EnrolmentRefund,
    Order,
    OrderLine,
    ProgrammeAdmission,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OrderLineInline(admin.TabularInline):  # type: ignore[type-arg]
    model = OrderLine
    fields = ("reference", "microcredential", "track", "cohort", "amount_minor", "currency", "policy_version")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "public_id", "learner", "kind", "fulfilled_at")
    list_filter = ("kind",)
    list_select_related = ("learner",)
    search_fields = ("public_id", "learner__email")
    date_hierarchy = "created_at"
    inlines = (OrderLineInline,)


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "learner", "microcredential", "track", "status", "access_starts_on")
    list_filter = ("status", "track", "microcredential__provider")
    list_select_related = ("learner", "microcredential")
    search_fields = ("public_id", "learner__email", "microcredential__title")
    date_hierarchy = "created_at"


@admin.register(EnrolmentRefund)
class EnrolmentRefundAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "enrolment", "requested_by", "outcome", "is_outside_window", "reason")
    list_filter = ("outcome", "is_outside_window")
    list_select_related = ("enrolment__learner", "enrolment__microcredential", "requested_by")
    search_fields = ("enrolment__learner__email", "requested_by__email", "reason")


@admin.register(ProgrammeAdmission)
class ProgrammeAdmissionAdmin(ReadOnlyAdmin):
    list_display = ("recorded_at", "learner", "provider", "programme", "deduction_minor", "recorded_by")
    list_filter = ("provider",)
    list_select_related = ("learner", "provider", "recorded_by")
    search_fields = ("learner__email", "programme")


@admin.register(CartItem)
class CartItemAdmin(ReadOnlyAdmin):
    list_display = ("added_at", "learner", "microcredential", "track", "cohort")
    list_select_related = ("learner", "microcredential", "cohort")
