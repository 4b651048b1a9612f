"""Journey 3 (R-EN1, R-EN2): a learner buys a course in a real browser with the sandbox checkout — course
page, Add to cart, the declarations, the test card 4242 4242 4242 4242 — and finds it in My learning with
access; every page passes axe-core's WCAG 2.1 A/AA checks."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from tests.e2e.conftest import assert_accessible
from tests.enrolment.purchase import uol_course

from microcred.accounts.models import User
from microcred.enrolment.models import Enrolment, EnrolmentStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_r_en2_buy_with_the_sandbox_card_and_study_from_my_learning(
    page: Page, learner: User, log_in_as: Callable[[User], None]
) -> None:
    # given
    course = uol_course()
    log_in_as(learner)
    # when: the course page, then Add to cart
    page.goto(f"/courses/uol/{course.slug}/")
    assert_accessible(page)
    page.get_by_role("link", name="Enrol on this course").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add to cart").click()
    # then: the cart asks for the declarations
    page.wait_for_url("**/cart/")
    assert_accessible(page)
    for box in page.locator("input[type=checkbox][name^=declaration-]").all():
        box.check()
    page.get_by_role("button", name="Pay").click()
    # when: the sandbox page, with the card that pays
    page.wait_for_url("**/payments/sandbox/**")
    assert_accessible(page)
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_role("button", name="Pay").click()
    # then
    page.wait_for_url("**/orders/**")
    expect(page.get_by_text("You are enrolled")).to_be_visible()
    assert_accessible(page)
    enrolment = Enrolment.objects.get(learner=learner)
    assert (enrolment.microcredential, enrolment.status) == (course, EnrolmentStatus.ACTIVE)
    page.goto("/my/")
    card = page.locator("li.card", has_text=course.title)
    expect(card.get_by_text("Active")).to_be_visible()
    expect(card.get_by_role("link", name="Go to the course")).to_be_visible()
    assert_accessible(page)
