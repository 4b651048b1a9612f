"""The browser journeys' machinery: Debian's Chromium driven by Playwright against pytest-django's live
server, axe-core run on every page a journey checks, the browser's console watched for what the site's
Content-Security-Policy refuses, and a screenshot of each journey's last page in var/e2e/.

Without Chromium or axe-core the journeys skip with a plain reason; CI sets MICROCRED_E2E_REQUIRED=1, which
turns that skip into a failure, so a green CI run has always driven a browser.
"""

import os
import time
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Error, Page, Response

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
# A page whose stylesheet, script, image or font fails to load is broken even when it looks fine to axe.
SUBRESOURCES = frozenset({"stylesheet", "script", "image", "font"})
_SKIPPED_JOURNEYS = pytest.StashKey[int]()
# What the browser reported against each open page: CSP refusals, uncaught errors, failed subresources.
_problems: "weakref.WeakKeyDictionary[Page, list[str]]" = weakref.WeakKeyDictionary()


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
    skipped = [item for item in items if "e2e" in item.keywords]
    for item in skipped:
        item.add_marker(pytest.mark.skip(reason=reason))
    config.stash[_SKIPPED_JOURNEYS] = len(skipped)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """One plain line at the end of the run, so no one reads a green run as one that drove a browser."""
    count = config.stash.get(_SKIPPED_JOURNEYS, 0)
    if count:
        terminalreporter.write_line(f"{count} {_missing()} (CI sets MICROCRED_E2E_REQUIRED=1)", yellow=True)


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
    # The site's Content-Security-Policy stays on: the journeys prove the pages work under it.
    made = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    made.set_default_timeout(15_000)
    yield made
    made.close()


def watch(page: "Page") -> list[str]:
    """Starts recording what the browser reports against the page; the list returned fills as it goes."""
    problems: list[str] = []

    def on_console(message: "ConsoleMessage") -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(f"CSP refused, on {page.url}: {message.text}")

    def on_page_error(error: "Error") -> None:
        problems.append(f"uncaught script error, on {page.url}: {error.message}")

    def on_response(response: "Response") -> None:
        if response.status >= 400 and response.request.resource_type in SUBRESOURCES:
            problems.append(f"{response.request.resource_type} {response.url} answered {response.status}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("response", on_response)
    return problems


@pytest.fixture
def page(context: "BrowserContext", request: pytest.FixtureRequest) -> Iterator["Page"]:
    opened = context.new_page()
    _problems[opened] = problems = watch(opened)
    yield opened
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    opened.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    assert problems == [], "the browser reported:\n" + "\n".join(problems)


def browser_problems(page: "Page") -> list[str]:
    """What the browser has reported against the page so far (see ``watch``)."""
    return list(_problems.get(page, []))


def axe_violations(page: "Page") -> list[str]:
    """Each WCAG 2.1 A/AA violation axe-core finds on the page, and each result it leaves for a person to
    review (duplicate ids that labels point at, for one), as rule id, help text and the nodes' selectors: on
    our pages a result to review has always been a fault, so it fails the journey as well.

    axe-core goes in through the DevTools protocol (``evaluate``), which the page's CSP does not govern; a
    <script> tag with it inline would be refused, rightly."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [
        f"{label}{found['id']}: {found['help']} — "
        + ", ".join(str(node["target"]) for node in found["nodes"])
        for label, key in (("", "violations"), ("to review: ", "incomplete"))
        for found in result[key]
    ]


def assert_accessible(page: "Page") -> None:
    """No WCAG 2.1 A/AA violation on the page, and nothing the CSP refused or that failed to load on it."""
    violations = axe_violations(page)
    assert violations == [], f"axe found on {page.url}:\n" + "\n".join(violations)
    problems = browser_problems(page)
    assert problems == [], "the browser reported:\n" + "\n".join(problems)


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


def log_in_with_the_form(page: "Page", persona: "User") -> None:
    """Logs in as the person would: e-mail and password on the log-in page, then, for staff (who must use
    two-factor authentication), the code their authenticator app shows now, computed from the TOTP device's
    secret. Each page on the way is checked."""
    from tests.factories.accounts import PASSWORD, totp_code_for

    from microcred.accounts.selectors import has_totp

    page.context.clear_cookies()
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email").fill(persona.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if has_totp(persona):
        page.wait_for_url("**/accounts/2fa/authenticate/")
        assert_accessible(page)
        _wait_out_a_closing_totp_period()
        page.get_by_label("Code").fill(totp_code_for(persona))
        page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)


def _wait_out_a_closing_totp_period() -> None:
    """allauth takes a code in its own period only (no tolerance by default): a code read in a period's last
    second could reach the server in the next one, so a person would wait for the fresh code, and so do we."""
    from allauth.mfa import app_settings

    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < 2:
        time.sleep(left)
