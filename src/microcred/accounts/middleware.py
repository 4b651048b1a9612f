"""Staff must use two-factor authentication.

An authenticated member of staff (any role but learner, or anyone who can open the admin) who has no TOTP
authenticator is sent to the page that sets one up, whatever they ask for. allauth asks for the TOTP code at
every later login of a user who has one, and the admin login goes through allauth (``config/urls.py``), so
"has an authenticator" here means "passed MFA to get this session" everywhere, the admin included.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from microcred.accounts.models import User
from microcred.accounts.selectors import has_totp, has_unverified_email, is_mfa_required

# The set-up page and what it needs on the way: allauth asks a returning user to confirm their password
# before adding an authenticator, and refuses while an e-mail address is unverified.
EXEMPT_URL_NAMES = frozenset(
    {
        "mfa_activate_totp",
        "account_logout",
        "account_reauthenticate",
        "mfa_reauthenticate",
        "account_email",
        "account_confirm_email",
        "account_email_verification_sent",
    }
)


class StaffMfaRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = request.user
        if not isinstance(user, User) or not is_mfa_required(user):
            return None
        match = request.resolver_match
        is_exempt = match is not None and match.url_name in EXEMPT_URL_NAMES
        if is_exempt or request.path.startswith(settings.STATIC_URL):
            return None
        if has_totp(user):
            return None
        return self._set_up_first(request, user)

    def _set_up_first(self, request: HttpRequest, user: User) -> HttpResponse:
        if has_unverified_email(user):
            url = reverse("account_email")
            messages.warning(request, "Verify your e-mail address, then set up two-factor authentication.")
        else:
            url = reverse("mfa_activate_totp")
            messages.info(
                request,
                "Staff accounts need two-factor authentication: set up an authenticator app to continue.",
            )
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)
