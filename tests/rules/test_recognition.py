"""R-AW5 set exemptions (IBERS) and R-AW6 qualification linking (OU), as decisions with their reasons."""

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from microcred.rules.errors import RuleInputError
from microcred.rules.policy import load_policy
from microcred.rules.recognition import (
    Exclusion,
    ExemptionDecision,
    LinkingCheck,
    LinkingDecision,
    LinkingOutcome,
    LinkingRequest,
    MappingPeriod,
    linking_decision,
    set_exemption_decision,
)

POLICIES = Path(__file__).parents[2] / "policies"
IBERS = load_policy(POLICIES / "ibers.toml")
OU = load_policy(POLICIES / "ou.toml")
UOL = load_policy(POLICIES / "uol.toml")

PLANT_BREEDING = {
    "Plant Breeding": ["Plant Breeding 1", "Plant Breeding 2", "Plant Breeding 3", "Plant Breeding 4"]
}
BIOINNOVATION = "BioInnovation MSc"


def test_r_aw5_four_passes_of_one_set_admitted_and_approved_exempt_twenty_credits() -> None:
    assert set_exemption_decision(IBERS, PLANT_BREEDING, True, True, BIOINNOVATION) == ExemptionDecision(
        granted=True,
        credits=20,
        sets=("Plant Breeding",),
        programme=BIOINNOVATION,
        reasons=(),
        policy_version="2026.1",
    )


def test_r_aw5_three_passes_of_a_set_are_not_enough() -> None:
    passes = {"Plant Breeding": ["Plant Breeding 1", "Plant Breeding 2", "Plant Breeding 3"]}
    decision = set_exemption_decision(IBERS, passes, True, True, BIOINNOVATION)
    assert (decision.granted, decision.credits, decision.sets) == (False, 0, ())
    assert decision.reasons == ("no set is complete: Plant Breeding has 3 of 4 passed",)


def test_r_aw5_passes_spread_over_two_sets_do_not_make_one() -> None:
    passes = {
        "Plant Breeding": ["Plant Breeding 1", "Plant Breeding 2"],
        "Soil Science": ["Soil Science 1", "Soil Science 2"],
    }
    decision = set_exemption_decision(IBERS, passes, True, True, BIOINNOVATION)
    assert decision.reasons == ("no set is complete: Plant Breeding has 2 of 4 passed",)


def test_r_aw5_the_same_course_passed_twice_counts_once() -> None:
    passes = {
        "Plant Breeding": ["Plant Breeding 1", "Plant Breeding 1", "Plant Breeding 2", "Plant Breeding 3"]
    }
    assert not set_exemption_decision(IBERS, passes, True, True, BIOINNOVATION).granted


def test_r_aw5_two_complete_sets_still_exempt_twenty_credits_from_one_set() -> None:
    passes = {
        **PLANT_BREEDING,
        "Animal Health": ["Animal Health 1", "Animal Health 2", "Animal Health 3", "x"],
    }
    decision = set_exemption_decision(IBERS, passes, True, True, BIOINNOVATION)
    assert (decision.granted, decision.credits, decision.sets) == (True, 20, ("Animal Health",))


def test_r_aw5_the_learner_may_choose_which_complete_set() -> None:
    passes = {
        **PLANT_BREEDING,
        "Animal Health": ["Animal Health 1", "Animal Health 2", "Animal Health 3", "x"],
    }
    decision = set_exemption_decision(IBERS, passes, True, True, BIOINNOVATION, chosen_set="Plant Breeding")
    assert (decision.credits, decision.sets) == (20, ("Plant Breeding",))


def test_r_aw5_an_incomplete_chosen_set_is_refused() -> None:
    passes = {**PLANT_BREEDING, "Animal Health": ["Animal Health 1"]}
    decision = set_exemption_decision(IBERS, passes, True, True, BIOINNOVATION, chosen_set="Animal Health")
    assert decision.reasons == ("the chosen set Animal Health is not complete",)


def test_r_aw5_not_before_admission_nor_without_department_approval() -> None:
    decision = set_exemption_decision(IBERS, PLANT_BREEDING, False, False, BIOINNOVATION)
    assert (decision.granted, decision.credits) == (False, 0)
    assert decision.reasons == (
        "the learner has not been admitted as a postgraduate student",
        "the academic department has not approved the exemption",
    )


def test_r_aw5_only_the_programmes_the_policy_names() -> None:
    decision = set_exemption_decision(IBERS, PLANT_BREEDING, True, True, "MBA")
    assert decision.reasons == (
        "MBA does not recognise sets; these do: BioInnovation MSc, Agrifood Innovation MSc",
    )


