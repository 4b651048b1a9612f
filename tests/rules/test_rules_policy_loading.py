"""R-PO1/R-PO2: policy files load into frozen values; a wrong one is refused naming file, key and reason."""

import dataclasses
from datetime import time
from pathlib import Path

import pytest
from policy_builders import DELETE, POLICY_DIR, SHIPPED, policy_data, set_key, shipped_policy

from microcred.rules.errors import PolicyError
from microcred.rules.policy import (
    AwardStep,
    Declaration,
    GradingScheme,
    Policy,
    TitleRules,
    WindowMode,
    load_policy,
    parse_policy,
)


def refusal(provider: str, key: str, value: object) -> str:
    data = set_key(policy_data(provider), key, value)
    with pytest.raises(PolicyError) as raised:
        parse_policy(data, f"policies/{provider}.toml")
    return str(raised.value)


@pytest.mark.parametrize("provider", SHIPPED)
def test_r_po1_every_shipped_policy_loads_with_its_version(provider: str) -> None:
    policy = load_policy(POLICY_DIR / f"{provider}.toml")

    assert (policy.provider, policy.version, policy.currency, policy.timezone) == (
        provider,
        "2026.1",
        "GBP",
        "Europe/London",
    )


def test_r_po1_a_policy_is_frozen_and_holds_tuples() -> None:
    policy = shipped_policy("uol")

    with pytest.raises(dataclasses.FrozenInstanceError):
        policy.version = "2027.1"  # type: ignore[misc]
    assert isinstance(policy.tracks, tuple)
    assert isinstance(policy.assessment.windows.spans, tuple)


def test_r_aw1_uol_policy_has_the_award_ladder_and_title_rules() -> None:
    awards = shipped_policy("uol").awards

    assert awards is not None
    assert awards.ladder == (
        AwardStep("PGCert", 60, "Certificate"),
        AwardStep("PGDip", 120, "Diploma"),
        AwardStep("Master's", 180, "MasterDegree"),
    )
    assert awards.titles == TitleRules(25, "Interdisciplinary Studies", 3)
    assert (awards.level, awards.own_provider_only, awards.higher_supersedes_lower) == (7, True, True)


def test_r_aw1_only_uol_has_awards_r_aw5_only_ibers_set_exemption_r_aw6_only_ou_linking() -> None:
    present = {
        provider: (
            shipped_policy(provider).awards is not None,
            shipped_policy(provider).set_exemption is not None,
            shipped_policy(provider).qualification_linking is not None,
        )
        for provider in SHIPPED
    }

    assert present == {
        "uol": (True, False, False),
        "ibers": (False, True, False),
        "ou": (False, False, True),
    }


def test_r_en1_uol_learners_self_certify_degree_level_and_english() -> None:
    policy = shipped_policy("uol")

    assert policy.declarations_version == "2026-01"
    assert policy.declarations == (
        Declaration(
            "degree_or_experience", "I hold a degree-level qualification or have equivalent experience."
        ),
        Declaration(
            "english_level", "My English language proficiency meets the level stated for this course."
        ),
    )
    assert shipped_policy("ou").declarations == ()


def test_r_en3_ibers_policy_has_two_tracks_and_a_150_pound_top_up() -> None:
    policy = shipped_policy("ibers")

    assert [(track.id, track.price_minor, track.credit_bearing) for track in policy.tracks] == [
        ("learning_only", 10000, False),
        ("credit_bearing", 25000, True),
    ]
    assert policy.top_up is not None
    assert (policy.top_up.from_track, policy.top_up.to_track, policy.top_up.price_minor) == (
        "learning_only",
        "credit_bearing",
        15000,
    )


def test_r_as2_uol_windows_are_days_1_to_7_closing_23_59_and_others_continuous() -> None:
    uol = shipped_policy("uol").assessment.windows

    assert (uol.mode, [(s.first_day, s.last_day) for s in uol.spans], uol.closes_at) == (
        WindowMode.MONTHLY,
        [(1, 7)],
        time(23, 59),
    )
    assert shipped_policy("ou").assessment.windows.mode is WindowMode.CONTINUOUS
    assert shipped_policy("ibers").assessment.windows.mode is WindowMode.CONTINUOUS


