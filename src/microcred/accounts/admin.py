"""The user admin, for platform admins only: registry officers reach the admin for their catalogue and must
not see or change accounts."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest

from microcred.accounts.models import User
from microcred.accounts.services import admin_flags_for, role_change_record
from microcred.common.roles import Role


class UserCreationAdminForm(AdminUserCreationForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = ("email", "role", "provider")


class UserChangeAdminForm(UserChangeForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = "__all__"


def _is_platform_admin(request: HttpRequest) -> bool:
    user = request.user
    return isinstance(user, User) and user.is_active and user.role == Role.PLATFORM_ADMIN


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    list_display = ("email", "role", "provider", "is_active", "last_login")
    list_filter = ("role", "provider", "is_active")
    list_select_related = ("provider",)
    search_fields = ("email", "first_name", "last_name")
    ordering = ("email",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name")}),
        ("Role", {"fields": ("role", "provider", "is_active", "is_staff", "is_superuser")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "role", "provider", "usable_password")}),
        (None, {"classes": ("wide",), "fields": ("password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined")

    def save_model(self, request: HttpRequest, obj: User, form: object, change: bool) -> None:
        if not change:
            for flag, value in admin_flags_for(Role(obj.role)).items():
                setattr(obj, flag, value)
        before: tuple[str, int | None] = ("", None)
        if change:
            before = User.objects.filter(pk=obj.pk).values_list("role", "provider_id").get()
        super().save_model(request, obj, form, change)
        # The admin's change view is one transaction: the audit row commits with the change or not at all.
        actor = request.user if isinstance(request.user, User) else None
        role_change_record(user=obj, actor=actor, role_before=before[0], provider_before_id=before[1])

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_platform_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return _is_platform_admin(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_platform_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return _is_platform_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return _is_platform_admin(request)
