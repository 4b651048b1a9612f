"""The award planner (/my/awards/, R-AW3): the rules core's options over the learner's free credit, per
provider with awards; a claim made from the page."""

from collections.abc import Callable

import pytest
from django.test import Client
from tests.awards.awards_builders import credit_for, credits_for, ids

from microcred.accounts.models import User
from microcred.awards.models import AwardClaim, ClaimStatus
from microcred.awards.selectors import award_plans
from microcred.awards.services import award_claim, award_confer
from microcred.catalog.models import Provider
from microcred.rules.awards import AwardOption, Shortfall

pytestmark = [pytest.mark.django_db]


def test_r_aw3_plans_list_every_title_some_choice_reaches_with_the_credit_to_use(learner: User) -> None:
    credits = credits_for(learner, {"Data Science": 3, "Cyber Security": 2})
    data, cyber = [str(pk) for pk in ids(credits[:3])], [str(pk) for pk in ids(credits[3:])]

    [plan] = award_plans(learner)

    assert plan.provider.slug == "uol"
    assert plan.options.options == (
        AwardOption("PGCert", "PGCert in Data Science with Cyber Security", 60, (*data, cyber[0])),
        AwardOption("PGCert", "PGCert in Cyber Security and Data Science", 60, (*cyber, *data[:2])),
    )
    assert plan.options.shortfall == (Shortfall("PGDip", 45), Shortfall("Master's", 105))


def test_r_aw4_plans_leave_out_credit_held_by_an_open_claim_and_offer_what_supersedes(
    learner: User, uol_registry: User
) -> None:
    credits = credits_for(learner, {"Law": 8})
    uol = Provider.objects.get(slug="uol")
    award_confer(
        officer=uol_registry,
        claim_id=award_claim(learner=learner, provider=uol, award="PGCert", credit_ids=ids(credits[:4])).pk,
    )

    [plan] = award_plans(learner)

    assert [(option.award, option.title) for option in plan.options.options] == [("PGDip", "PGDip in Law")]
    assert plan.open_claim is None


def test_r_aw3_provider_without_awards_is_not_planned(learner: User) -> None:
    credit_for(learner, provider_slug="ibers", subject="Plant Breeding")

    # IBERS's policy stacks no awards (R-AW5 exemptions instead), so only UoL's credit is planned.
    credit_for(learner, subject="Law")

    assert [plan.provider.slug for plan in award_plans(learner)] == ["uol"]


def test_r_aw3_planner_page_shows_options_and_claims_one(
    learner: User, client_for: Callable[[User | None], Client]
) -> None:
    credits = credits_for(learner, {"Data Science": 4})
    client = client_for(learner)

    page = client.get("/my/awards/").content.decode()
    response = client.post(
        "/my/awards/", {"provider": "uol", "award": "PGCert", "uses": ",".join(map(str, ids(credits)))}
    )

    assert "PGCert in Data Science</td>" in page
    assert "PGDip: 60 more credits needed" in page
    assert (response.status_code, response.headers["Location"]) == (302, "/my/awards/")
    assert list(AwardClaim.objects.values_list("title", "status")) == [
        ("PGCert in Data Science", ClaimStatus.CLAIMED)
    ]
    assert (
        "Awaiting the registry: your claim of the PGCert in Data Science."
        in client.get("/my/awards/").content.decode()
    )


@pytest.mark.parametrize(
    ("form", "problem"),
    [
        ({"provider": "uol", "award": "PGCert", "uses": "1,x"}, "uses: Choose credit."),
        ({"provider": "uol", "award": "Doctorate", "uses": "1"}, "award: &#x27;Doctorate&#x27;"),
    ],
)
def test_r_aw3_a_bad_claim_from_the_page_is_refused_with_a_message_and_changes_nothing(
    form: dict[str, str], problem: str, learner: User, client_for: Callable[[User | None], Client]
) -> None:
    credits_for(learner, {"Data Science": 4})

    response = client_for(learner).post("/my/awards/", form)

    assert response.status_code == 400
    assert problem in response.content.decode()
    assert AwardClaim.objects.count() == 0


def test_planner_queries_do_not_grow_with_credit(
    learner: User,
    client_for: Callable[[User | None], Client],
    django_assert_num_queries: Callable[..., object],
) -> None:
    client = client_for(learner)
    credits_for(learner, {"Data Science": 2})
    client.get("/my/awards/")
    # session, user, credit with its joins, open claims
    with django_assert_num_queries(4):  # type: ignore[attr-defined]
        client.get("/my/awards/")
    credits_for(learner, {"Law": 6})
    with django_assert_num_queries(4):  # type: ignore[attr-defined]
        client.get("/my/awards/")
