"""R-AW1 … R-AW4: the awards a learner's credit reaches, their titles, the credit to choose, what is short."""

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from microcred.rules.awards import (
    AwardOption,
    AwardOptions,
    ClaimDecision,
    ConferredAward,
    HeldCredit,
    Shortfall,
    award_options,
    claim_decision,
    superseded_awards,
)
from microcred.rules.errors import RuleInputError
from microcred.rules.policy import AwardStep, Policy, load_policy

POLICIES = Path(__file__).parents[2] / "policies"
UOL = load_policy(POLICIES / "uol.toml")
IBERS = load_policy(POLICIES / "ibers.toml")


def credit(number: int, subject: str, credits: int = 15, **overrides: object) -> HeldCredit:
    """UoL credit ``c<number>`` at level 7, awarded on day ``number`` of March 2026 unless told otherwise."""
    values: dict[str, object] = {
        "id": f"c{number}",
        "provider": "uol",
        "subject": subject,
        "credits": credits,
        "level": 7,
        "awarded_on": dt.date(2026, 3, number),
    }
    values.update(overrides)
    return HeldCredit(**values)  # type: ignore[arg-type]


def credits_in(subjects: str, start: int = 1) -> list[HeldCredit]:
    """One 15-credit credit per letter: ``"aaab"`` is three in subject a, then one in b."""
    return [credit(start + index, subject) for index, subject in enumerate(subjects)]


def with_ladder(policy: Policy, *steps: tuple[str, int], **awards_changes: object) -> Policy:
    assert policy.awards is not None
    ladder = tuple(AwardStep(name, credits, "Certificate") for name, credits in steps) or policy.awards.ladder
    awards = dataclasses.replace(policy.awards, ladder=ladder, **awards_changes)  # type: ignore[arg-type]
    return dataclasses.replace(policy, awards=awards)


def titles(options: AwardOptions) -> list[str]:
    return [option.title for option in options.options]


def test_r_aw1_sixty_credits_in_one_subject_reach_a_pgcert() -> None:
    assert award_options(UOL, credits_in("aaaa")) == AwardOptions(
        options=(AwardOption("PGCert", "PGCert in a", 60, ("c1", "c2", "c3", "c4")),),
        shortfall=(Shortfall("PGDip", 60), Shortfall("Master's", 120)),
    )


def test_r_aw1_the_ladder_pgcert_pgdip_masters() -> None:
    found = award_options(UOL, credits_in("a" * 12))
    assert [(option.award, option.credits) for option in found.options] == [
        ("PGCert", 60),
        ("PGDip", 120),
        ("Master's", 180),
    ]
    assert found.shortfall == ()


def test_r_aw1_no_credit_reaches_nothing() -> None:
    assert award_options(UOL, []) == AwardOptions(
        (), (Shortfall("PGCert", 60), Shortfall("PGDip", 120), Shortfall("Master's", 180))
    )


def test_r_aw2_the_seed_examples_as_options() -> None:
    assert titles(award_options(UOL, credits_in("aaaa"))) == ["PGCert in a"]
    assert titles(award_options(UOL, credits_in("aabb"))) == ["PGCert in a and b"]
    assert titles(award_options(UOL, credits_in("aaab"))) == ["PGCert in a with b"]
    assert titles(award_options(UOL, credits_in("aabc"))) == ["PGCert in Interdisciplinary Studies"]


def test_r_aw3_every_title_some_choice_reaches_is_listed_with_its_credit() -> None:
    # given three in Data Science, two in Cyber Security, one in Law
    held = [
        credit(1, "Data Science"),
        credit(2, "Data Science"),
        credit(3, "Data Science"),
        credit(4, "Cyber Security"),
        credit(5, "Law"),
        credit(6, "Cyber Security"),
    ]
    # when
    found = award_options(UOL, held)
    # then
    assert found.options == (
        AwardOption("PGCert", "PGCert in Data Science with Cyber Security", 60, ("c1", "c2", "c3", "c4")),
        AwardOption("PGCert", "PGCert in Data Science with Law", 60, ("c1", "c2", "c3", "c5")),
        AwardOption("PGCert", "PGCert in Cyber Security and Data Science", 60, ("c4", "c6", "c1", "c2")),
        AwardOption("PGCert", "PGCert in Interdisciplinary Studies", 60, ("c1", "c2", "c4", "c5")),
    )
    assert found.shortfall == (Shortfall("PGDip", 30), Shortfall("Master's", 90))


