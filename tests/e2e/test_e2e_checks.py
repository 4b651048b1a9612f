"""The journeys' own checks can fail: in a real browser the site's Content-Security-Policy refuses an inline
script and the console watcher reports it, and axe-core reports a WCAG violation put into a page. Without
these, a journey that passes might only prove that nothing was looking."""

import pytest
from playwright.sync_api import BrowserContext
from tests.e2e.conftest import axe_violations, watch

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_csp_refuses_an_inline_script_and_the_watcher_reports_it(context: BrowserContext) -> None:
    # given: a page of its own, as the page fixture would fail at teardown on the refusal this test plants
    page = context.new_page()
    problems = watch(page)
    page.goto("/")
    assert problems == []
    # when: a script adds an inline <script>
    page.evaluate(
        """() => {
            const script = document.createElement('script');
            script.textContent = 'window.inlineRan = true;';
            document.head.appendChild(script);
        }"""
    )
    page.wait_for_timeout(100)
    # then: it did not run, and the watcher saw the refusal
    assert page.evaluate("() => window.inlineRan === undefined")
    assert len(problems) == 1, problems
    assert problems[0].startswith("CSP refused, on ")
    assert "script-src" in problems[0]


def test_axe_reports_an_image_without_alternative_text(context: BrowserContext) -> None:
    # given: a page of its own, so no screenshot of this planted fault joins the journeys'
    page = context.new_page()
    page.goto("/")
    # when
    page.evaluate(
        """() => {
            const image = document.createElement('img');
            image.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
            document.querySelector('main').appendChild(image);
        }"""
    )
    # then
    violations = axe_violations(page)
    assert [violation.split(":")[0] for violation in violations] == ["image-alt"]
