"""Journey 1 (R-CA6, R-CA2): a visitor browses the demo catalogue in a real browser — home, the search box,
the results, a filter, the course page with its EU micro-credential elements and CMF rows — and every page
passes axe-core's WCAG 2.1 A/AA checks."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect
from tests.e2e.conftest import assert_accessible

from microcred.demo.catalog_loader import load_catalog

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
COURSE = "Online Teaching: Creating Courses for Adult Learners"


def test_r_ca6_search_filter_and_open_a_course_page(page: Page) -> None:
    # given
    load_catalog(today=dt.date(2026, 11, 23))
    # when: home, then the search box
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Short university courses that count")
    assert_accessible(page)
    page.get_by_label("Search the courses").fill("online teaching")
    page.get_by_role("button", name="Search").click()
    # then: results
    expect(page.locator("#results-heading")).to_contain_text("matching “online teaching”")
    expect(page.get_by_role("link", name=COURSE)).to_be_visible()
    assert_accessible(page)
    # when: a filter
    page.get_by_label("University").select_option(label="The Open University")
    page.get_by_role("button", name="Show courses").click()
    # then
    assert "provider=ou" in page.url
    expect(page.get_by_role("link", name=COURSE)).to_be_visible()
    assert_accessible(page)
    # when: the course page
    page.get_by_role("link", name=COURSE).click()
    # then
    expect(page.get_by_role("heading", level=1)).to_have_text(COURSE)
    expect(page.get_by_role("heading", name="EU micro-credential elements")).to_be_visible()
    expect(page.locator("#eu-elements dt").first).to_be_visible()
    cmf_rows = page.locator("section[aria-labelledby=cmf-heading] tbody tr")
    assert cmf_rows.count() > 0
    assert_accessible(page)