def test_r_as4_r_as5_grading_schemes_of_the_shipped_policies() -> None:
    schemes = {
        provider: (
            shipped_policy(provider).grading.scheme,
            shipped_policy(provider).grading.show_mark_to_learner,
        )
        for provider in SHIPPED
    }

    assert schemes == {
        "uol": (GradingScheme.DISTINCTION_MERIT_PASS_FAIL, True),
        "ou": (GradingScheme.DISTINCTION_MERIT_PASS_FAIL, True),
        "ibers": (GradingScheme.PASS_FAIL, False),
    }


# R-PO2: one broken key per key family, and the exact line it gives.
@pytest.mark.parametrize(
    ("provider", "key", "value", "message"),
    [
        (
            "uol",
            "grading.pass_mark",
            150,
            "policies/uol.toml: grading.pass_mark: must be between 0 and 100, got 150",
        ),
        ("uol", "version", DELETE, "policies/uol.toml: version: required key is missing"),
        ("uol", "version", 2026, "policies/uol.toml: version: must be a string, got 2026"),
        (
            "uol",
            "provider",
            "UoL",
            'policies/uol.toml: provider: must be a slug of lower-case letters, digits and -, got "UoL"',
        ),
        (
            "uol",
            "currency",
            "pounds",
            'policies/uol.toml: currency: must be an ISO 4217 currency code such as GBP, got "pounds"',
        ),
        (
            "uol",
            "timezone",
            "Europe/Londn",
            'policies/uol.toml: timezone: must be an IANA time zone such as "Europe/London", '
            'got "Europe/Londn"',
        ),
        ("uol", "colour", "blue", "policies/uol.toml: colour: unknown key"),
        (
            "uol",
            "credit.hours_per_credit",
            0,
            "policies/uol.toml: credit.hours_per_credit: must be > 0, got 0",
        ),
        ("uol", "credit.ects.ects", "1", 'policies/uol.toml: credit.ects.ects: must be an integer, got "1"'),
        (
            "uol",
            "credit.levels[0].cycle",
            "fourth",
            "policies/uol.toml: credit.levels[0].cycle: "
            'must be one of "short", "first", "second" or "third", got "fourth"',
        ),
        ("uol", "declarations[1].text", "", "policies/uol.toml: declarations[1].text: must not be empty"),
        (
            "uol",
            "tracks[0].price_minor",
            495.0,
            "policies/uol.toml: tracks[0].price_minor: must be an integer, got 495.0",
        ),
        (
            "uol",
            "tracks[0].credit_bearing",
            "yes",
            'policies/uol.toml: tracks[0].credit_bearing: must be true or false, got "yes"',
        ),
        ("uol", "tracks", {}, "policies/uol.toml: tracks: must be a list, got a table"),
        ("ibers", "top_up.price_minor", -1, "policies/ibers.toml: top_up.price_minor: must be >= 0, got -1"),
        (
            "ibers",
            "registration.academic_year_start_month",
            13,
            "policies/ibers.toml: registration.academic_year_start_month: must be between 1 and 12, got 13",
        ),
        (
            "ou",
            "refunds.window_days",
            DELETE,
            "policies/ou.toml: refunds.window_days: required key is missing",
        ),
        (
            "ibers",
            "upgrade_deduction.module_fee_minor",
            0,
            "policies/ibers.toml: upgrade_deduction.module_fee_minor: must be > 0, got 0",
        ),
        (
            "uol",
            "assessment.windows.spans[0].last_day",
            31,
            "policies/uol.toml: assessment.windows.spans[0].last_day: must be between 1 and 28, got 31",
        ),
        (
            "uol",
            "assessment.windows.closes_at",
            2359,
            "policies/uol.toml: assessment.windows.closes_at: "
            "must be a time of day such as 23:59:00, got 2359",
        ),
        (
            "uol",
            "assessment.attempts.max_attempts",
            0,
            "policies/uol.toml: assessment.attempts.max_attempts: must be > 0, got 0",
        ),
        (
            "ibers",
            "assessment.types[2].pass_mark",
            101,
            "policies/ibers.toml: assessment.types[2].pass_mark: must be between 0 and 100, got 101",
        ),
        (
            "uol",
            "assessment.word_limit_tolerance_percent",
            -5,
            "policies/uol.toml: assessment.word_limit_tolerance_percent: must be between 0 and 100, got -5",
        ),
        (
            "ibers",
            "grading.show_mark_to_learner",
            0,
            "policies/ibers.toml: grading.show_mark_to_learner: must be true or false, got 0",
        ),
        (
            "uol",
            "help.answer_target_hours",
            0,
            "policies/uol.toml: help.answer_target_hours: must be > 0, got 0",
        ),
        (
            "uol",
            "awards.ladder[1].credits",
            0,
            "policies/uol.toml: awards.ladder[1].credits: must be > 0, got 0",
        ),
        (
            "uol",
            "awards.titles.interdisciplinary_min_subjects",
            1,
            "policies/uol.toml: awards.titles.interdisciplinary_min_subjects: must be >= 2, got 1",
        ),
        (
            "uol",
            "awards.titles.interdisciplinary_min_subjects",
            4,
            "policies/uol.toml: awards.titles.interdisciplinary_min_subjects: must be <= 3, got 4",
        ),
        (
            "uol",
            "awards.titles.interdisciplinary_title",
            "Interdisciplinary\x1fStudies",
            "policies/uol.toml: awards.titles.interdisciplinary_title: must be text without control "
            'characters, got "Interdisciplinary\x1fStudies"',
        ),
        (
            "ibers",
            "set_exemption.programmes",
            "BioInnovation MSc",
            'policies/ibers.toml: set_exemption.programmes: must be a list, got "BioInnovation MSc"',
        ),
        (
            "ou",
            "qualification_linking.requires_staff_approval",
            DELETE,
            "policies/ou.toml: qualification_linking.requires_staff_approval: required key is missing",
        ),
    ],
)
def test_r_po2_a_broken_key_is_refused_with_one_exact_line(
    provider: str, key: str, value: object, message: str
) -> None:
    assert refusal(provider, key, value) == message


