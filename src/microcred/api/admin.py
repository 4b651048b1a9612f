"""Outbound webhooks in the admin, read-only: endpoints are made and disabled through the API, where a
registry officer's request is checked (its URL by the SSRF guard) and the secret shown once; deliveries
and attempts change only by being sent. Registry officers see their own provider's rows, platform admins
every provider's (the catalogue's ProviderScopedAdminMixin). No secret is shown, sealed or not: only its
prefix."""

from django.contrib import admin

from microcred.api.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from microcred.catalog.admin import ScopedInline, ScopedModelAdmin

VIEW_ONLY = frozenset({"view"})


class ReadOnlyScopedAdmin(ScopedModelAdmin):
    # With the view permission alone, Django shows every field of the change page read-only.
    registry_actions = VIEW_ONLY
    platform_admin_actions = VIEW_ONLY


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyScopedAdmin):
    # secret_sealed is left out on purpose: the admin never shows a secret.
    fields = ("provider", "url", "events", "prefix", "is_active", "created_by", "created_at", "disabled_at")
    list_display = ("url", "provider", "prefix", "is_active", "created_at")
    list_filter = ("is_active",)
    list_select_related = ("provider",)
    search_fields = ("url", "prefix")


class WebhookAttemptInline(ScopedInline):
    model = WebhookAttempt
    provider_lookup = "delivery__endpoint__provider"
    object_provider_lookup = "endpoint__provider"  # the inline is checked against its delivery
    registry_actions = VIEW_ONLY
    platform_admin_actions = VIEW_ONLY
    fields = ("number", "at", "status_code", "error")
    readonly_fields = fields
    can_delete = False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyScopedAdmin):
    provider_lookup = "endpoint__provider"
    fields = (
        "endpoint", "event", "event_id", "status", "attempts", "next_attempt_at", "last_status_code",
        "last_error", "delivered_at", "created_at", "payload",
    )  # fmt: skip
    list_display = ("created_at", "event", "endpoint", "status", "attempts", "last_status_code")
    list_filter = ("status", "event")
    list_select_related = ("endpoint__provider",)
    search_fields = ("event_id", "endpoint__url")
    date_hierarchy = "created_at"
    inlines = (WebhookAttemptInline,)


@admin.register(WebhookAttempt)
class WebhookAttemptAdmin(ReadOnlyScopedAdmin):
    provider_lookup = "delivery__endpoint__provider"
    fields = ("delivery", "number", "at", "status_code", "error")
    list_display = ("at", "delivery", "number", "status_code", "error")
    list_select_related = ("delivery__endpoint__provider",)
    date_hierarchy = "at"
