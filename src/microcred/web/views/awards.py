"""Award pages: the learner's credit and award planner (R-AW3), claims (R-AW4), and the registry's queue
where an officer of the claim's provider confers or refuses. Anyone else gets 403 and nothing changes."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from microcred.accounts.models import User
from microcred.awards import (
    selectors,
    selectors_recognition,
    services,
    services_recognition,
    services_transfer,
)
from microcred.awards.errors import AwardError, NotPermitted
from microcred.catalog.models import Provider
from microcred.web.views.enrolment import signed_in_user
from microcred.web.views.enrolment_staff import ROWS_SHOWN, registry_only


@login_required
def my_credit(request: HttpRequest) -> HttpResponse:
    credits = list(selectors.credit_held(signed_in_user(request)))
    return render(request, "web/awards/my_credit.html", {"credits": credits})


class ClaimForm(forms.Form):
    provider = forms.SlugField(max_length=40)
    award = forms.CharField(max_length=60)
    uses = forms.RegexField(
        regex=r"^\d+(,\d+)*$", max_length=2000, error_messages={"invalid": "Choose credit."}
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_awards(request: HttpRequest) -> HttpResponse:
    learner = signed_in_user(request)
    form = ClaimForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        provider = get_object_or_404(Provider, slug=data["provider"])
        try:
            claim = services.award_claim(
                learner=learner,
                provider=provider,
                award=data["award"],
                credit_ids=[int(pk) for pk in data["uses"].split(",")],
            )
        except AwardError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"You have claimed the {claim.title}; the registry will decide it.")
            return redirect("awards:mine")
    plans = [
        (
            plan,
            [(option, ",".join(option.uses), _titles(plan, option.uses)) for option in plan.options.options],
        )
        for plan in selectors.award_plans(learner)
    ]
    context = {"plans": plans, "form": form}
    return render(request, "web/awards/my_awards.html", context, status=400 if form.errors else 200)


def _titles(plan: selectors.ProviderPlan, uses: tuple[str, ...]) -> list[str]:
    return [plan.course_titles[credit_id] for credit_id in uses]


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label="Why it is refused", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


@registry_only
def staff_awards(request: HttpRequest, provider: Provider) -> HttpResponse:
    context = {
        "provider": provider,
        "open_claims": list(selectors.open_claims_of(provider)[:ROWS_SHOWN]),
        "decided": list(selectors.decided_claims_of(provider)[:ROWS_SHOWN]),
        "refuse_form": RefuseForm(),
    }
    return render(request, "web/awards/staff_awards.html", context)


@registry_only
@require_POST
def staff_award_confer(request: HttpRequest, provider: Provider, claim_id: int) -> HttpResponse:
    try:
        claim = services.award_confer(officer=signed_in_user(request), claim_id=claim_id)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from None
    except AwardError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Conferred: {claim.title} on {claim.learner.email}.")
    return redirect("awards:staff")


@registry_only
@require_POST
def staff_award_refuse(request: HttpRequest, provider: Provider, claim_id: int) -> HttpResponse:
    form = RefuseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the claim is refused.")
        return redirect("awards:staff")
    try:
        services.award_refuse(
            officer=signed_in_user(request), claim_id=claim_id, reason=form.cleaned_data["reason"]
        )
    except NotPermitted as error:
        raise PermissionDenied(error.message) from None
    except AwardError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The claim is refused; its credit is free again.")
    return redirect("awards:staff")


class LinkApproveForm(forms.Form):
    entry_requirements_met = forms.BooleanField(label="Entry requirements met", required=False)


@registry_only
def staff_links(request: HttpRequest, provider: Provider) -> HttpResponse:
    """R-AW6: each request with the rules core's checks as rows."""
    today = timezone.localdate()
    rows = [
        (link, selectors_recognition.link_checks(link, today=today))
        for link in selectors_recognition.open_links_of(provider.pk)[:ROWS_SHOWN]
    ]
    context = {
        "provider": provider,
        "rows": rows,
        "refuse_form": RefuseForm(),
        "approve_form": LinkApproveForm(),
    }
    return render(request, "web/awards/staff_links.html", context)


@registry_only
@require_POST
def staff_link_approve(request: HttpRequest, provider: Provider, link_id: int) -> HttpResponse:
    form = LinkApproveForm(request.POST)
    met = form.is_valid() and bool(form.cleaned_data["entry_requirements_met"])
    return _link_decided(
        request,
        lambda officer: services_recognition.link_approve(
            officer=officer, link_id=link_id, entry_requirements_met=met
        ),
        "Linked.",
    )


@registry_only
@require_POST
def staff_link_refuse(request: HttpRequest, provider: Provider, link_id: int) -> HttpResponse:
    form = RefuseForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _link_decided(
        request,
        lambda officer: services_recognition.link_refuse(officer=officer, link_id=link_id, reason=reason),
        "The request is refused.",
    )


def _link_decided(request: HttpRequest, decide: Callable[[User], object], done: str) -> HttpResponse:
    return _decided(request, decide, done, "awards:staff_links")


def _decided(request: HttpRequest, decide: Callable[[User], object], done: str, back: str) -> HttpResponse:
    try:
        decide(signed_in_user(request))
    except NotPermitted as error:
        raise PermissionDenied(error.message) from None
    except AwardError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(back)


class ExemptionGrantForm(forms.Form):
    department_approved = forms.BooleanField(label="The academic department approves", required=False)


class TransferOutcomeForm(forms.Form):
    accepted = forms.BooleanField(label="Accepted by the receiving side", required=False)
    note = forms.CharField(label="Outcome", max_length=500)


@registry_only
def staff_recognition(request: HttpRequest, provider: Provider) -> HttpResponse:
    """R-AW5 exemptions and R-AW7 transfers awaiting the registry."""
    context = {
        "provider": provider,
        "exemptions": selectors_recognition.open_exemptions_of(provider.pk)[:ROWS_SHOWN],
        "transfers": selectors_recognition.open_transfers_of(provider.pk)[:ROWS_SHOWN],
        "grant_form": ExemptionGrantForm(),
        "outcome_form": TransferOutcomeForm(),
    }
    return render(request, "web/awards/staff_recognition.html", context)


@registry_only
@require_POST
def staff_exemption_grant(request: HttpRequest, provider: Provider, exemption_id: int) -> HttpResponse:
    form = ExemptionGrantForm(request.POST)
    approved = form.is_valid() and bool(form.cleaned_data["department_approved"])
    return _decided(
        request,
        lambda officer: services_recognition.exemption_grant(
            officer=officer, exemption_id=exemption_id, department_approved=approved
        ),
        "Exemption granted.",
        "awards:staff_recognition",
    )


@registry_only
@require_POST
def staff_transfer_decide(request: HttpRequest, provider: Provider, transfer_id: int) -> HttpResponse:
    form = TransferOutcomeForm(request.POST)
    valid = form.is_valid()
    return _decided(
        request,
        lambda officer: services_transfer.transfer_decide(
            officer=officer,
            transfer_id=transfer_id,
            accepted=valid and bool(form.cleaned_data["accepted"]),
            note=form.cleaned_data["note"] if valid else "",
        ),
        "Outcome recorded.",
        "awards:staff_recognition",
    )
