"""The audit log page: marks, results, credit, awards, refunds, revocations, role changes (and, for platform
admins, data exports and erasures), filtered by kind and dates, newest first, a page at a time. Platform
admins see every provider; a registry officer sees their own provider's rows only. Anyone else gets 403."""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from microcred.catalog.models import Provider
from microcred.common.roles import Role
from microcred.enrolment.selectors import registry_provider_of
from microcred.privacy.audit import PLATFORM_KINDS, AuditFilter, AuditKind, audit_page
from microcred.web.views.enrolment import signed_in_user


class AuditFilterForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Kinds of event",
        choices=AuditKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every kind.",
    )
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="YYYY-MM-DD"
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="YYYY-MM-DD"
    )

    def __init__(self, *args: Any, is_platform_admin: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_platform_admin:
            field = self.fields["kinds"]
            assert isinstance(field, forms.MultipleChoiceField)
            field.choices = [
                (value, label) for value, label in AuditKind.choices if value not in PLATFORM_KINDS
            ]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned


def _scope(request: HttpRequest) -> tuple[bool, Provider | None]:
    """(is a platform admin, the provider a registry officer is limited to)."""
    user = signed_in_user(request)
    if user.is_active and user.role == Role.PLATFORM_ADMIN:
        return True, None
    provider = registry_provider_of(user)
    if provider is None:
        raise PermissionDenied("The audit log is for registry officers and platform admins.")
    return False, provider


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    is_platform_admin, provider = _scope(request)
    form = AuditFilterForm(request.GET or None, is_platform_admin=is_platform_admin)
    wanted = AuditFilter(provider=provider)
    if form.is_bound and form.is_valid():
        wanted = AuditFilter(
            provider=provider,
            kinds=[AuditKind(kind) for kind in form.cleaned_data["kinds"]],
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
        )
    page, rows = audit_page(wanted, number=request.GET.get("page"))
    context = {"form": form, "provider": provider, "page": page, "rows": rows}
    return render(request, "web/audit/log.html", context, status=400 if form.errors else 200)
