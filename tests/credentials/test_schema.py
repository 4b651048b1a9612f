"""R-CD1, R-CD2: issued documents meet the 1EdTech JSON Schemas (OB 3.0 AchievementCredential, CLR 2.0
ClrCredential), and every term in them is defined by a bundled context, so a verifier in JSON-LD safe mode
drops nothing the signature covers."""

import pytest
from issuance_builders import (
    badge_for,
    course,
    credentials_settings,
    document_of,
    named_learner,
    schema_errors,
)
from pytest_django.fixtures import Settings as SettingsWrapper

from microcred.accounts.models import User
from microcred.credentials import services
from microcred.credentials.canonicalization import canonicalize
from microcred.credentials.errors import UndefinedTermError

pytestmark = pytest.mark.django_db

OB_SCHEMA = "ob_v3p0_achievementcredential_schema.json"
CLR_SCHEMA = "clr_v2p0_clrcredential_schema.json"
OB = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"


@pytest.fixture(autouse=True)
def _settings(settings: SettingsWrapper) -> None:
    credentials_settings(settings, did_web=True)


@pytest.mark.parametrize(("provider", "grade"), [("uol", "merit"), ("ou", "distinction"), ("ibers", "pass")])
def test_r_cd1_a_badge_meets_the_ob3_achievement_credential_schema(
    learner: User, provider: str, grade: str
) -> None:
    document = document_of(badge_for(learner, course(provider), grade=grade))

    assert schema_errors(document, OB_SCHEMA) == []


def test_r_cd1_a_named_learners_badge_meets_the_schema(learner: User) -> None:
    document = document_of(badge_for(named_learner("named@example.org", "Siân", "ap Dafydd")))

    assert schema_errors(document, OB_SCHEMA) == []


def test_r_cd1_the_schema_check_catches_a_broken_badge(learner: User) -> None:
    document = document_of(badge_for(learner))
    document["credentialSubject"]["achievement"]["achievementType"] = "Nanodegree"
    del document["validFrom"]

    assert len(schema_errors(document, OB_SCHEMA)) == 2


def test_r_cd2_a_transcript_meets_the_clr_credential_schema(learner: User) -> None:
    badge_for(learner)
    badge_for(learner, course("ibers"), grade="pass")

    document = document_of(services.transcript_issue(learner=learner))

    assert schema_errors(document, CLR_SCHEMA) == []


def test_r_cd1_every_term_of_a_badge_is_defined_by_a_context(learner: User) -> None:
    document = document_of(badge_for(learner))

    nquads = canonicalize(document)

    for term in ("achievementType", "creditsEarned", "fieldOfStudy", "identityHash"):
        assert f"<{OB}{term}>" in nquads
    assert '"MicroCredential"' in nquads
    document["credentialSubject"]["learningOutcomes"] = ["not a term of OB 3.0"]
    with pytest.raises(UndefinedTermError):
        canonicalize(document)
