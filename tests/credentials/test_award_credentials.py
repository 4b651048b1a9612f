"""R-AW4: a conferred award's own credential: an Open Badges 3.0 AchievementCredential of the achievement type
the policy names for the award, signed by the awarding provider, that meets the OB 3.0 schema and verifies;
its PDF certificate; and where the learner and a verifier see it (R-CD3)."""

import re
from collections.abc import Callable

import pytest
from award_credential_builders import (
    MASTERS_CREDIT,
    PGCERT_CREDIT,
    PGDIP_CREDIT,
    CaptureOnCommit,
    award_credential_of,
    conferred,
)
from django.test import Client
from issuance_builders import SITE_URL, credentials_settings, document_of, named_learner, schema_errors
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.awards.awards_builders import credits_for

from microcred.accounts.models import User
from microcred.assessment.models import Credit
from microcred.awards.models import AwardClaim
from microcred.credentials.models import CredentialKind, Issuer
from microcred.credentials.services_verification import Verdict, verify_document

pytestmark = pytest.mark.django_db

OB_SCHEMA = "ob_v3p0_achievementcredential_schema.json"


def pgcert_credit(claim: AwardClaim) -> list[Credit]:
    return list(Credit.objects.filter(pk__in=[int(pk) for pk in claim.chosen_credit_ids]).order_by("pk"))


@pytest.fixture(autouse=True)
def _settings(settings: SettingsWrapper) -> None:
    credentials_settings(settings)


@pytest.mark.parametrize(
    ("award", "credit", "title", "achievement_type", "credits"),
    [
        ("PGCert", PGCERT_CREDIT, "PGCert in Data Science with Cyber Security", "Certificate", 60),
        ("PGDip", PGDIP_CREDIT, "PGDip in Data Science with Cyber Security", "Diploma", 120),
        ("Master's", MASTERS_CREDIT, "Master's in Data Science with Cyber Security", "MasterDegree", 180),
    ],
)
def test_r_aw4_each_award_has_the_achievement_type_its_policy_names(
    learner: User,
    uol_registry: User,
    django_capture_on_commit_callbacks: CaptureOnCommit,
    award: str,
    credit: dict[str, int],
    title: str,
    achievement_type: str,
    credits: int,
) -> None:
    claim = conferred(learner, uol_registry, django_capture_on_commit_callbacks, award, credit)

    credential = award_credential_of(claim)
    document = document_of(credential)
    achievement = document["credentialSubject"]["achievement"]
    assert (credential.kind, credential.title, credential.learner_id) == (
        CredentialKind.AWARD,
        title,
        learner.pk,
    )
    assert (achievement["achievementType"], achievement["name"], document["name"]) == (
        achievement_type,
        title,
        title,
    )
    assert (achievement["creditsAvailable"], document["credentialSubject"]["creditsEarned"]) == (
        credits,
        credits,
    )


