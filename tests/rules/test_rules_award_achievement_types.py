"""R-AW4, R-PO2: each award of the ladder names the Open Badges 3.0 achievement type of its own credential;
a value outside the OB 3.0 vocabulary is refused naming the file and the key."""

import json
from pathlib import Path

import pytest
from policy_builders import DELETE, policy_data, set_key, shipped_policy

from microcred.rules.errors import PolicyError
from microcred.rules.policy import parse_policy
from microcred.rules.policy_values import OB3_ACHIEVEMENT_TYPES

OB3_SCHEMA = (
    Path(__file__).resolve().parents[1] / "credentials/schema_files/ob_v3p0_achievementcredential_schema.json"
)


def _refusal(key: str, value: object) -> str:
    with pytest.raises(PolicyError) as raised:
        parse_policy(set_key(policy_data("uol"), key, value), "policies/uol.toml")
    return str(raised.value)


def test_r_aw4_every_uol_award_names_the_achievement_type_of_its_credential() -> None:
    awards = shipped_policy("uol").awards

    assert awards is not None
    assert [(step.name, step.achievement_type) for step in awards.ladder] == [
        ("PGCert", "Certificate"),
        ("PGDip", "Diploma"),
        ("Master's", "MasterDegree"),
    ]


def test_r_aw4_the_accepted_types_are_exactly_the_ob3_schemas_vocabulary() -> None:
    schema = json.loads(OB3_SCHEMA.read_text("utf-8"))
    achievement_type = schema["$defs"]["Achievement"]["properties"]["achievementType"]

    assert frozenset(achievement_type["oneOf"][0]["enum"]) == OB3_ACHIEVEMENT_TYPES


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "MastersDegree",
            "policies/uol.toml: awards.ladder[2].achievement_type: must be an Open Badges 3.0 achievement "
            'type such as "Certificate", "Diploma" or "MasterDegree", got "MastersDegree"',
        ),
        (
            "ext:PostgraduateCertificate",
            "policies/uol.toml: awards.ladder[2].achievement_type: must be an Open Badges 3.0 achievement "
            'type such as "Certificate", "Diploma" or "MasterDegree", got "ext:PostgraduateCertificate"',
        ),
        (
            "certificate",
            "policies/uol.toml: awards.ladder[2].achievement_type: must be an Open Badges 3.0 achievement "
            'type such as "Certificate", "Diploma" or "MasterDegree", got "certificate"',
        ),
        (
            7,
            "policies/uol.toml: awards.ladder[2].achievement_type: must be a string, got 7",
        ),
    ],
)
def test_r_po2_an_achievement_type_outside_ob3_is_refused_naming_file_and_key(
    value: object, message: str
) -> None:
    assert _refusal("awards.ladder[2].achievement_type", value) == message


def test_r_po2_an_award_without_an_achievement_type_is_refused() -> None:
    assert _refusal("awards.ladder[0].achievement_type", DELETE) == (
        "policies/uol.toml: awards.ladder[0].achievement_type: required key is missing"
    )
