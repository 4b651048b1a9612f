"""R-AW2: award titles follow the balance of subjects, with the thresholds of the provider's policy."""

import dataclasses
from pathlib import Path

import pytest

from microcred.rules.errors import RuleInputError
from microcred.rules.policy import TitleRules, load_policy
from microcred.rules.titles import TitleKind, award_title, check_title_rules, title_shape

UOL_AWARDS = load_policy(Path(__file__).parents[2] / "policies" / "uol.toml").awards
assert UOL_AWARDS is not None
UOL_RULES = UOL_AWARDS.titles


def test_r_aw2_seed_sixty_in_one_subject_titles_in_a() -> None:
    assert award_title("PGCert", {"a": 60}, UOL_RULES) == "PGCert in a"


def test_r_aw2_seed_thirty_and_thirty_titles_a_and_b() -> None:
    assert award_title("PGCert", {"a": 30, "b": 30}, UOL_RULES) == "PGCert in a and b"


def test_r_aw2_seed_forty_five_and_fifteen_titles_a_with_b() -> None:
    assert award_title("PGCert", {"a": 45, "b": 15}, UOL_RULES) == "PGCert in a with b"


def test_r_aw2_seed_sixty_over_three_subjects_titles_interdisciplinary() -> None:
    assert (
        award_title("PGCert", {"a": 20, "b": 20, "c": 20}, UOL_RULES) == "PGCert in Interdisciplinary Studies"
    )


def test_r_aw2_the_larger_subject_is_named_first_whatever_the_order_given() -> None:
    assert award_title("PGCert", {"b": 15, "a": 45}, UOL_RULES) == "PGCert in a with b"
    assert award_title("PGDip", {"Law": 45, "Data Science": 75}, UOL_RULES) == "PGDip in Data Science and Law"


def test_r_aw2_equal_shares_are_named_in_alphabetical_order() -> None:
    assert award_title("PGCert", {"b": 30, "a": 30}, UOL_RULES) == "PGCert in a and b"


def test_r_aw2_a_minor_share_of_exactly_a_quarter_is_with() -> None:
    assert award_title("Master's", {"a": 135, "b": 45}, UOL_RULES) == "Master's in a with b"


def test_r_aw2_a_minor_share_just_over_a_quarter_is_and() -> None:
    # 50 of 180 is 27.8%: over the 25% of the UoL policy.
    assert award_title("Master's", {"a": 130, "b": 50}, UOL_RULES) == "Master's in a and b"


def test_r_aw2_the_award_name_heads_every_title() -> None:
    assert award_title("Master's", {"a": 180}, UOL_RULES) == "Master's in a"
    assert award_title("PGDip", {"a": 90, "b": 30}, UOL_RULES) == "PGDip in a with b"


def test_r_aw2_subjects_giving_no_credit_do_not_count() -> None:
    assert award_title("PGCert", {"a": 60, "b": 0}, UOL_RULES) == "PGCert in a"


def test_r_aw2_the_threshold_is_policy_data() -> None:
    rules = dataclasses.replace(UOL_RULES, minor_share_max_percent=50)
    assert award_title("PGCert", {"a": 30, "b": 30}, rules) == "PGCert in a with b"


def test_r_aw2_the_interdisciplinary_title_and_minimum_are_policy_data() -> None:
    rules = dataclasses.replace(
        UOL_RULES, interdisciplinary_title="Combined Studies", interdisciplinary_min_subjects=2
    )
    assert award_title("PGCert", {"a": 45, "b": 15}, rules) == "PGCert in Combined Studies"
    assert award_title("PGCert", {"a": 60}, rules) == "PGCert in a"


def test_r_aw2_title_shape_names_the_subjects_in_title_order() -> None:
    assert title_shape({"b": 45, "a": 15}, UOL_RULES) == (TitleKind.WITH, ("b", "a"))
    assert title_shape({"x": 10, "y": 10, "z": 40}, UOL_RULES) == (TitleKind.INTERDISCIPLINARY, ())


def test_r_aw2_no_credit_at_all_is_refused() -> None:
    with pytest.raises(
        RuleInputError, match=r"^credits_by_subject: must give credit in at least one subject$"
    ):
        award_title("PGCert", {"a": 0}, UOL_RULES)


def test_r_aw2_negative_credit_is_refused_naming_the_subject() -> None:
    with pytest.raises(RuleInputError, match=r"^credits_by_subject\['a'\]: must not be negative, got -15$"):
        award_title("PGCert", {"a": -15, "b": 75}, UOL_RULES)


@pytest.mark.parametrize("minimum", [4, 5])
def test_r_aw2_an_interdisciplinary_minimum_leaving_three_subjects_untitled_is_refused(minimum: int) -> None:
    rules = TitleRules(
        minor_share_max_percent=25,
        interdisciplinary_title="Interdisciplinary Studies",
        interdisciplinary_min_subjects=minimum,
    )
    with pytest.raises(
        RuleInputError, match=rf"interdisciplinary_min_subjects: must be 2 or 3, got {minimum}$"
    ):
        check_title_rules(rules)
