"""Journey 4 (R-LE1, R-LE2): an enrolled learner opens the course, studies a step and marks it done, then
takes the week's practice quiz and sees the score, in a real browser; every page passes axe-core's WCAG 2.1
A/AA checks."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from tests.e2e.conftest import assert_accessible
from tests.factories.catalog import MicrocredentialFactory
from tests.learning.factories import EnrolmentFactory, course_content

from microcred.accounts.models import User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_r_le1_study_a_step_then_take_the_weeks_quiz(
    page: Page, learner: User, log_in_as: Callable[[User], None]
) -> None:
    # given: access that began a week ago
    course = MicrocredentialFactory(title="Data Science Foundations", weeks=12, hours_per_week=13)
    steps = course_content(course, weeks=2, steps_per_week=2)
    started = timezone.localdate() - dt.timedelta(days=7)
    enrolment = EnrolmentFactory(
        learner=learner, microcredential=course, registered_on=started, access_starts_on=started
    )
    log_in_as(learner)
    # when: the course page, then the first step
    page.goto(f"/learn/{enrolment.public_id}/")
    expect(page.get_by_text("0 of 4 steps done (0%)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=steps[0].title, exact=False).first.click()
    page.wait_for_url(f"**/steps/{steps[0].pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Mark as done").click()
    # then
    expect(page.get_by_text("You have done this step.")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/learn/{enrolment.public_id}/")
    expect(page.get_by_text("1 of 4 steps done (25%)")).to_be_visible()
    assert_accessible(page)
    # when: the week's quiz, answered rightly
    page.get_by_role("link", name="Check your understanding").first.click()
    assert_accessible(page)
    page.get_by_label("Choice 1").check()
    page.get_by_role("button", name="Check my answers").click()
    # then
    expect(page.locator("#result-heading")).to_have_text("Your score: 1 out of 1")
    assert_accessible(page)
