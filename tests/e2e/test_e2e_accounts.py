"""Journey 2 (DESIGN.md: accounts by django-allauth, mandatory e-mail verification): a person signs up in a
real browser, follows the link e-mailed to them, confirms the address and logs in to My learning; every page
passes axe-core's WCAG 2.1 A/AA checks."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect
from tests.e2e.conftest import assert_accessible
from tests.factories.accounts import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
EMAIL = "new.learner@example.org"


def _submit(page: Page) -> None:
    page.locator("main form[method=post] button[type=submit]").first.click()


def test_sign_up_verify_by_the_emailed_link_then_log_in(page: Page) -> None:
    # given
    page.goto("/accounts/signup/")
    assert_accessible(page)
    # when: the passwords differ, then match
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD + "!")
    _submit(page)
    expect(page.locator("[aria-invalid=true]")).to_have_count(1)
    assert_accessible(page)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    _submit(page)
    # then: told to check the inbox, and sent one link
    page.wait_for_url("**/accounts/confirm-email/")
    assert_accessible(page)
    assert [message.to for message in mail.outbox] == [[EMAIL]]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", str(mail.outbox[0].body))
    assert link is not None, mail.outbox[0].body
    # when: the link, then confirm
    page.goto(link.group(1))
    assert_accessible(page)
    _submit(page)
    # then: log in
    page.wait_for_url("**/accounts/login/")
    assert_accessible(page)
    page.locator("input[name=login]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    _submit(page)
    page.wait_for_url("**/my/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