def test_r_aw4_the_award_credential_is_signed_by_the_awarding_provider_and_verifies(
    learner: User, uol_registry: User, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    credential = award_credential_of(
        conferred(learner, uol_registry, django_capture_on_commit_callbacks, "PGCert", PGCERT_CREDIT)
    )
    document = document_of(credential)

    verification = verify_document(document, now=credential.issued_at)
    assert (verification.verdict, verification.reason) == (
        Verdict.VALID,
        "Its signature holds, and its issuer has not revoked it.",
    )
    assert credential.issuer == Issuer.objects.get(provider__slug="uol")
    assert document["issuer"]["id"] == document["proof"]["verificationMethod"].partition("#")[0]
    assert document["issuer"]["name"] == "University of London"
    assert document["type"] == ["VerifiableCredential", "AchievementCredential"]
    assert document["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert verification.facts is not None
    assert (verification.facts.title, verification.facts.credits, verification.facts.result) == (
        "PGCert in Data Science with Cyber Security",
        60.0,
        None,
    )
    assert verification.facts.level == "FHEQ level 7 · EQF level 7 · QF-EHEA second cycle"


@pytest.mark.parametrize("did_web", [False, True])
@pytest.mark.parametrize(("award", "credit"), [("PGCert", PGCERT_CREDIT), ("Master's", MASTERS_CREDIT)])
def test_r_aw4_the_award_credential_meets_the_ob3_achievement_credential_schema(
    settings: SettingsWrapper,
    uol_registry: User,
    django_capture_on_commit_callbacks: CaptureOnCommit,
    did_web: bool,
    award: str,
    credit: dict[str, int],
) -> None:
    credentials_settings(settings, did_web=did_web)
    learner = named_learner("named@example.org", "Siân", "ap Dafydd")
    claim = conferred(learner, uol_registry, django_capture_on_commit_callbacks, award, credit)

    document = document_of(award_credential_of(claim))

    assert schema_errors(document, OB_SCHEMA) == []
    assert document["credentialSubject"]["name"] == "Siân ap Dafydd"


def test_r_aw4_the_achievement_states_its_level_and_the_credit_it_was_built_from(
    learner: User, uol_registry: User, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    claim = conferred(learner, uol_registry, django_capture_on_commit_callbacks, "PGCert", PGCERT_CREDIT)

    document = document_of(award_credential_of(claim))

    achievement = document["credentialSubject"]["achievement"]
    assert achievement["id"].startswith("urn:uuid:")
    assert achievement["fieldOfStudy"] == "Data Science with Cyber Security"
    assert achievement["description"] == (
        "60 UK credits (30 ECTS) at FHEQ level 7 (EQF level 7, QF-EHEA second cycle), "
        "conferred by University of London."
    )
    assert [alignment["targetName"] for alignment in achievement["alignment"]] == [
        "FHEQ level 7",
        "EQF level 7",
        "QF-EHEA second cycle",
    ]
    narrative = achievement["criteria"]["narrative"]
    built_from = re.findall(
        r"^\d+\. (.+?): 15 UK credits in (.+?), FHEQ level 7, awarded 2 March 2026$", narrative, re.M
    )
    assert [subject for _, subject in built_from] == ["Data Science"] * 3 + ["Cyber Security"]
    assert "## Credit it was built from" in narrative
    # An award is conferred, not graded: no result, and no result description to point at.
    assert "result" not in document["credentialSubject"]
    assert "resultDescription" not in achievement
    assert claim.decided_at is not None
    assert document["awardedDate"] == f"{claim.decided_at:%Y-%m-%dT%H:%M:%S}Z"


def test_r_aw4_the_award_certificate_is_a_pdf_naming_the_award(
    client: Client, learner: User, uol_registry: User, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    credential = award_credential_of(
        conferred(learner, uol_registry, django_capture_on_commit_callbacks, "PGDip", PGDIP_CREDIT)
    )

    response = client.get(f"/credentials/{credential.public_id}/certificate.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="certificate-{credential.public_id}.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert b"/Title (PGDip in Data Science with Cyber Security)" in response.content
    assert b"/Author (University of London)" in response.content
    verification_url = f"{SITE_URL}/credentials/{credential.public_id}"
    assert f"/URI ({verification_url})".encode() in response.content


def test_r_cd3_the_public_verification_page_checks_the_award_credential(
    client: Client, learner: User, uol_registry: User, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    credential = award_credential_of(
        conferred(learner, uol_registry, django_capture_on_commit_callbacks, "PGCert", PGCERT_CREDIT)
    )

    page = client.get(f"/credentials/{credential.public_id}")
    downloaded = client.get(f"/credentials/{credential.public_id}/credential.json")

    html = page.content.decode()
    assert page.status_code == 200
    assert '<h2 id="verdict-heading" class="verdict__headline">Valid</h2>' in html
    assert "<dd>PGCert in Data Science with Cyber Security</dd>" in html
    assert "<dd>60 UK credits</dd>" in html
    assert downloaded.content.decode() == credential.document_json


def test_r_aw4_the_learner_sees_the_award_credential_in_my_credentials_and_my_credit(
    client_for: Callable[[User | None], Client],
    learner: User,
    uol_registry: User,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    credential = award_credential_of(
        conferred(learner, uol_registry, django_capture_on_commit_callbacks, "PGCert", PGCERT_CREDIT)
    )
    client = client_for(learner)

    mine = client.get("/my/credentials/").content.decode()
    credit = client.get("/my/credit/").content.decode()

    page = f'href="/credentials/{credential.public_id}"'
    pdf = f'href="/credentials/{credential.public_id}/certificate.pdf"'
    json_link = f'href="/credentials/{credential.public_id}/credential.json"'
    awards_section = mine.split('id="awards-heading"')[1].split("</section>")[0]
    assert (awards_section.count(page), awards_section.count(pdf), awards_section.count(json_link)) == (
        1,
        1,
        1,
    )
    assert "PGCert in Data Science with Cyber Security</a>" in awards_section
    # Each of the four credit rows it was built from links to it.
    assert (credit.count(page), credit.count(pdf), credit.count(json_link)) == (4, 4, 4)


def test_r_aw4_a_superseded_award_credential_is_shown_revoked_and_superseded(
    client_for: Callable[[User | None], Client],
    client: Client,
    learner: User,
    uol_registry: User,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    # given a PGCert superseded by a PGDip built from its credit and four more
    pgcert = conferred(learner, uol_registry, django_capture_on_commit_callbacks, "PGCert", PGCERT_CREDIT)
    more = credits_for(learner, {"Data Science": 4})
    conferred(
        learner, uol_registry, django_capture_on_commit_callbacks, "PGDip", [*pgcert_credit(pgcert), *more]
    )
    credential = award_credential_of(pgcert)

    # when
    page = client.get(f"/credentials/{credential.public_id}").content.decode()
    mine = client_for(learner).get("/my/credentials/").content.decode()

    # then the public page says revoked, and why; the learner's list says superseded
    assert '<h2 id="verdict-heading" class="verdict__headline">Revoked</h2>' in page
    assert "this award was superseded by a higher award of the same provider" in page
    assert mine.count("· superseded by a higher award") == 1
    assert mine.count("PGDip in Data Science with Cyber Security</a>") == 1