def test_r_aw5_no_passes_at_all() -> None:
    decision = set_exemption_decision(IBERS, {}, True, True, "Agrifood Innovation MSc")
    assert decision.reasons == ("no microcredential of a set has been passed; a set needs 4",)


def test_r_aw5_admission_and_approval_are_policy_data() -> None:
    assert IBERS.set_exemption is not None
    relaxed = dataclasses.replace(
        IBERS,
        set_exemption=dataclasses.replace(
            IBERS.set_exemption, requires_admission=False, requires_department_approval=False
        ),
    )
    assert set_exemption_decision(relaxed, PLANT_BREEDING, False, False, BIOINNOVATION).granted


def test_r_aw5_a_provider_without_set_exemptions_is_refused() -> None:
    with pytest.raises(
        RuleInputError, match=r"^policy.set_exemption: the uol policy grants no set exemptions$"
    ):
        set_exemption_decision(UOL, PLANT_BREEDING, True, True, BIOINNOVATION)


def test_r_aw5_bad_passes_are_refused_naming_the_field() -> None:
    with pytest.raises(
        RuleInputError, match=r"^passes_by_set\['Plant Breeding'\]: must be a non-empty string"
    ):
        set_exemption_decision(IBERS, {"Plant Breeding": ["", "x"]}, True, True, BIOINNOVATION)
    with pytest.raises(RuleInputError, match=r"^passes_by_set\['Plant Breeding'\]: must be a collection"):
        set_exemption_decision(IBERS, {"Plant Breeding": "Plant Breeding 1"}, True, True, BIOINNOVATION)


def linking_request(**changes: object) -> LinkingRequest:
    """Data Science Fundamentals studied in autumn 2025, asked to count towards the MSc in March 2026."""
    values: dict[str, object] = {
        "microcredential": "Data Science Fundamentals",
        "qualification": "MSc in Data Science",
        "studied_on": dt.date(2025, 10, 6),
        "credit_awarded_on": dt.date(2026, 1, 15),
        "requested_on": dt.date(2026, 3, 1),
        "mappings": (MappingPeriod(dt.date(2025, 9, 1), dt.date(2026, 8, 31)),),
        "study_duration_years": 7,
        "entry_requirements_met": True,
    }
    values.update(changes)
    return LinkingRequest(**values)  # type: ignore[arg-type]


def test_r_aw6_a_listed_microcredential_with_every_check_met_is_eligible_for_staff_approval() -> None:
    assert linking_decision(OU, linking_request()) == LinkingDecision(
        checks=(
            LinkingCheck(
                "listed",
                True,
                "Data Science Fundamentals for MSc in Data Science is listed from 1 September 2025 to "
                "31 August 2026, which covers 6 October 2025",
            ),
            LinkingCheck("restrictions", True, "nothing already counted excludes Data Science Fundamentals"),
            LinkingCheck(
                "study_duration", True, "credit awarded 15 January 2026 is within 7 years of 1 March 2026"
            ),
            LinkingCheck("entry_requirements", True, "the entry requirements of MSc in Data Science are met"),
        ),
        outcome=LinkingOutcome.ELIGIBLE,
        needs_staff_approval=True,
        policy_version="2026.1",
    )


def test_r_aw6_the_mapping_in_force_on_the_date_of_study_decides() -> None:
    request = linking_request(studied_on=dt.date(2025, 6, 1))
    decision = linking_decision(OU, request)
    assert decision.outcome is LinkingOutcome.NOT_ELIGIBLE
    assert decision.checks[0] == LinkingCheck(
        "listed",
        False,
        "Data Science Fundamentals for MSc in Data Science was not listed on 1 June 2025 "
        "(listed from 1 September 2025 to 31 August 2026)",
    )


def test_r_aw6_an_open_ended_mapping_covers_every_later_day() -> None:
    request = linking_request(mappings=(MappingPeriod(dt.date(2024, 1, 1)),), studied_on=dt.date(2030, 1, 1))
    assert linking_decision(OU, request).checks[0].met


def test_r_aw6_a_microcredential_not_listed_at_all() -> None:
    decision = linking_decision(OU, linking_request(mappings=()))
    assert decision.checks[0] == LinkingCheck(
        "listed", False, "Data Science Fundamentals for MSc in Data Science is not listed"
    )


