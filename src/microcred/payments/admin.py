"""The payments records in the admin, read-only: entries are never changed (R-EN7), and checkouts, events
and refunds change only through the services. Non-superusers see them only if given the view permission."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from microcred.payments.models import Checkout, LedgerEntry, ProviderEvent, Refund


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "learner",
        "kind",
        "amount_minor",
        "currency",
        "reference",
        "policy_version",
    )
    list_filter = ("kind", "currency")
    list_select_related = ("learner",)
    search_fields = ("reference", "order_reference", "learner__email")
    date_hierarchy = "created_at"


@admin.register(Checkout)
class CheckoutAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "public_id", "learner", "provider", "status", "amount_minor", "currency")
    list_filter = ("status", "provider")
    list_select_related = ("learner",)
    search_fields = (
        "public_id",
        "order_reference",
        "provider_session_id",
        "provider_payment_id",
        "learner__email",
    )
    date_hierarchy = "created_at"


@admin.register(ProviderEvent)
class ProviderEventAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "provider", "event_type", "event_id", "outcome", "note")
    list_filter = ("provider", "outcome", "event_type")
    search_fields = ("event_id",)
    date_hierarchy = "received_at"


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "reference", "amount_minor", "currency", "status", "refused_reason")
    list_filter = ("status",)
    search_fields = ("reference", "provider_refund_id")
    date_hierarchy = "created_at"