# R-PO2: checks across fields.
@pytest.mark.parametrize(
    ("provider", "key", "value", "message"),
    [
        (
            "uol",
            "assessment.windows.spans",
            [{"first_day": 1, "last_day": 7}, {"first_day": 5, "last_day": 10}],
            "policies/uol.toml: assessment.windows.spans[1]: days 5–10 overlap assessment.windows.spans[0] "
            "(days 1–7)",
        ),
        (
            "uol",
            "assessment.windows.spans",
            [{"first_day": 7, "last_day": 1}],
            "policies/uol.toml: assessment.windows.spans[0]: first_day (7) is after last_day (1)",
        ),
        (
            "uol",
            "assessment.windows.spans",
            [],
            "policies/uol.toml: assessment.windows.spans: must list at least one",
        ),
        (
            "ou",
            "assessment.attempts.later_window_required",
            True,
            "policies/ou.toml: assessment.attempts.later_window_required: cannot be true when windows are "
            "continuous",
        ),
        (
            "uol",
            "grading.merit_mark",
            50,
            "policies/uol.toml: grading.merit_mark: must be greater than pass_mark (50), got 50",
        ),
        (
            "uol",
            "grading.distinction_mark",
            DELETE,
            "policies/uol.toml: grading.distinction_mark: "
            "required when scheme is distinction_merit_pass_fail",
        ),
        (
            "ibers",
            "grading.merit_mark",
            60,
            "policies/ibers.toml: grading.merit_mark: must be absent when scheme is pass_fail",
        ),
        (
            "uol",
            "awards.ladder[2].credits",
            120,
            "policies/uol.toml: awards.ladder[2].credits: must be greater than the one before (120), got 120",
        ),
        (
            "uol",
            "awards.ladder[1].name",
            "PGCert",
            'policies/uol.toml: awards.ladder[1].name: duplicate name "PGCert" (also awards.ladder[0])',
        ),
        (
            "ibers",
            "tracks[1].id",
            "learning_only",
            'policies/ibers.toml: tracks[1].id: duplicate id "learning_only" (also tracks[0])\n'
            'policies/ibers.toml: top_up.to_track: no track with id "credit_bearing"',
        ),
        (
            "ibers",
            "top_up.from_track",
            "audit",
            'policies/ibers.toml: top_up.from_track: no track with id "audit"',
        ),
        (
            "uol",
            "help.warn_before_hours",
            48,
            "policies/uol.toml: help.warn_before_hours: must be less than answer_target_hours (48), got 48",
        ),
        (
            "uol",
            "credit.levels[1].level",
            4,
            "policies/uol.toml: credit.levels[1].level: duplicate level 4 (also credit.levels[0])",
        ),
        (
            "uol",
            "assessment.types[0].pass_mark",
            60,
            "policies/uol.toml: assessment.types[0].pass_mark: "
            "must be less than grading.merit_mark (60), got 60",
        ),
    ],
)
def test_r_po2_fields_that_contradict_each_other_are_refused(
    provider: str, key: str, value: object, message: str
) -> None:
    assert refusal(provider, key, value) == message