def test_r_aw3_within_a_subject_the_oldest_credit_is_chosen_first_then_by_id() -> None:
    held = [
        credit(1, "a", awarded_on=dt.date(2026, 5, 1)),
        credit(2, "a", awarded_on=dt.date(2025, 1, 1)),
        credit(3, "a", awarded_on=dt.date(2026, 1, 1)),
        credit(4, "a", awarded_on=dt.date(2026, 1, 1)),
        credit(5, "a", awarded_on=dt.date(2024, 6, 1)),
    ]
    assert award_options(UOL, held).options == (
        AwardOption("PGCert", "PGCert in a", 60, ("c5", "c2", "c3", "c4")),
    )


def test_r_aw3_the_choice_takes_as_much_of_the_first_named_subject_as_it_can() -> None:
    # Master's in a with b could be 165 + 15 or 150 + 30 or 135 + 45: the offer is the first.
    found = award_options(UOL, credits_in("a" * 11 + "bbb"))
    with_b = [option for option in found.options if option.title == "Master's in a with b"]
    assert with_b == [
        AwardOption("Master's", "Master's in a with b", 180, (*(f"c{n}" for n in range(1, 12)), "c12"))
    ]


def test_r_aw3_equal_shares_with_unequal_holdings_name_the_subjects_alphabetically() -> None:
    # given five in z and two in b: PGCert as z 45 + b 15, or b 30 + z 30
    found = award_options(UOL, credits_in("zzzzzbb"))
    # then the equal split is named b first; z first with 45 is "with"
    assert titles(found) == ["PGCert in z", "PGCert in z with b", "PGCert in b and z"]
    assert found.options[2].uses == ("c6", "c7", "c1", "c2")


def test_r_aw3_a_title_reached_both_by_equal_and_unequal_shares_is_listed_once() -> None:
    # a 75 + b 45 and a 60 + b 60 both give "PGDip in a and b": the choice with more of a is offered
    found = award_options(UOL, credits_in("aaaaabbbb"))
    pgdip = [option for option in found.options if option.award == "PGDip"]
    assert pgdip == [AwardOption("PGDip", "PGDip in a and b", 120, tuple(f"c{n}" for n in range(1, 9)))]


def test_r_aw3_credits_of_mixed_sizes_reach_awards_exactly() -> None:
    policy = with_ladder(UOL, ("Cert", 30))
    held = [credit(1, "a", 5), credit(2, "a", 15), credit(3, "b", 10), credit(4, "a", 20), credit(5, "b", 5)]
    found = award_options(policy, held)
    # a 25 + b 5 is "with"; a 20 + b 10 and a 15 + b 15 are "and", offered with the most of a (5 + 15
    # being older than 20)
    assert found.options == (
        AwardOption("Cert", "Cert in a with b", 30, ("c1", "c4", "c5")),
        AwardOption("Cert", "Cert in a and b", 30, ("c1", "c2", "c3")),
    )


def test_r_aw3_mixed_sizes_that_cannot_add_up_exactly_fall_short() -> None:
    policy = with_ladder(UOL, ("Cert", 30))
    found = award_options(policy, [credit(1, "a", 20), credit(2, "a", 20)])
    assert found == AwardOptions((), (Shortfall("Cert", 10),))


def test_r_aw3_one_size_that_does_not_divide_the_award_falls_short() -> None:
    policy = with_ladder(UOL, ("Cert", 50))
    found = award_options(policy, credits_in("aaaa"))
    assert found == AwardOptions((), (Shortfall("Cert", 5),))


def test_r_aw1_only_the_providers_own_credit_counts_when_the_policy_says_so() -> None:
    held = [*credits_in("aaa"), credit(4, "a", provider="ou")]
    assert award_options(UOL, held).shortfall[0] == Shortfall("PGCert", 15)
    other_providers_count = with_ladder(UOL, own_provider_only=False)
    assert titles(award_options(other_providers_count, held)) == ["PGCert in a"]


def test_r_aw1_only_credit_at_the_awards_level_counts() -> None:
    held = [*credits_in("aaa"), credit(4, "a", level=6)]
    assert award_options(UOL, held) == AwardOptions(
        (), (Shortfall("PGCert", 15), Shortfall("PGDip", 75), Shortfall("Master's", 135))
    )


def test_r_aw4_a_higher_award_supersedes_the_lower_ones() -> None:
    assert superseded_awards(UOL, "PGCert") == ()
    assert superseded_awards(UOL, "PGDip") == ("PGCert",)
    assert superseded_awards(UOL, "Master's") == ("PGCert", "PGDip")


