"""The browser journeys' machinery: Debian's Chromium driven by Playwright against pytest-django's live
server, axe-core injected into every page, and a screenshot of each journey's last page in var/e2e/.

Without Chromium or axe-core the journeys skip with a plain reason; CI sets MICROCRED_E2E_REQUIRED=1, which
turns that skip into a failure, so a green CI run has always driven a browser.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

    from microcred.accounts.models import User

# Playwright's sync API runs an event loop in this thread, which Django's ORM would otherwise refuse to
# run in.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "e2e"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Without the background-networking switches Chromium dials out at start-up, and this machine refuses that.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"browser tests skipped: {CHROMIUM} not found"
    if not AXE.exists():
        return f"browser tests skipped: {AXE.relative_to(ROOT)} not found (run npm ci)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _missing()
    if reason is None or os.environ.get("MICROCRED_E2E_REQUIRED") == "1":
        return
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser() -> Iterator["Browser"]:
    reason = _missing()
    if reason is not None:
        pytest.fail(f"MICROCRED_E2E_REQUIRED=1 but {reason.removeprefix('browser tests skipped: ')}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Iterator[Any]:
    """pytest-django's live server, over plain HTTP. Its security middleware is built once when the
    server starts, so the settings that would send the browser to HTTPS are switched off before that, not
    per test."""
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    plain_http = override_settings(
        SECURE_SSL_REDIRECT=False,
        SECURE_HSTS_SECONDS=0,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
    )
    plain_http.enable()
    server = LiveServer(request.config.getvalue("liveserver") or "localhost")
    yield server
    server.stop()
    plain_http.disable()


@pytest.fixture
def context(browser: "Browser", live_server: Any) -> Iterator["BrowserContext"]:
    # axe-core goes in as an inline script, which the site's Content-Security-Policy rightly forbids.
    made = browser.new_context(
        base_url=live_server.url, locale="en-GB", timezone_id="Europe/London", bypass_csp=True
    )
    made.set_default_timeout(15_000)
    yield made
    made.close()


@pytest.fixture
def page(context: "BrowserContext", request: pytest.FixtureRequest) -> Iterator["Page"]:
    opened = context.new_page()
    yield opened
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    opened.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)


def axe_violations(page: "Page") -> list[str]:
    """Each WCAG 2.1 A/AA violation axe-core finds on the page: rule id, help text, the nodes' selectors."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [
        f"{violation['id']}: {violation['help']} — "
        + ", ".join(str(node["target"]) for node in violation["nodes"])
        for violation in result["violations"]
    ]


def assert_accessible(page: "Page") -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe found on {page.url}:\n" + "\n".join(violations)


@pytest.fixture
def log_in_as(context: "BrowserContext", live_server: Any) -> Callable[["User"], None]:
    """Puts a session of the persona into the browser, as ``Client.force_login`` does for the test client.
    Staff personas hold a TOTP authenticator, which is what the MFA middleware asks of a session."""
    from django.conf import settings
    from django.test import Client

    def log_in(persona: "User") -> None:
        client = Client()
        client.force_login(persona)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    return log_in