def test_r_po2_every_problem_is_reported_one_per_line() -> None:
    data = policy_data("uol")
    set_key(data, "grading.pass_mark", 150)
    set_key(data, "awards.ladder[1].credits", -60)
    set_key(data, "name", DELETE)

    with pytest.raises(PolicyError) as raised:
        parse_policy(data, "policies/uol.toml")

    assert str(raised.value).splitlines() == [
        "policies/uol.toml: name: required key is missing",
        "policies/uol.toml: grading.pass_mark: must be between 0 and 100, got 150",
        "policies/uol.toml: awards.ladder[1].credits: must be > 0, got -60",
    ]
    assert raised.value.source == "policies/uol.toml"
    assert len(raised.value.problems) == 3


def test_r_po2_a_missing_file_is_one_clean_line(tmp_path: Path) -> None:
    with pytest.raises(PolicyError) as raised:
        load_policy(tmp_path / "uol.toml")

    assert str(raised.value) == f"{tmp_path / 'uol.toml'}: file not found"


def test_r_po2_a_toml_syntax_error_is_one_clean_line(tmp_path: Path) -> None:
    path = tmp_path / "uol.toml"
    path.write_text('provider = "uol"\nversion = \n', encoding="utf-8")

    with pytest.raises(PolicyError) as raised:
        load_policy(path)

    assert str(raised.value) == f"{path}: TOML syntax error: Invalid value (at line 2, column 11)"


def test_r_po2_the_file_is_named_for_its_provider(tmp_path: Path) -> None:
    path = tmp_path / "london.toml"
    path.write_bytes((POLICY_DIR / "uol.toml").read_bytes())

    with pytest.raises(PolicyError) as raised:
        load_policy(path)

    assert str(raised.value) == f'{path}: provider: must match the file name "london", got "uol"'


def test_r_po1_a_fourth_provider_is_a_new_file_only(tmp_path: Path) -> None:
    data = (POLICY_DIR / "uol.toml").read_text(encoding="utf-8")
    path = tmp_path / "edinburgh.toml"
    path.write_text(
        data.replace('provider = "uol"', 'provider = "edinburgh"')
        .replace('name = "University of London"', 'name = "University of Edinburgh"')
        .replace('region = "England"', 'region = "Scotland"'),
        encoding="utf-8",
    )

    policy = load_policy(path)

    assert isinstance(policy, Policy)
    assert (policy.provider, policy.name, policy.region) == (
        "edinburgh",
        "University of Edinburgh",
        "Scotland",
    )
