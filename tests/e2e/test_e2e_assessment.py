"""Journey 5 (R-AS2, R-AS4, R-AS7) in a real browser: a learner on an OU course (a continuous window: R-AS2)
submits the final assessment; a marker marks it a Distinction, a moderator confirms it, a registry officer
releases it, and the learner sees the result. Each member of staff logs in with the form and the code of their
authenticator app (MFA is required of staff). Every page passes axe-core's WCAG 2.1 A/AA checks."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from tests.assessment.builders import course, enrolment_for, staff
from tests.e2e.conftest import assert_accessible, log_in_with_the_form

from microcred.accounts.models import User
from microcred.assessment.models import Submission, SubmissionStatus
from microcred.common.roles import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ANSWER = "Leadership in a digital organisation rests on trust, clear purpose and shared data. " * 5


def _open_from_queue(page: Page, queue: str, reference: str) -> None:
    """From wherever the log-in left them: Marking in the site's menu, then the queue in the staff menu."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Marking").click()
    page.get_by_role("navigation", name="Assessment staff").get_by_role("link", name=queue).click()
    page.wait_for_url(f"**/staff/{queue.lower()}/")
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    page.wait_for_url("**/staff/marking/**")
    assert_accessible(page)


def test_r_as7_submit_mark_moderate_release_and_the_learner_sees_the_result(
    page: Page,
    learner: User,
    log_in_as: Callable[[User], None],
    settings: Settings,
    tmp_path: Path,
) -> None:
    # given
    settings.MEDIA_ROOT = tmp_path / "media"
    enrolment = enrolment_for(learner, course("ou"), registered_on=timezone.localdate())
    marker = staff(Role.MARKER, "ou", "marker@ou.example.org")
    moderator = staff(Role.MODERATOR, "ou", "moderator@ou.example.org")
    registry = staff(Role.REGISTRY_OFFICER, "ou", "registry@ou.example.org")
    assessment_page = f"/my/enrolments/{enrolment.public_id}/assessment/"
    # when: the learner submits
    log_in_as(learner)
    page.goto(assessment_page)
    assert_accessible(page)
    page.get_by_label("Your file").set_input_files(
        files=[{"name": "answer.txt", "mimeType": "text/plain", "buffer": ANSWER.encode()}]
    )
    page.get_by_role("button", name="Submit attempt").click()
    expect(page.locator("section[aria-labelledby=attempts-heading] tbody tr").first).to_contain_text(
        "Not released yet"
    )
    assert_accessible(page)
    reference = Submission.objects.get(enrolment=enrolment).reference
    # when: the marker marks it a Distinction, which waits for moderation (R-AS7)
    log_in_with_the_form(page, marker)
    _open_from_queue(page, "Marking", reference)
    page.get_by_label("Mark (0–100)").fill("72")
    page.get_by_label("Feedback to the learner").fill("Clear and well argued.")
    page.get_by_role("button", name="Save mark").click()
    expect(page.get_by_role("heading", name="Mark history")).to_be_visible()
    assert_accessible(page)
    # when: a second person moderates, agreeing the mark
    log_in_with_the_form(page, moderator)
    _open_from_queue(page, "Moderation", reference)
    page.get_by_role("button", name="Record moderation").click()
    expect(page.get_by_role("heading", name="Mark history")).to_be_visible()
    assert_accessible(page)
    # when: the registry officer releases it, and is back at a queue that has nothing left to release
    log_in_with_the_form(page, registry)
    _open_from_queue(page, "Release", reference)
    page.get_by_role("button", name="Release the result to the learner").click()
    expect(
        page.get_by_text(f"Result of submission {reference} released; the learner is told.")
    ).to_be_visible()
    expect(page.get_by_text("No result is ready to release.")).to_be_visible()
    assert_accessible(page)
    assert Submission.objects.get(enrolment=enrolment).status == SubmissionStatus.RELEASED
    # then: the learner sees the result and the feedback
    log_in_as(learner)
    page.goto(assessment_page)
    attempts = page.locator("section[aria-labelledby=attempts-heading]")
    expect(attempts).to_contain_text("Distinction")
    expect(attempts).to_contain_text("Clear and well argued.")
    assert_accessible(page)
