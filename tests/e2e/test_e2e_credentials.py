"""Journeys 8 and 9 (R-CD1, R-CD3) in a real browser. A learner whose pass has been released finds the
result from My learning, then the badge in My credentials, and downloads it as JSON and the certificate as a
PDF. Anyone, without an account, checks that badge on its public page, then by uploading the file and by
pasting its JSON; a doctored copy is told apart. Every page passes axe-core's WCAG 2.1 A/AA checks."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.fixtures import Settings
from tests.assessment.builders import course, enrolment_for, released_result, staff, submit_file
from tests.e2e.conftest import assert_accessible
from tests.factories.accounts import UserFactory

from microcred.accounts.models import User
from microcred.common.roles import Role
from microcred.credentials.models import Credential

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
TITLE = "Digital Leadership"


@pytest.fixture
def passed_learner(db: None, settings: Settings, tmp_path: Path) -> User:
    """A learner whose OU Merit has been marked and released through the services, which issue the badge."""
    settings.MEDIA_ROOT = tmp_path / "media"
    learner = UserFactory(email="ada.lovelace@example.org", first_name="Ada", last_name="Lovelace")
    enrolment = enrolment_for(learner, course("ou", title=TITLE), registered_on=timezone.localdate())
    released_result(
        submit_file(enrolment, "answer.pdf"),
        65,
        marker=staff(Role.MARKER, "ou", "marker@ou.example.org"),
        moderator=staff(Role.MODERATOR, "ou", "moderator@ou.example.org"),
        registry=staff(Role.REGISTRY_OFFICER, "ou", "registry@ou.example.org"),
    )
    return learner


def _download(page: Page, link: Locator) -> bytes:
    with page.expect_download() as started:
        link.click()
    return Path(started.value.path()).read_bytes()


def _verdict(page: Page) -> Locator:
    return page.locator("section[aria-labelledby=verdict-heading]")


def test_r_cd1_see_the_result_then_download_the_badge_and_the_certificate(
    page: Page, passed_learner: User, log_in_as: Callable[[User], None]
) -> None:
    # given
    credential = Credential.objects.get(learner=passed_learner)
    log_in_as(passed_learner)
    # when: the result, from My learning
    page.goto("/my/")
    assert_accessible(page)
    page.locator("li.card", has_text=TITLE).get_by_role("link", name="Final assessment").click()
    # then
    expect(page.locator("section[aria-labelledby=attempts-heading]")).to_contain_text("Merit")
    assert_accessible(page)
    # when: My credentials
    page.goto("/my/")
    page.get_by_role("link", name="My credentials").click()
    badge = page.locator(".credential-list li", has_text=TITLE)
    expect(badge).to_contain_text("The Open University")
    assert_accessible(page)
    document: dict[str, Any] = json.loads(_download(page, badge.get_by_role("link", name="badge (JSON)")))
    certificate = _download(page, badge.get_by_role("link", name="certificate (PDF)"))
    # then
    assert document["type"] == ["VerifiableCredential", "AchievementCredential"]
    assert document["credentialSubject"]["achievement"]["name"] == TITLE
    assert document["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert certificate.startswith(b"%PDF-")
    assert json.loads(credential.document_json) == document
    # when: the badge's own page
    badge.get_by_role("link", name=TITLE).click()
    # then
    expect(_verdict(page)).to_contain_text("Valid")
    assert_accessible(page)


def test_r_cd3_anyone_checks_the_badge_by_its_page_by_upload_and_by_paste(
    page: Page, passed_learner: User, tmp_path: Path
) -> None:
    # given: a visitor with no account and the link the learner shared
    credential = Credential.objects.get(learner=passed_learner)
    # when: the public page
    page.goto(f"/credentials/{credential.public_id}")
    # then
    expect(_verdict(page)).to_contain_text("Valid")
    facts = page.locator("dl.credential-facts")
    expect(facts).to_contain_text(TITLE)
    expect(facts).to_contain_text("Ada Lovelace")
    expect(facts).to_contain_text("The Open University")
    assert_accessible(page)
    downloaded = tmp_path / "badge.json"
    downloaded.write_bytes(_download(page, page.get_by_role("link", name="Download JSON")))
    # when: the file, uploaded on the checking page
    page.get_by_role("link", name="Check another credential by uploading or pasting its JSON").click()
    assert_accessible(page)
    page.get_by_label("Upload the credential (a .json file)").set_input_files(downloaded)
    page.get_by_role("button", name="Check").click()
    # then
    expect(_verdict(page)).to_contain_text("Valid")
    expect(page.locator("dl.credential-facts")).to_contain_text("Ada Lovelace")
    assert_accessible(page)
    # when: its JSON pasted, once as issued and once with another learner's name in it
    page.get_by_label("Or paste its JSON").fill(downloaded.read_text("utf-8"))
    page.get_by_role("button", name="Check").click()
    expect(_verdict(page)).to_contain_text("Valid")
    assert_accessible(page)
    doctored = downloaded.read_text("utf-8").replace("Ada Lovelace", "Grace Hopper")
    assert doctored != downloaded.read_text("utf-8")
    page.get_by_label("Or paste its JSON").fill(doctored)
    page.get_by_role("button", name="Check").click()
    # then
    expect(_verdict(page)).to_contain_text("Not genuine")
    expect(_verdict(page)).to_contain_text("Its signature does not hold")
    expect(page.locator("dl.credential-facts")).to_have_count(0)
    assert_accessible(page)