def test_r_aw4_no_supersession_when_the_policy_says_none() -> None:
    assert superseded_awards(with_ladder(UOL, higher_supersedes_lower=False), "Master's") == ()


def test_r_aw4_supersession_of_an_unknown_award_is_refused() -> None:
    with pytest.raises(RuleInputError, match=r"^award: 'PhD' is not an award of the uol policy$"):
        superseded_awards(UOL, "PhD")


def test_r_aw4_credit_of_a_conferred_award_is_not_offered_for_another_of_the_same_size() -> None:
    policy = with_ladder(UOL, ("Cert", 30), ("Dip", 60), higher_supersedes_lower=False)
    held = credits_in("aaaaa")
    found = award_options(policy, held, conferred=[ConferredAward("Cert", ("c1", "c2"))])
    assert found == AwardOptions((), (Shortfall("Dip", 15),))


def test_r_aw4_a_conferred_award_and_those_it_supersedes_are_not_offered_again() -> None:
    held = credits_in("a" * 8)
    found = award_options(UOL, held, conferred=[ConferredAward("PGDip", tuple(f"c{n}" for n in range(1, 9)))])
    assert found == AwardOptions((), (Shortfall("Master's", 60),))


def test_r_aw4_a_higher_award_may_use_the_credit_of_the_lower_one_it_supersedes() -> None:
    held = credits_in("aaaabbbb")
    found = award_options(UOL, held, conferred=[ConferredAward("PGCert", ("c1", "c2", "c3", "c4"))])
    assert found.options == (
        AwardOption("PGDip", "PGDip in a and b", 120, ("c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8")),
    )
    assert found.shortfall == (Shortfall("Master's", 60),)


def test_r_aw4_credit_used_by_a_lower_award_stays_locked_when_supersession_is_off() -> None:
    policy = with_ladder(UOL, higher_supersedes_lower=False)
    held = credits_in("aaaabbbbbbbb")
    found = award_options(policy, held, conferred=[ConferredAward("PGCert", ("c1", "c2", "c3", "c4"))])
    assert titles(found) == ["PGDip in b"]


def test_r_aw4_conferred_award_names_and_ids_are_checked() -> None:
    held = credits_in("aaaa")
    with pytest.raises(
        RuleInputError, match=r"^conferred\[0\].award: 'PhD' is not an award of the uol policy$"
    ):
        award_options(UOL, held, conferred=[ConferredAward("PhD", ("c1",))])
    with pytest.raises(RuleInputError, match=r"^conferred\[0\].uses: 'c9' is not the id of a held credit$"):
        award_options(UOL, held, conferred=[ConferredAward("PGCert", ("c9",))])


def test_r_aw1_a_policy_without_awards_is_refused() -> None:
    with pytest.raises(RuleInputError, match=r"^policy.awards: the ibers policy has no awards$"):
        award_options(IBERS, credits_in("aaaa"))


def test_r_aw3_the_same_credit_id_twice_is_refused_naming_the_second() -> None:
    held = [credit(1, "a"), credit(2, "a"), credit(1, "b")]
    with pytest.raises(RuleInputError, match=r"^held\[2\].id: 'c1' appears more than once$"):
        award_options(UOL, held)


def test_r_aw3_duplicate_ids_are_refused_on_the_general_path_too() -> None:
    held = [credit(1, "a", 5), credit(1, "a", 10)]
    with pytest.raises(RuleInputError, match=r"^held\[1\].id: 'c1' appears more than once$"):
        award_options(UOL, held)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("credits", -15, "credits: must not be negative, got -15"),
        ("credits", 0, "credits: must be more than 0, got 0"),
        ("credits", True, "credits: must be a whole number, got bool"),
        ("id", "", "id: must not be empty"),
        ("id", 7, "id: must be a string, got int"),
        ("provider", " ", "provider: must not be empty"),
        ("subject", "Data\nScience", "subject: must not contain control characters, got 'Data\\nScience'"),
        ("level", 3, "level: must be an FHEQ level from 4 to 8, got 3"),
        ("level", 9, "level: must be an FHEQ level from 4 to 8, got 9"),
        ("awarded_on", "2026-03-01", "awarded_on: must be a date, got str"),
        ("awarded_on", dt.datetime(2026, 3, 1, tzinfo=dt.UTC), "awarded_on: must be a date, got datetime"),
    ],
)
def test_r_aw1_bad_held_credit_is_refused_naming_the_field(field: str, value: object, message: str) -> None:
    values: dict[str, object] = {
        "id": "c1",
        "provider": "uol",
        "subject": "a",
        "credits": 15,
        "level": 7,
        "awarded_on": dt.date(2026, 3, 1),
    }
    with pytest.raises(RuleInputError) as refused:
        HeldCredit(**{**values, field: value})  # type: ignore[arg-type]
    assert str(refused.value) == message


