"""Issue 10: the response headers of the pages, the admin and its log-in: a Content-Security-Policy with
nothing inline, no framing, no sniffing, and HSTS once the site is served over HTTPS."""

import pytest
from django.test import Client
from tests.factories.catalog import MicrocredentialFactory
from tests.security.settings_loader import settings_loaded_with

from microcred.accounts.models import User

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


def _directives(policy: str) -> dict[str, list[str]]:
    # django-csp does not keep the settings' order of directives, and order carries no meaning.
    parts = [directive.split() for directive in policy.split(";")]
    return {name: values for name, *values in parts}


def _assert_hardened(headers: dict[str, str]) -> None:
    assert _directives(headers["Content-Security-Policy"]) == POLICY
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_home_and_course_pages_send_the_policy_and_hardening_headers() -> None:
    course = MicrocredentialFactory(title="Data Ethics")
    client = Client()

    for path in ("/", f"/courses/{course.provider.slug}/{course.slug}/"):
        response = client.get(path)

        assert response.status_code == 200
        _assert_hardened(dict(response.headers))


@pytest.mark.django_db
def test_admin_login_and_admin_index_send_the_policy(client_for, platform_admin: User) -> None:
    login = Client().get("/admin/login/")
    index = client_for(platform_admin).get("/admin/")

    assert (login.status_code, login["Location"]) == (302, "/accounts/login/?next=%2Fadmin%2Flogin%2F")
    _assert_hardened(dict(login.headers))
    assert index.status_code == 200
    _assert_hardened(dict(index.headers))


def test_scripts_may_come_only_from_the_site_itself() -> None:
    directives = _directives(Client().get("/accounts/login/")["Content-Security-Policy"])

    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["style-src"]


@pytest.mark.parametrize(
    ("provider", "form_targets"),
    [("sandbox", ["'self'"]), ("stripe", ["'self'", "https://checkout.stripe.com"])],
)
def test_stripe_checkout_is_a_form_target_only_when_stripe_takes_payments(
    monkeypatch: pytest.MonkeyPatch, provider: str, form_targets: list[str]
) -> None:
    """Browsers check the redirect that follows the checkout POST against form-action too."""
    configured = settings_loaded_with(monkeypatch, PAYMENTS_PROVIDER=provider)

    assert configured["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["form-action"] == form_targets


@pytest.mark.django_db
def test_hsts_is_sent_over_https_when_debug_is_off(settings) -> None:
    settings.DEBUG = False
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True

    secure = Client().get("/", secure=True)
    plain = Client().get("/")

    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in plain


def test_settings_turn_on_https_only_cookies_and_hsts_when_debug_is_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    configured = settings_loaded_with(monkeypatch, DEBUG="false")

    assert (configured["SESSION_COOKIE_SECURE"], configured["CSRF_COOKIE_SECURE"]) == (True, True)
    assert (configured["SESSION_COOKIE_HTTPONLY"], configured["CSRF_COOKIE_HTTPONLY"]) == (True, True)
    assert configured["SECURE_SSL_REDIRECT"] is True
    assert configured["SECURE_HSTS_SECONDS"] == 31_536_000
    assert configured["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_settings_leave_plain_http_alone_when_debug_is_on(monkeypatch: pytest.MonkeyPatch) -> None:
    configured = settings_loaded_with(monkeypatch, DEBUG="true")

    assert "SECURE_HSTS_SECONDS" not in configured
    assert "SECURE_SSL_REDIRECT" not in configured
    assert configured["CSRF_COOKIE_HTTPONLY"] is True
