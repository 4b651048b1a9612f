"""R-EN2/3: track prices, the IBERS top-up, and who may sit the final assessment."""

from datetime import date

import pytest
from policy_builders import shipped_policy

from microcred.rules.decisions import Decision
from microcred.rules.errors import RuleInputError
from microcred.rules.fees import TopUpDecision, assessment_access, cart_total, top_up_decision, track_price
from microcred.rules.money import Money

IBERS = shipped_policy("ibers")
EXPIRES = date(2027, 3, 15)


def test_r_en2_uol_credit_bearing_track_costs_495_pounds() -> None:
    assert track_price(shipped_policy("uol"), "credit_bearing") == Money(49500, "GBP")


def test_r_en2_a_cart_is_charged_once_for_its_total() -> None:
    assert cart_total([Money(49500, "GBP"), Money(49500, "GBP")], "GBP") == Money(99000, "GBP")
    with pytest.raises(RuleInputError, match="cart: at least one microcredential is required"):
        cart_total([], "GBP")


def test_r_en3_ibers_tracks_cost_100_and_250_pounds() -> None:
    assert (track_price(IBERS, "learning_only"), track_price(IBERS, "credit_bearing")) == (
        Money(10000, "GBP"),
        Money(25000, "GBP"),
    )


def test_r_en3_an_unknown_track_is_invalid_input() -> None:
    with pytest.raises(
        RuleInputError, match=r'track: ibers has no track "audit" \(known: learning_only, credit_bearing\)'
    ):
        track_price(IBERS, "audit")


def test_r_en3_learning_only_tops_up_for_150_pounds_until_the_day_before_expiry() -> None:
    assert top_up_decision(IBERS, "learning_only", EXPIRES, date(2027, 3, 14)) == TopUpDecision(
        True, Money(15000, "GBP"), "credit_bearing", "Top up to Credit-bearing for £150.00."
    )
    assert top_up_decision(IBERS, "learning_only", EXPIRES, date(2027, 3, 15)) == TopUpDecision(
        False, None, None, "The registration expired on 15 March 2027."
    )


def test_r_en3_a_credit_bearing_learner_has_nothing_to_top_up() -> None:
    assert top_up_decision(IBERS, "credit_bearing", EXPIRES, date(2026, 4, 1)) == TopUpDecision(
        False, None, None, "Already on the Credit-bearing track."
    )


def test_r_en3_a_provider_without_top_up_offers_none() -> None:
    uol = shipped_policy("uol")

    assert top_up_decision(uol, "credit_bearing", None, date(2026, 4, 1)) == TopUpDecision(
        False, None, None, "University of London offers no top-up."
    )


def test_r_en3_only_credit_bearing_learners_may_sit_the_final_assessment() -> None:
    assert assessment_access(IBERS, "credit_bearing") == Decision(
        True, "The Credit-bearing track includes the final assessment."
    )
    assert assessment_access(IBERS, "learning_only") == Decision(
        False, "The Learning only track does not include the final assessment; top up to sit it."
    )
