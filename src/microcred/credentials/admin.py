"""Credentials in the admin, read-only: they change only through the services (issuance, the registry
officer's revocation page, key rotation below), which sign, allocate status bits and keep the history.
Private keys are never shown: only the public key of each."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from microcred.credentials.models import Credential, CredentialStatusEvent, Issuer, IssuerKey, StatusList
from microcred.credentials.services_issuers import issuer_key_rotate


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class IssuerKeyInline(admin.TabularInline):  # type: ignore[type-arg]
    model = IssuerKey
    fields = ("fragment", "public_key_multibase", "created_at", "retired_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Issuer)
class IssuerAdmin(ReadOnlyAdmin):
    list_display = ("slug", "provider", "created_at")
    list_select_related = ("provider",)
    inlines = (IssuerKeyInline,)
    actions = ("rotate_keys",)

    @admin.action(
        description="Rotate the signing key (old keys keep verifying what they signed)",
        permissions=["rotate_keys"],
    )
    def rotate_keys(self, request: HttpRequest, queryset: QuerySet[Issuer]) -> None:
        for issuer in queryset:
            key = issuer_key_rotate(issuer=issuer)
            messages.success(request, f"{issuer.slug} now signs with {key.fragment}.")

    def has_rotate_keys_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)


class StatusEventInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CredentialStatusEvent
    fields = ("at", "reason", "note", "actor")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Credential)
class CredentialAdmin(ReadOnlyAdmin):
    list_display = ("issued_at", "public_id", "kind", "title", "learner", "issuer", "is_revoked")
    list_filter = ("kind", "is_revoked", "issuer")
    list_select_related = ("learner", "issuer")
    search_fields = ("public_id", "learner__email", "title")
    date_hierarchy = "issued_at"
    exclude = ("document_json",)
    inlines = (StatusEventInline,)


@admin.register(StatusList)
class StatusListAdmin(ReadOnlyAdmin):
    list_display = ("issuer", "purpose", "number", "next_position", "size", "updated_at")
    list_select_related = ("issuer",)
    exclude = ("bits", "document_json")
