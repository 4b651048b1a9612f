"""Registry officers' enrolment pages, each scoped to the officer's own provider: its orders, payments and
refunds; a refund granted outside the window with a stated reason (R-EN5, audited); and admissions to a full
programme that apply the upgrade deduction (R-EN6). Anyone else gets 403 and nothing changes."""

import uuid
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, Protocol

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from microcred.catalog.models import Provider
from microcred.enrolment import selectors, services
from microcred.enrolment.errors import EnrolmentError
from microcred.enrolment.models import ProgrammeAdmission
from microcred.payments import selectors as payment_selectors
from microcred.rules.money import Money
from microcred.web.views.enrolment import signed_in_user

# Enough rows for a registry officer's day; older ones are in the admin's full lists.
ROWS_SHOWN = 100

ProviderView = Callable[..., HttpResponse]


def registry_only(view: ProviderView) -> Callable[..., HttpResponse]:
    """Log in first; then only an active registry officer, and the view gets their provider."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        provider = selectors.registry_provider_of(request.user)
        if provider is None:
            raise PermissionDenied("This page is for registry officers.")
        return view(request, provider, *args, **kwargs)

    return wrapped


@registry_only
def staff_orders(request: HttpRequest, provider: Provider) -> HttpResponse:
    prefix = selectors.line_reference_prefix(provider)
    policy = provider.policy
    context = {
        "provider": provider,
        "lines": _with_amounts(selectors.provider_order_lines(provider)[:ROWS_SHOWN]),
        "payments": _with_amounts(payment_selectors.payments_by_reference_prefix(prefix=prefix)[:ROWS_SHOWN]),
        "refunds": _with_amounts(payment_selectors.refunds_by_reference_prefix(prefix=prefix)[:ROWS_SHOWN]),
        "refund_requests": _with_amounts(selectors.provider_refund_requests(provider)[:ROWS_SHOWN]),
        "enrolments": [
            (enrolment, getattr(policy.track(enrolment.track), "name", enrolment.track))
            for enrolment in selectors.provider_enrolments(provider)[:ROWS_SHOWN]
        ],
    }
    return render(request, "web/enrolment/staff_orders.html", context)


class _Priced(Protocol):
    amount_minor: int
    currency: str


def _with_amounts(rows: Iterable[_Priced]) -> list[tuple[_Priced, Money]]:
    """Each row with its amount as Money, which a page writes as £495.00 (a refund's is shown positive)."""
    return [(row, Money(abs(row.amount_minor), row.currency)) for row in rows]


class StaffRefundForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the refund",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with your name and the time. Required, most of all outside the refund period.",
    )


@registry_only
@require_http_methods(["GET", "POST"])
def staff_refund(request: HttpRequest, provider: Provider, public_id: uuid.UUID) -> HttpResponse:
    enrolment = selectors.provider_enrolment(provider, public_id)
    if enrolment is None:
        raise Http404("No such enrolment of your provider.")
    form = StaffRefundForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.enrolment_refund_grant(
                officer=signed_in_user(request), enrolment=enrolment, reason=form.cleaned_data["reason"]
            )
        except EnrolmentError as error:
            form.add_error("reason" if error.field == "reason" else None, error.message)
        else:
            amount = Money(record.amount_minor, record.currency)
            outcome = record.get_outcome_display().lower()
            messages.success(request, f"Refund of {amount} to {enrolment.learner.email}: {outcome}.")
            return redirect("enrolment:staff_orders")
    today = selectors.local_today(provider.policy)
    context = {
        "enrolment": enrolment,
        "form": form,
        "decision": selectors.refund_decision_of(enrolment, today=today),
        "paid": selectors.paid_for(enrolment),
    }
    return render(request, "web/enrolment/staff_refund.html", context, status=400 if form.errors else 200)


class AdmissionForm(forms.Form):
    learner_email = forms.EmailField(label="Learner's e-mail address")
    programme = forms.CharField(label="Programme admitted to", max_length=200)


@registry_only
@require_http_methods(["GET", "POST"])
def staff_admissions(request: HttpRequest, provider: Provider) -> HttpResponse:
    form = AdmissionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        admission = _admission_record(request, form)
        if admission is not None:
            amount = Money(admission.deduction_minor, admission.currency)
            messages.success(request, f"Admission recorded: {amount} comes off the first module.")
            return redirect("enrolment:staff_admissions")
    context = {
        "provider": provider,
        "form": form,
        "has_deduction": provider.policy.upgrade_deduction is not None,
        "admissions": [
            (admission, Money(admission.deduction_minor, admission.currency))
            for admission in selectors.provider_admissions(provider)[:ROWS_SHOWN]
        ],
    }
    return render(request, "web/enrolment/staff_admissions.html", context, status=400 if form.errors else 200)


def _admission_record(request: HttpRequest, form: AdmissionForm) -> ProgrammeAdmission | None:
    learner = selectors.learner_by_email(form.cleaned_data["learner_email"])
    if learner is None:
        form.add_error("learner_email", "No learner has that e-mail address.")
        return None
    try:
        return services.programme_admission_record(
            officer=signed_in_user(request), learner=learner, programme=form.cleaned_data["programme"]
        )
    except EnrolmentError as error:
        field = {"learner": "learner_email", "programme": "programme"}.get(error.field)
        form.add_error(field, error.message)
        return None
