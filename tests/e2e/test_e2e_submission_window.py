"""Journey 5a (R-AS2, R-AS3) in a real browser: a UoL learner opens the final assessment between windows and
is told when the next one opens, with no way to submit; on the window's first day the page says until when
it runs, and the learner submits there. Every page passes axe-core's WCAG 2.1 A/AA checks."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from tests.assessment.builders import MINIMAL_PDF, at, course, enrolment_for
from tests.e2e.conftest import assert_accessible
from time_machine import TimeMachineFixture

from microcred.accounts.models import User
from microcred.assessment.models import Submission

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _months_ahead(today: dt.date, months: int) -> dt.date:
    """The first day of the month that many months after today's."""
    index = today.year * 12 + today.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def test_r_as2_between_windows_the_page_says_when_to_come_back_then_the_learner_submits_in_one(
    page: Page,
    learner: User,
    log_in_as: Callable[[User], None],
    settings: Settings,
    tmp_path: Path,
    time_machine: TimeMachineFixture,
) -> None:
    # given: UoL's windows run from the 1st to the 7th of each month; the clock moves forward, never back, so
    # the cookies the browser holds stay in date
    settings.MEDIA_ROOT = tmp_path / "media"
    between = _months_ahead(timezone.localdate(), 1).replace(day=20)
    opening = _months_ahead(between, 1)
    enrolment = enrolment_for(learner, course("uol"), registered_on=timezone.localdate())
    assessment_page = f"/my/enrolments/{enrolment.public_id}/assessment/"
    time_machine.move_to(at(between.year, between.month, between.day), tick=True)
    log_in_as(learner)
    # when: between windows
    page.goto(assessment_page)
    # then
    opens, closes = f"{opening:%-d %B %Y}", f"{opening.replace(day=7):%-d %B %Y}"
    window = page.locator("section[aria-labelledby=window-heading]")
    expect(window).to_contain_text(
        f"No submission window is open. The next opens {opens} at 00:00 and closes {closes} at 23:59"
    )
    expect(page.get_by_role("button", name="Submit attempt")).to_have_count(0)
    assert_accessible(page)
    # when: the window's first day
    time_machine.move_to(at(opening.year, opening.month, opening.day), tick=True)
    page.reload()
    expect(window).to_contain_text(f"A submission window is open until {closes} at 23:59")
    assert_accessible(page)
    page.get_by_label("Your file").set_input_files(
        files=[{"name": "project.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}]
    )
    page.get_by_role("button", name="Submit attempt").click()
    # then
    attempts = page.locator("section[aria-labelledby=attempts-heading] tbody tr")
    expect(attempts).to_have_count(1)
    expect(attempts.first).to_contain_text("project.pdf")
    expect(attempts.first).to_contain_text("Not released yet")
    expect(page.get_by_text("2 of 3 remaining")).to_be_visible()
    assert_accessible(page)
    submission = Submission.objects.get(enrolment=enrolment)
    assert (submission.attempt_number, timezone.localdate(submission.submitted_at)) == (1, opening)
