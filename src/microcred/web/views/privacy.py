"""A person's data rights (UK GDPR): "Your data" lists what the platform holds and offers it as a ZIP; a
learner can have their personal data erased there, after confirming with their password. Every page is the
signed-in person's own: there is no id in any URL, so nobody reaches anyone else's data. Staff accounts
are refused the erasure (403) and nothing changes."""

from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from microcred.accounts.models import User
from microcred.privacy import selectors, services
from microcred.privacy.errors import ErasureRefused
from microcred.web.views.enrolment import signed_in_user


def _is_erasable(user: User) -> bool:
    return not selectors.is_staff_account(user)


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    return render(request, "web/privacy/my_data.html", {"can_erase": _is_erasable(user)})


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """The ZIP, made now and audited; a POST, since each download is recorded."""
    archive = services.personal_data_export(person=signed_in_user(request))
    response = HttpResponse(archive.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{archive.file_name}"'
    response["Cache-Control"] = "no-store"
    return response


class ErasureForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you asking.",
    )
    understood = forms.BooleanField(
        label="I understand that this cannot be undone and that I lose access to my courses and records.",
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


@login_required
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not _is_erasable(user):
        raise PermissionDenied("Staff accounts are not erased here: ask a platform admin.")
    form = ErasureForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.personal_data_erase(person=user)
        except ErasureRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            logout(request)
            return redirect("privacy:erased")
    return render(request, "web/privacy/erase.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
def erased(request: HttpRequest) -> HttpResponse:
    return render(request, "web/privacy/erased.html")