def test_r_aw6_a_microcredential_excluded_by_one_already_counted() -> None:
    request = linking_request(
        exclusions=(Exclusion("Machine Learning Basics", "Data Science Fundamentals"),),
        already_counted=("Machine Learning Basics",),
    )
    decision = linking_decision(OU, request)
    assert decision.outcome is LinkingOutcome.NOT_ELIGIBLE
    assert decision.checks[1] == LinkingCheck(
        "restrictions", False, "Data Science Fundamentals cannot count together with Machine Learning Basics"
    )


def test_r_aw6_a_microcredential_that_excludes_a_module_already_held() -> None:
    request = linking_request(
        exclusions=(Exclusion("Data Science Fundamentals", "M269 Algorithms"),),
        already_counted=("M269 Algorithms", "Other"),
    )
    assert not linking_decision(OU, request).checks[1].met


def test_r_aw6_an_exclusion_of_something_not_held_does_not_restrict() -> None:
    request = linking_request(exclusions=(Exclusion("Data Science Fundamentals", "M269 Algorithms"),))
    assert linking_decision(OU, request).outcome is LinkingOutcome.ELIGIBLE


def test_r_aw6_credit_older_than_the_study_duration_is_refused() -> None:
    request = linking_request(
        studied_on=dt.date(2018, 10, 1),
        credit_awarded_on=dt.date(2019, 2, 28),
        mappings=(MappingPeriod(dt.date(2018, 1, 1)),),
    )
    assert linking_decision(OU, request).checks[2] == LinkingCheck(
        "study_duration",
        False,
        "credit awarded 28 February 2019 is older than 7 years: it must be from 1 March 2019 on",
    )


def test_r_aw6_credit_exactly_at_the_study_duration_still_counts() -> None:
    request = linking_request(
        credit_awarded_on=dt.date(2019, 3, 1), mappings=(MappingPeriod(dt.date(2018, 1, 1)),)
    )
    assert linking_decision(OU, request).checks[2].met


def test_r_aw6_a_request_on_29_february_counts_back_to_28_february() -> None:
    request = linking_request(
        requested_on=dt.date(2028, 2, 29), credit_awarded_on=dt.date(2027, 2, 28), study_duration_years=1
    )
    assert linking_decision(OU, request).checks[2].met
    earlier = dataclasses.replace(request, credit_awarded_on=dt.date(2027, 2, 27))
    assert not linking_decision(OU, earlier).checks[2].met


def test_r_aw6_no_study_duration_means_no_limit() -> None:
    decision = linking_decision(OU, linking_request(study_duration_years=None))
    assert decision.checks[2] == LinkingCheck(
        "study_duration", True, "MSc in Data Science sets no limit on the age of credit"
    )


def test_r_aw6_entry_requirements_not_met() -> None:
    decision = linking_decision(OU, linking_request(entry_requirements_met=False))
    assert decision.outcome is LinkingOutcome.NOT_ELIGIBLE
    assert decision.checks[3] == LinkingCheck(
        "entry_requirements", False, "the entry requirements of MSc in Data Science are not met"
    )


def test_r_aw6_checks_the_policy_switches_off_are_not_made() -> None:
    assert OU.qualification_linking is not None
    policy = dataclasses.replace(
        OU,
        qualification_linking=dataclasses.replace(
            OU.qualification_linking,
            checks_entry_requirements=False,
            checks_study_duration=False,
            requires_staff_approval=False,
        ),
    )
    decision = linking_decision(policy, linking_request(entry_requirements_met=False, study_duration_years=1))
    assert [check.name for check in decision.checks] == ["listed", "restrictions"]
    assert (decision.outcome, decision.needs_staff_approval) == (LinkingOutcome.ELIGIBLE, False)


def test_r_aw6_a_provider_without_linking_is_refused() -> None:
    with pytest.raises(
        RuleInputError, match=r"^policy.qualification_linking: the uol policy links no qualifications$"
    ):
        linking_decision(UOL, linking_request())


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"microcredential": ""}, "microcredential: must be a non-empty string, got ''"),
        (
            {"credit_awarded_on": dt.date(2026, 3, 2)},
            "credit_awarded_on: must not be after requested_on 2026-03-01, got 2026-03-02",
        ),
        ({"study_duration_years": 0}, "study_duration_years: must be more than 0, got 0"),
    ],
)
def test_r_aw6_a_bad_request_is_refused_naming_the_field(changes: dict[str, object], message: str) -> None:
    with pytest.raises(RuleInputError) as refused:
        linking_request(**changes)
    assert str(refused.value) == message


def test_r_aw6_a_mapping_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(
        RuleInputError, match=r"^effective_to: must not be before effective_from 2026-01-01, got 2025-12-31$"
    ):
        MappingPeriod(dt.date(2026, 1, 1), dt.date(2025, 12, 31))
