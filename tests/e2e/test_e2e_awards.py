"""Journey 10 (R-AW1, R-AW2, R-AW3) in a real browser: a UoL learner with four 15-credit passes in one subject
goes from My learning to My credit and the awards it reaches, claims the PGCert, and a registry officer of UoL
(logged in with the code of an authenticator app) confers it; the learner's credit then counts towards it.
Every page passes axe-core's WCAG 2.1 A/AA checks."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from tests.awards.awards_builders import credits_for
from tests.e2e.conftest import assert_accessible, log_in_with_the_form

from microcred.accounts.models import User
from microcred.awards import services
from microcred.awards.models import AwardClaim, ClaimStatus
from microcred.credentials.services import credential_issue_for_credit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
AWARD = "PGCert in Data Science"


def test_r_aw1_claim_a_pgcert_with_sixty_credits_and_the_registry_confers_it(
    page: Page, learner: User, other_learner: User, uol_registry: User, log_in_as: Callable[[User], None]
) -> None:
    # given: 4 × 15 credits of Data Science (R-AW1: 60 make a PGCert); another learner's claim already waits,
    # so the registry's queue has more than one row
    for credit in credits_for(learner, {"Data Science": 4}):
        credential_issue_for_credit(credit_id=credit.pk)
    others = credits_for(other_learner, {"Cyber Security": 4})
    services.award_claim(
        learner=other_learner,
        provider=others[0].provider,
        award="PGCert",
        credit_ids=[credit.pk for credit in others],
    )
    log_in_as(learner)
    # when: My learning, then My credit
    page.goto("/my/")
    assert_accessible(page)
    page.get_by_role("link", name="My credit").click()
    # then
    expect(page.locator("tbody tr")).to_have_count(4)
    expect(page.locator("tbody").get_by_role("link", name="Badge")).to_have_count(4)
    assert_accessible(page)
    # when: the awards it reaches, and the claim
    page.get_by_role("link", name="Plan an award").click()
    option = page.locator("tbody tr", has_text=AWARD)
    expect(option).to_contain_text("60")
    assert_accessible(page)
    option.get_by_role("button", name="Claim").click()
    # then
    expect(page.get_by_text(f"You have claimed the {AWARD}; the registry will decide it.")).to_be_visible()
    expect(page.get_by_text(f"Awaiting the registry: your claim of the {AWARD}.")).to_be_visible()
    expect(page.get_by_role("button", name="Claim")).to_have_count(0)
    assert_accessible(page)
    # when: the registry officer confers it
    log_in_with_the_form(page, uol_registry)
    page.goto("/staff/awards/")
    claim_row = page.locator("tbody tr", has_text=AWARD)
    expect(claim_row.get_by_role("cell", name=learner.email, exact=True)).to_be_visible()
    assert_accessible(page)
    claim_row.get_by_role("button", name="Confer").click()
    # then
    expect(page.get_by_text(f"Conferred: {AWARD} on {learner.email}.")).to_be_visible()
    expect(page.locator("tbody tr", has_text="PGCert in Cyber Security")).to_contain_text("Refuse")
    assert_accessible(page)
    assert AwardClaim.objects.get(learner=learner).status == ClaimStatus.CONFERRED
    # then: the learner's credit counts towards the award
    log_in_as(learner)
    page.goto("/my/credit/")
    expect(page.locator("tbody tr", has_text=f"{AWARD} (Conferred)")).to_have_count(4)
    assert_accessible(page)
