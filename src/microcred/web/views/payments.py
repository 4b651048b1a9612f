"""Payment pages: the sandbox provider's test checkout page, and the webhook every provider posts to.

The sandbox page turns what the learner does into a signed sandbox event and hands it to
``provider_event_handle``, the very function the webhook calls, so the offline flow exercises the same
recording, ledger and fulfilment path as a real provider's.
"""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from microcred.accounts.models import User
from microcred.payments import selectors, services
from microcred.payments.errors import InvalidSignature, MalformedEvent, UnknownProvider
from microcred.payments.models import Checkout, CheckoutStatus
from microcred.payments.providers import sandbox
from microcred.rules.money import Money


class SandboxCardForm(forms.Form):
    card_number = forms.CharField(
        label="Test card number",
        max_length=40,
        help_text="One of the test card numbers listed on this page. Spaces are fine.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}),
    )

    def clean_card_number(self) -> sandbox.SandboxCard:
        card = sandbox.sandbox_card_for(self.cleaned_data["card_number"])
        if card is None:
            raise forms.ValidationError("Enter one of the test card numbers listed on this page.")
        return card


@login_required
@require_http_methods(["GET", "POST"])
def sandbox_checkout(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = request.user
    checkout = (
        selectors.checkout_of_learner(public_id=public_id, learner=user, provider=sandbox.NAME)
        if isinstance(user, User)
        else None
    )
    if checkout is None:
        raise Http404("No such checkout")
    form = SandboxCardForm()
    if request.method == "POST" and checkout.is_payable:
        if "cancel" in request.POST:
            return _sandbox_cancel(request, checkout)
        form = SandboxCardForm(request.POST)
        if form.is_valid():
            return _sandbox_pay(request, checkout, form.cleaned_data["card_number"])
    context = {
        "checkout": checkout,
        "form": form,
        "lines": [
            (line["description"], Money(line["amount_minor"], checkout.currency)) for line in checkout.lines
        ],
        "total": Money(checkout.amount_minor, checkout.currency),
        "cards": sandbox.SANDBOX_CARDS,
        "is_declined": checkout.status == CheckoutStatus.DECLINED,
    }
    return render(request, "web/payments/sandbox_checkout.html", context, status=400 if form.errors else 200)


def _sandbox_pay(request: HttpRequest, checkout: Checkout, card: sandbox.SandboxCard) -> HttpResponseRedirect:
    body, headers = sandbox.payment_attempt_event(checkout=checkout, card=card)
    services.provider_event_handle(provider_name=sandbox.NAME, body=body, headers=headers)
    checkout.refresh_from_db()
    if checkout.status == CheckoutStatus.PAID:
        total = Money(checkout.amount_minor, checkout.currency)
        messages.success(
            request, f"Payment of {total} received. This was a sandbox test payment: no money moved."
        )
        return redirect(checkout.success_url)
    # Declined: back to the same page, which says why and lets the learner try another card or cancel.
    return redirect(request.path)


def _sandbox_cancel(request: HttpRequest, checkout: Checkout) -> HttpResponseRedirect:
    body, headers = sandbox.cancellation_event(checkout=checkout)
    services.provider_event_handle(provider_name=sandbox.NAME, body=body, headers=headers)
    messages.info(request, "Payment cancelled. You have not been charged.")
    return redirect(checkout.cancel_url)


@csrf_exempt
@require_POST
def provider_webhook(request: HttpRequest, provider: str) -> JsonResponse:
    """Where a provider posts its events. 400 with the reason for a bad signature or body (nothing is
    recorded); 200 with ``applied``, ``ignored`` or ``duplicate`` otherwise."""
    try:
        result = services.provider_event_handle(
            provider_name=provider, body=request.body, headers=request.headers
        )
    except UnknownProvider as error:
        return JsonResponse({"error": "unknown_provider", "detail": str(error)}, status=404)
    except InvalidSignature as error:
        return JsonResponse({"error": "invalid_signature", "detail": str(error)}, status=400)
    except MalformedEvent as error:
        return JsonResponse({"error": "malformed_event", "detail": str(error)}, status=400)
    return JsonResponse({"status": result.value})
