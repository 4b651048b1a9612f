"""The learner's enrolment pages: choose a track and cohort, the cart with its declarations (R-EN1), checkout
(R-EN2), the order's outcome, an enrolment's page with its top-up (R-EN3), refund (R-EN5) and re-registration
(R-EN4), and the upgrade deduction quote (R-EN6). Registry pages are in ``enrolment_staff``."""

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from microcred.accounts.models import User
from microcred.catalog.models import Cohort, Microcredential, StartMode
from microcred.enrolment import selectors, services
from microcred.enrolment.errors import EnrolmentError
from microcred.enrolment.models import Enrolment, EnrolmentStatus, Order, RefundOutcome
from microcred.enrolment.services.ordering import ReturnUrls
from microcred.rules.dates import long_date
from microcred.rules.money import Money
from microcred.rules.refunds import RefundDecision


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in user; every view here is behind login_required, so anyone else never gets this far."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Sign in first.")
    return user


class CohortChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Cohort) -> str:
        return f"Starting {long_date(obj.starts_on)}"


class AddToCartForm(forms.Form):
    """R-EN3: the track where the provider has several; R-CA2: the cohort where the course has cohorts."""

    track = forms.ChoiceField(label="How do you want to take it?", widget=forms.RadioSelect)
    cohort = CohortChoiceField(label="Start date", queryset=Cohort.objects.none(), empty_label=None)

    def __init__(self, *args: Any, course: Microcredential, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        policy = course.provider.policy
        today = selectors.local_today(policy)
        self.fields["track"].choices = [  # type: ignore[attr-defined]
            (track.id, f"{track.name}: {selectors.price_of(course, track=track.id, on=today)}")
            for track in policy.tracks
        ]
        if len(policy.tracks) == 1:
            self.fields["track"].required = False
            self.fields["track"].widget = forms.HiddenInput()
        if course.start_mode == StartMode.COHORT:
            ids = [cohort.pk for cohort in selectors.open_cohorts(course, today=today)]
            self.fields["cohort"].queryset = Cohort.objects.filter(pk__in=ids).order_by("starts_on")  # type: ignore[attr-defined]
        else:
            del self.fields["cohort"]


def _form_error(form: forms.Form, error: EnrolmentError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_http_methods(["GET", "POST"])
def cart_add(request: HttpRequest, provider_slug: str, slug: str) -> HttpResponse:
    course = (
        Microcredential.objects.select_related("provider")
        .filter(provider__slug=provider_slug, slug=slug, is_published=True)
        .first()
    )
    if course is None:
        raise Http404("No such course.")
    form = AddToCartForm(request.POST if request.method == "POST" else None, course=course)
    if request.method == "POST" and form.is_valid():
        try:
            services.cart_item_add(
                learner=signed_in_user(request),
                microcredential=course,
                track=form.cleaned_data.get("track") or None,
                cohort=form.cleaned_data.get("cohort"),
            )
        except EnrolmentError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"{course.title} is in your cart.")
            return redirect("enrolment:cart")
    status = 400 if form.errors else 200
    return render(request, "web/enrolment/cart_add.html", {"course": course, "form": form}, status=status)


class CheckoutForm(forms.Form):
    """R-EN1: one box per declaration of each provider in the cart; a fresh key per page shown, so a double
    click on Pay orders once."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args: Any, cart: selectors.Cart, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
        self.groups = []
        for group in cart.declarations:
            names = []
            for declaration in group.declarations:
                name = f"declaration-{group.provider.slug}-{declaration.id}"
                self.fields[name] = forms.BooleanField(label=declaration.text, required=True)
                names.append(name)
            self.groups.append((group, names))

    def declared(self) -> set[tuple[str, str]]:
        return {
            (group.provider.slug, declaration.id)
            for group, _ in self.groups
            for declaration in group.declarations
            if self.cleaned_data.get(f"declaration-{group.provider.slug}-{declaration.id}")
        }

    def group_fields(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(group, [self[name] for name in names]) for group, names in self.groups]


def _cart_page(request: HttpRequest, form: CheckoutForm | None = None, status: int = 200) -> HttpResponse:
    cart = selectors.cart_of(signed_in_user(request))
    form = form or CheckoutForm(cart=cart)
    return render(request, "web/enrolment/cart.html", {"cart": cart, "form": form}, status=status)


@login_required
def cart(request: HttpRequest) -> HttpResponse:
    return _cart_page(request)


@login_required
@require_POST
def cart_remove(request: HttpRequest, item_id: int) -> HttpResponse:
    if services.cart_item_remove(learner=signed_in_user(request), item_id=item_id):
        messages.info(request, "Removed from your cart.")
    return redirect("enrolment:cart")


def _return_urls(request: HttpRequest) -> ReturnUrls:
    def urls(order: Order) -> tuple[str, str]:
        done = reverse("enrolment:order", kwargs={"public_id": order.public_id})
        cancelled = reverse("enrolment:order_cancelled", kwargs={"public_id": order.public_id})
        return request.build_absolute_uri(done), request.build_absolute_uri(cancelled)

    return urls


@login_required
@require_POST
def checkout(request: HttpRequest) -> HttpResponse:
    form = CheckoutForm(request.POST, cart=selectors.cart_of(signed_in_user(request)))
    if form.is_valid():
        try:
            order = services.order_place(
                learner=signed_in_user(request),
                idempotency_key=form.cleaned_data["idempotency_key"],
                declared=form.declared(),
                return_urls=_return_urls(request),
            )
        except EnrolmentError as error:
            _form_error(form, error)
        else:
            assert order.checkout is not None
            return redirect(order.checkout.redirect_url)
    return _cart_page(request, form, status=400)


def _order_of(request: HttpRequest, public_id: uuid.UUID) -> Order:
    order = selectors.order_of_learner(signed_in_user(request), public_id)
    if order is None:
        raise Http404("No such order.")
    return order


@login_required
def order(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Where the payment provider sends the learner back: what the payment did, in plain words."""
    found = _order_of(request, public_id)
    return render(request, "web/enrolment/order.html", {"order": found, "was_cancelled": False})


@login_required
def order_cancelled(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    found = _order_of(request, public_id)
    return render(request, "web/enrolment/order.html", {"order": found, "was_cancelled": True})


def _enrolment_of(request: HttpRequest, public_id: uuid.UUID) -> Enrolment:
    enrolment = selectors.enrolment_of_learner(signed_in_user(request), public_id)
    if enrolment is None:
        raise Http404("No such enrolment.")
    return enrolment


@login_required
def enrolment(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    found = _enrolment_of(request, public_id)
    policy = found.microcredential.provider.policy
    today = selectors.local_today(policy)
    context = {
        "enrolment": found,
        "access": selectors.access_of(found, today=today),
        "track": policy.track(found.track),
        "top_up": selectors.top_up_decision_of(found, today=today) if policy.top_up else None,
        "refund": _refund_view(found, today),
        "paid": selectors.paid_for(found),
        "refund_requests": found.refund_requests.order_by("-created_at"),
        "idempotency_key": uuid.uuid4().hex,
    }
    return render(request, "web/enrolment/enrolment.html", context)


def _refund_view(enrolment: Enrolment, today: dt.date) -> RefundDecision | None:
    if enrolment.status == EnrolmentStatus.REFUNDED:
        return None
    return selectors.refund_decision_of(enrolment, today=today)


@login_required
@require_POST
def top_up(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    found = _enrolment_of(request, public_id)
    try:
        placed = services.top_up_order_place(
            learner=signed_in_user(request),
            enrolment=found,
            idempotency_key=request.POST.get("idempotency_key", ""),
            return_urls=_return_urls(request),
        )
    except EnrolmentError as error:
        messages.error(request, error.message)
        return redirect("enrolment:enrolment", public_id=public_id)
    assert placed.checkout is not None
    return redirect(placed.checkout.redirect_url)


@login_required
@require_POST
def refund(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    found = _enrolment_of(request, public_id)
    try:
        record = services.enrolment_refund_request(learner=signed_in_user(request), enrolment=found)
    except EnrolmentError as error:
        messages.error(request, f"No refund: {error.message}")
        return redirect("enrolment:enrolment", public_id=public_id)
    amount = Money(record.amount_minor, record.currency)
    if record.outcome == RefundOutcome.SUCCEEDED:
        messages.success(request, f"Refunded {amount}. Your enrolment has ended.")
    elif record.outcome == RefundOutcome.PENDING:
        messages.info(request, f"Your refund of {amount} is being processed; your enrolment ends when it is.")
    else:
        messages.error(
            request,
            f"The payment provider refused the refund ({record.refused_reason or 'no reason given'}). Your "
            "enrolment is still active, and the registry office has been told and will contact you.",
        )
    return redirect("enrolment:enrolment", public_id=public_id)


@login_required
@require_POST
def re_register(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    found = _enrolment_of(request, public_id)
    try:
        services.enrolment_re_register(learner=signed_in_user(request), enrolment=found)
    except EnrolmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, "You are re-registered: your access is back, with everything as you left it."
        )
    return redirect("enrolment:enrolment", public_id=public_id)


@login_required
def deduction(request: HttpRequest) -> HttpResponse:
    """R-EN6: what would come off the first module of a full programme, per provider that offers it."""
    quotes = [
        (provider, selectors.deduction_quote(signed_in_user(request), provider))
        for provider in selectors.providers_with_deduction_for(signed_in_user(request))
    ]
    return render(request, "web/enrolment/deduction.html", {"quotes": quotes})


def my_learning_context(request: HttpRequest) -> dict[str, Any]:
    """What ``web/enrolment/_my_learning.html`` shows on the dashboard: each enrolment with its access."""
    rows = []
    for found in selectors.enrolments_of(signed_in_user(request)):
        today = selectors.local_today(found.microcredential.provider.policy)
        rows.append((found, selectors.access_of(found, today=today)))
    return {"my_enrolments": rows, "cart_count": selectors.cart_items_of(signed_in_user(request)).count()}
