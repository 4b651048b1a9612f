"""Journeys 6 and 7 in a real browser: a refund asked for inside the window ends the enrolment, and outside it
the page says why there is none (R-EN5); an IBERS learning-only enrolment is topped up to credit through the
sandbox checkout (R-EN3). Every page passes axe-core's WCAG 2.1 A/AA checks."""

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect
from tests.e2e.conftest import assert_accessible
from tests.enrolment.purchase import at, buy, ibers_course, uol_course

from microcred.accounts.models import User
from microcred.enrolment.models import EnrolmentStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_r_en5_refund_inside_the_window_ends_the_enrolment(
    page: Page, learner: User, log_in_as: Callable[[User], None]
) -> None:
    # given: bought today, so the window is open
    enrolment = buy(learner, uol_course())
    log_in_as(learner)
    page.goto(f"/my/enrolments/{enrolment.public_id}/")
    assert_accessible(page)
    # when
    page.get_by_role("button", name="Ask for a refund of £495.00").click()
    # then
    expect(page.get_by_text("Refunded £495.00. Your enrolment has ended.")).to_be_visible()
    expect(page.locator("section[aria-labelledby=refund-heading]")).to_contain_text(
        "This enrolment was refunded on"
    )
    assert_accessible(page)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.REFUNDED


def test_r_en5_outside_the_window_the_page_says_when_refunds_ended(
    page: Page, learner: User, log_in_as: Callable[[User], None]
) -> None:
    # given: access began on 1 October 2026; the UoL window is 14 days, so it closed on 15 October
    with time_machine.travel(at(2026, 10, 1), tick=False):
        enrolment = buy(learner, uol_course())
    log_in_as(learner)
    # when
    page.goto(f"/my/enrolments/{enrolment.public_id}/")
    # then
    refund = page.locator("section[aria-labelledby=refund-heading]")
    expect(refund).to_contain_text("The refund period ended on 15 October 2026.")
    expect(refund.get_by_role("button")).to_have_count(0)
    assert_accessible(page)


def test_r_en3_top_up_an_ibers_learning_only_enrolment_to_credit(
    page: Page, learner: User, log_in_as: Callable[[User], None]
) -> None:
    # given
    course = ibers_course(release_date=timezone.localdate() - dt.timedelta(days=7))
    policy = course.provider.policy
    assert policy.top_up is not None
    enrolment = buy(learner, course, track=policy.top_up.from_track)
    log_in_as(learner)
    page.goto(f"/my/enrolments/{enrolment.public_id}/")
    assert_accessible(page)
    # when
    page.locator("section[aria-labelledby=topup-heading]").get_by_role("button").click()
    page.wait_for_url("**/payments/sandbox/**")
    assert_accessible(page)
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_role("button", name="Pay").click()
    page.wait_for_url("**/orders/**")
    assert_accessible(page)
    # then
    enrolment.refresh_from_db()
    assert enrolment.track == policy.top_up.to_track
    page.goto(f"/my/enrolments/{enrolment.public_id}/")
    expect(page.get_by_text("(leads to credit; you may sit the final assessment)")).to_be_visible()
    assert_accessible(page)