def test_r_aw2_titles_with_braces_in_names_come_out_verbatim() -> None:
    policy = with_ladder(UOL, ("Cert {1}", 30))
    assert titles(award_options(policy, [credit(1, "{0} x"), credit(2, "{0} x")])) == ["Cert {1} in {0} x"]


def test_r_aw3_a_learner_may_claim_credit_other_than_the_offered_choice() -> None:
    held = credits_in("aaaaab")
    decision = claim_decision(UOL, held, "PGCert", ["c5", "c4", "c3", "c6"])
    assert decision == ClaimDecision(
        award="PGCert",
        uses=("c5", "c4", "c3", "c6"),
        title="PGCert in a with b",
        reasons=(),
        supersedes=(),
        policy_version="2026.1",
    )
    assert decision.is_accepted


def test_r_aw3_a_claim_that_does_not_add_up_or_uses_credit_that_does_not_count_is_refused() -> None:
    held = [*credits_in("aa"), credit(3, "a", level=6), credit(4, "a", provider="ou")]
    decision = claim_decision(UOL, held, "PGCert", ["c1", "c2", "c3", "c4"])
    assert (decision.is_accepted, decision.title) == (False, None)
    assert decision.reasons == (
        "c3 is at level 6; awards count level 7",
        "c4 is from ou; only uol credit counts",
    )
    assert claim_decision(UOL, held, "PGCert", ["c1", "c2"]).reasons == ("the credits add up to 30, not 60",)


def test_r_aw4_a_claim_may_not_reuse_credit_of_an_award_it_does_not_supersede() -> None:
    policy = with_ladder(UOL, ("Cert", 30), ("Dip", 60), higher_supersedes_lower=False)
    held = credits_in("aaaaaa")
    conferred = [ConferredAward("Cert", ("c1", "c2"))]
    decision = claim_decision(policy, held, "Dip", ["c1", "c2", "c3", "c4"], conferred=conferred)
    assert decision.reasons == ("c1 already counts towards Cert", "c2 already counts towards Cert")


def test_r_aw4_a_claim_of_a_higher_award_reuses_and_supersedes_the_lower_one() -> None:
    held = credits_in("a" * 8)
    conferred = [ConferredAward("PGCert", ("c1", "c2", "c3", "c4"))]
    decision = claim_decision(UOL, held, "PGDip", [f"c{n}" for n in range(1, 9)], conferred=conferred)
    assert (decision.title, decision.reasons, decision.supersedes) == ("PGDip in a", (), ("PGCert",))


def test_r_aw4_an_award_already_held_or_superseded_cannot_be_claimed_again() -> None:
    held = credits_in("a" * 12)
    conferred = [ConferredAward("PGDip", tuple(f"c{n}" for n in range(1, 9)))]
    again = claim_decision(UOL, held, "PGDip", [f"c{n}" for n in range(5, 13)], conferred=conferred)
    assert again.reasons == (
        "PGDip is already held",
        "c5 already counts towards PGDip",
        "c6 already counts towards PGDip",
        "c7 already counts towards PGDip",
        "c8 already counts towards PGDip",
    )
    lower = claim_decision(UOL, held, "PGCert", ["c9", "c10", "c11", "c12"], conferred=conferred)
    assert lower.reasons == ("PGCert is superseded by the PGDip already held",)


def test_r_aw3_a_claim_naming_unknown_or_repeated_credit_is_refused() -> None:
    held = credits_in("aaaa")
    with pytest.raises(RuleInputError, match=r"^uses: 'c9' is not the id of a held credit$"):
        claim_decision(UOL, held, "PGCert", ["c1", "c2", "c3", "c9"])
    with pytest.raises(RuleInputError, match=r"^uses: names a credit more than once$"):
        claim_decision(UOL, held, "PGCert", ["c1", "c1", "c2", "c3"])
    with pytest.raises(RuleInputError, match=r"^award: 'PhD' is not an award of the uol policy$"):
        claim_decision(UOL, held, "PhD", ["c1"])
