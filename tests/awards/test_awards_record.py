"""My credit (/my/credit/): every credit the learner holds across providers, its badge, and what it counts
towards, in a constant number of queries."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from tests.awards.awards_builders import credit_for, credits_for, ids

from microcred.accounts.models import User
from microcred.awards.services import award_claim
from microcred.catalog.models import Provider

pytestmark = [pytest.mark.django_db]


def test_r_cd2_my_credit_lists_credit_of_every_provider_with_what_it_counts_towards(
    learner: User, other_learner: User, client_for: Callable[[User | None], Client]
) -> None:
    # given credit at two providers, four of it claimed, and another learner's credit
    uol = credits_for(learner, {"Data Science": 4})
    credit_for(
        learner,
        provider_slug="ibers",
        subject="Plant Breeding",
        awarded_on=dt.date(2026, 5, 6),
        title="Plant Breeding 1",
    )
    credit_for(other_learner, subject="Not Mine")
    award_claim(
        learner=learner, provider=Provider.objects.get(slug="uol"), award="PGCert", credit_ids=ids(uol)
    )

    # when
    response = client_for(learner).get("/my/credit/")

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<tr>") == 1 + 5
    assert html.count("PGCert in Data Science (Claimed, awaiting the registry)") == 4
    assert "Plant Breeding 1</td>" in html
    assert "IBERS, Aberystwyth University" in html
    assert "6 May 2026" in html
    assert "Free to count towards an award" in html
    assert "Not Mine" not in html


def test_my_credit_takes_the_same_queries_for_one_credit_or_many(
    learner: User,
    client_for: Callable[[User | None], Client],
    django_assert_num_queries: Callable[..., object],
) -> None:
    client = client_for(learner)
    credit_for(learner)
    client.get("/my/credit/")
    # session, user, credit with provider, course, badge and use
    with django_assert_num_queries(3):  # type: ignore[attr-defined]
        client.get("/my/credit/")
    credits_for(learner, {"Law": 6})
    with django_assert_num_queries(3):  # type: ignore[attr-defined]
        response = client.get("/my/credit/")
    assert response.content.decode().count("Free to count towards an award") == 7


def test_my_credit_asks_an_anonymous_visitor_to_sign_in(client_for: Callable[[User | None], Client]) -> None:
    response = client_for(None).get("/my/credit/")

    assert (response.status_code, response.headers["Location"]) == (302, "/accounts/login/?next=/my/credit/")
