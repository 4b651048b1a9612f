"""Two-factor authentication is open to everyone and required of staff: a member of staff without a TOTP
authenticator can reach only the page that sets one up (and logout, and static files); the admin is reached
only through allauth's login, which asks for the code (DESIGN.md: accounts, MFA for staff)."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from allauth.mfa.totp.internal.auth import yield_hotp_counters_from_time as counters
from django.test import Client
from pytest_django.fixtures import Settings
from tests.factories.accounts import PASSWORD, StaffFactory, totp_code_for

from microcred.accounts.models import User
from microcred.common.roles import Role

ACTIVATE = "/accounts/2fa/totp/activate/"
STAFF_ROLES = [Role.MARKER, Role.MODERATOR, Role.REGISTRY_OFFICER, Role.PLATFORM_ADMIN]


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(iter(counters()))))


@pytest.mark.parametrize("role", STAFF_ROLES)
@pytest.mark.parametrize("path", ["/", "/my/", "/courses/", "/admin/", "/accounts/password/change/"])
@pytest.mark.django_db
def test_staff_without_totp_are_sent_to_set_it_up_from_every_page(client_for, role: Role, path: str) -> None:
    staff = StaffFactory(role=role, totp=False)

    response = client_for(staff).get(path)

    assert (response.status_code, response["Location"]) == (302, ACTIVATE)


@pytest.mark.parametrize("path", ["/", "/my/", "/accounts/2fa/"])
def test_learners_may_go_without_totp(client_for, learner: User, path: str) -> None:
    assert client_for(learner).get(path).status_code == 200


def test_staff_with_totp_pass(client_for, uol_marker: User) -> None:
    assert client_for(uol_marker).get("/my/").status_code == 200


@pytest.mark.django_db
def test_staff_without_totp_may_still_log_out(client_for) -> None:
    client = client_for(StaffFactory(role=Role.MODERATOR, totp=False))

    response = client.post("/accounts/logout/")

    assert response["Location"] == "/"
    assert client.get("/my/")["Location"] == "/accounts/login/?next=/my/"


@pytest.mark.django_db
def test_staff_without_totp_still_get_static_files(client_for, settings: Settings) -> None:
    settings.WHITENOISE_USE_FINDERS = True
    client = client_for(StaffFactory(role=Role.MARKER, totp=False))

    response = client.get("/static/microcred/site.css")

    assert (response.status_code, response["Content-Type"]) == (200, 'text/css; charset="utf-8"')


@pytest.mark.django_db
def test_an_htmx_request_is_redirected_by_htmx_header(client_for) -> None:
    client = client_for(StaffFactory(role=Role.MARKER, totp=False))

    response = client.get("/my/", headers={"HX-Request": "true"})

    assert (response.status_code, response["HX-Redirect"]) == (200, ACTIVATE)


@pytest.mark.django_db
def test_staff_with_an_unverified_address_are_sent_to_verify_it_first(client_for) -> None:
    staff = StaffFactory(role=Role.MARKER, totp=False, email_verified=False)
    EmailAddress.objects.create(user=staff, email=staff.email, verified=False, primary=True)
    client = client_for(staff)

    assert client.get("/my/")["Location"] == "/accounts/email/"
    assert client.get("/accounts/email/").status_code == 200


@pytest.mark.django_db
def test_first_login_of_staff_sets_up_totp_then_opens_the_site() -> None:
    staff = StaffFactory(email="new.marker@example.org", role=Role.MARKER, totp=False)
    client = Client()

    # given a new marker logs in with their password
    response = client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert response["Location"] == "/my/"
    assert client.get("/my/")["Location"] == ACTIVATE

    # when they confirm their password (allauth asks before any change to two-factor settings), scan the
    # code and type what their app shows
    reauthenticate = "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    assert client.get(ACTIVATE)["Location"] == reauthenticate
    assert client.post(reauthenticate, {"password": PASSWORD})["Location"] == ACTIVATE
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    assert "Staff accounts need two-factor authentication" in page.text
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(ACTIVATE, {"code": _code(secret)})

    # then they hold a TOTP authenticator with recovery codes and can use the site
    assert response.status_code == 302
    assert sorted(Authenticator.objects.filter(user=staff).values_list("type", flat=True)) == [
        "recovery_codes",
        "totp",
    ]
    assert client.get("/my/").status_code == 200


def test_the_admin_opens_only_after_the_totp_code(uol_registry: User) -> None:
    client = Client()

    response = client.post("/accounts/login/", {"login": uol_registry.email, "password": PASSWORD})

    # the password alone leaves the session anonymous, waiting for the code
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"
    assert client.post("/accounts/2fa/authenticate/", {"code": "000000"}).status_code == 200
    assert client.get("/admin/").status_code == 302

    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code_for(uol_registry)})

    assert response["Location"] == "/my/"
    assert client.get("/admin/").status_code == 200
    methods = [record["method"] for record in client.session["account_authentication_methods"]]
    assert methods == ["password", "mfa"]


@pytest.mark.django_db
def test_the_admin_login_form_is_allauths() -> None:
    response = Client().get("/admin/login/?next=/admin/")

    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
