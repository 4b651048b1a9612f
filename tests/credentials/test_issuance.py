"""R-CD1: a released pass issues an Open Badges 3.0 badge (a VC 2.0 AchievementCredential) signed by the
awarding provider, carrying the EU elements of R-CA3 and only the result R-AS5 allows."""

import hashlib
import json
import re

import pytest
from issuance_builders import (
    SITE_URL,
    badge_for,
    course,
    credentials_settings,
    credit_for,
    document_of,
    named_learner,
)
from pytest_django.fixtures import Settings as SettingsWrapper

from microcred.accounts.models import User
from microcred.credentials import services, tasks
from microcred.credentials.models import Credential, CredentialKind, Issuer, Recipient
from microcred.credentials.services_verification import Verdict, verify_document

pytestmark = pytest.mark.django_db

CONTROL_AND_NON_ASCII_NAMES = (
    ("Ada\bLovelace", "King\fNoel"),
    ("Bell\x07Ringer", "De\x7flete"),
    ("Zoë", "Łukasiewicz-Ødegård"),
    ("王", "小明"),
    ("Siân", "ap Dafydd 😀"),
)


@pytest.fixture(autouse=True)
def _settings(settings: SettingsWrapper) -> None:
    credentials_settings(settings)


def test_r_cd1_a_released_pass_issues_a_badge_that_verifies(learner: User) -> None:
    # given
    credit = credit_for(learner)

    # when
    credential = services.credential_issue_for_credit(credit_id=credit.pk)

    # then
    verification = verify_document(document_of(credential), now=credential.issued_at)
    assert verification.verdict is Verdict.VALID
    assert (credential.kind, credential.credit_id, credential.learner_id) == (
        CredentialKind.BADGE,
        credit.pk,
        learner.pk,
    )
    assert verification.facts is not None
    assert (verification.facts.title, verification.facts.credits, verification.facts.result) == (
        "Data Science Foundations",
        15.0,
        "Merit",
    )


def test_r_cd1_the_badge_is_an_ob3_achievement_credential_in_vc_2(learner: User) -> None:
    document = document_of(badge_for(learner))

    assert document["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert document["type"] == ["VerifiableCredential", "AchievementCredential"]
    assert document["credentialSubject"]["type"] == ["AchievementSubject"]
    assert document["credentialSubject"]["achievement"]["type"] == ["Achievement"]
    assert document["credentialSubject"]["achievement"]["achievementType"] == "MicroCredential"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", document["validFrom"])
    assert document["awardedDate"] == "2026-03-12T00:00:00+00:00"
    assert document["proof"]["cryptosuite"] == "eddsa-rdfc-2022"


def test_r_cd1_the_badge_is_signed_by_the_awarding_provider(learner: User) -> None:
    credential = badge_for(learner, course("ibers"))
    document = document_of(credential)

    issuer = Issuer.objects.get(provider__slug="ibers")
    assert credential.issuer == issuer
    assert document["issuer"]["id"] == document["proof"]["verificationMethod"].partition("#")[0]
    assert document["issuer"]["name"] == "Aberystwyth University"
    assert document["issuer"]["address"] == {
        "type": ["Address"],
        "addressCountry": "Wales, United Kingdom",
        "addressCountryCode": "GB",
        "addressRegion": "Wales",
    }


def test_r_cd1_the_achievement_states_credits_field_and_level(learner: User) -> None:
    achievement = document_of(badge_for(learner))["credentialSubject"]["achievement"]

    assert achievement["id"] == f"{SITE_URL}/courses/uol/data-science-foundations/"
    assert (achievement["creditsAvailable"], achievement["fieldOfStudy"]) == (15, "Data Science")
    levels = [
        a["targetName"]
        for a in achievement["alignment"]
        if a["targetType"] == "ext:QualificationsFrameworkLevel"
    ]
    assert levels == ["FHEQ level 7", "EQF level 7", "QF-EHEA second cycle"]
    outcomes = [a["targetName"] for a in achievement["alignment"] if a["targetType"] == "ceasn:Competency"]
    assert outcomes == ["Explain the main ideas of the field.", "Apply them to a case from practice."]


def test_r_ca3_every_eu_mandatory_element_is_in_the_credential(learner: User) -> None:
    document = document_of(badge_for(learner))
    narrative = document["credentialSubject"]["achievement"]["criteria"]["narrative"]

    elements = dict(re.findall(r"^- \*\*(.+?):\*\*(.*)$", narrative, flags=re.MULTILINE))
    assert list(elements)[:11] == [
        "Identification of the learner",
        "Title",
        "Country or region of the issuer",
        "Awarding body",
        "Date of issuing",
        "Learning outcomes",
        "Notional workload",
        "Level and cycle",
        "Type of assessment",
        "Form of participation",
        "Type of quality assurance",
    ]
    assert elements["Title"] == " Data Science Foundations"
    assert elements["Country or region of the issuer"] == " United Kingdom"
    assert elements["Notional workload"] == " 7.5 ECTS (150 hours, 15 UK credits)"
    assert elements["Level and cycle"] == " FHEQ level 7 (EQF level 7, QF-EHEA second cycle)"
    assert elements["Type of assessment"] == " Project-based assessment"
    assert elements["Form of participation"] == " Online"
    assert elements["Type of quality assurance"] == " QAA-reviewed UK higher education provider"
    assert "  1. Explain the main ideas of the field.\n  2. Apply them to a case from practice." in narrative


def test_r_as5_an_ibers_badge_says_pass_and_never_the_mark(learner: User) -> None:
    credential = badge_for(learner, course("ibers"), grade="pass")
    document = document_of(credential)

    subject = document["credentialSubject"]
    assert subject["result"] == [
        {"type": ["Result"], "resultDescription": f"{subject['achievement']['id']}#result", "value": "Pass"}
    ]
    assert subject["achievement"]["resultDescription"][0]["allowedValue"] == ["Pass"]
    assert "55" not in json.dumps(subject["result"]) + json.dumps(subject["achievement"]["resultDescription"])
    assert "the mark is not given" in subject["achievement"]["criteria"]["narrative"]


def test_r_as4_an_ou_badge_carries_the_grade(learner: User) -> None:
    document = document_of(badge_for(learner, course("ou"), grade="distinction"))

    subject = document["credentialSubject"]
    assert subject["result"][0]["value"] == "Distinction"
    assert subject["achievement"]["resultDescription"][0]["allowedValue"] == ["Pass", "Merit", "Distinction"]


def test_r_cd1_the_learner_has_a_stable_id_and_a_salted_hashed_email(
    learner: User, other_learner: User
) -> None:
    first = document_of(badge_for(learner))["credentialSubject"]
    second = document_of(badge_for(learner, course(title="Statistics", slug="statistics")))[
        "credentialSubject"
    ]

    recipient = Recipient.objects.get(learner=learner)
    expected_hash = (
        "sha256$" + hashlib.sha256(f"learner@example.org{recipient.email_salt}".encode()).hexdigest()
    )
    assert first["id"] == second["id"] == f"urn:uuid:{recipient.public_id}"
    assert first["identifier"] == [
        {
            "type": "IdentityObject",
            "identityHash": expected_hash,
            "identityType": "emailAddress",
            "hashed": True,
            "salt": recipient.email_salt,
        }
    ]
    assert "learner@example.org" not in json.dumps(first)
    assert "name" not in first


@pytest.mark.parametrize(("first_name", "last_name"), CONTROL_AND_NON_ASCII_NAMES)
def test_r_cd1_names_with_control_characters_or_beyond_ascii_issue_and_verify(
    first_name: str, last_name: str
) -> None:
    learner = named_learner("named@example.org", first_name, last_name)

    credential = badge_for(learner)

    document = json.loads(credential.document_json)
    assert document["credentialSubject"]["name"] == f"{first_name} {last_name}"
    assert verify_document(document, now=credential.issued_at).verdict is Verdict.VALID


def test_r_cd1_issuing_twice_gives_the_one_badge(learner: User) -> None:
    credit = credit_for(learner)

    first = services.credential_issue_for_credit(credit_id=credit.pk)
    second = services.credential_issue_for_credit(credit_id=credit.pk)
    by_task = tasks.credential_issue_for_credit.delay(credit.pk).get()

    assert first.pk == second.pk
    assert by_task == str(first.public_id)
    assert Credential.objects.filter(credit=credit).count() == 1


def test_r_cd1_issuance_is_enqueued_for_after_the_release_commits(
    learner: User, django_capture_on_commit_callbacks
) -> None:
    credit = credit_for(learner)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.credential_issue_enqueue(credit_id=credit.pk)
    assert Credential.objects.count() == 0
    for callback in callbacks:
        callback()

    assert list(Credential.objects.values_list("credit_id", flat=True)) == [credit.pk]


def test_r_cd1_pending_credits_are_issued_by_cohort_with_one_created(
    learner: User, other_learner: User
) -> None:
    # given: two learners of one course, one of another, and one credit already issued
    data_science, statistics = course(), course(title="Statistics", slug="statistics")
    credits = [
        credit_for(learner, data_science),
        credit_for(other_learner, data_science),
        credit_for(learner, statistics),
    ]
    already = services.credential_issue_for_credit(credit_id=credit_for(other_learner, statistics).pk)

    # when
    summary = services.credentials_issue_pending()

    # then
    assert (summary.issued, summary.groups, summary.skipped) == (3, 2, 0)
    issued = Credential.objects.exclude(pk=already.pk).order_by("credit_id")
    assert [credential.credit_id for credential in issued] == [credit.pk for credit in credits]
    documents = [document_of(credential) for credential in issued]
    assert len({document["proof"]["created"] for document in documents}) == 1
    assert [verify_document(document, now=issued[0].issued_at).verdict for document in documents] == [
        Verdict.VALID
    ] * 3
    assert services.credentials_issue_pending().issued == 0


def test_r_cd1_a_cohort_badge_is_what_one_at_a_time_issuance_signs(
    learner: User, other_learner: User
) -> None:
    """The cohort signer fills a template; the document must be the single path's, key for key."""
    credit_for(learner)
    services.credentials_issue_pending()
    single = document_of(badge_for(other_learner, course(title="Statistics", slug="statistics")))
    cohort = document_of(Credential.objects.get(learner=learner))

    assert list(cohort) == list(single)
    assert list(cohort["credentialSubject"]) == list(single["credentialSubject"])
    assert list(cohort["credentialSubject"]["achievement"]) == list(
        single["credentialSubject"]["achievement"]
    )
    assert list(cohort["proof"]) == list(single["proof"])


def test_r_cd1_the_hourly_task_issues_what_was_missed(learner: User) -> None:
    credit = credit_for(learner)

    issued = tasks.credentials_issue_pending.delay().get()

    assert issued == 1
    assert Credential.objects.get().credit_id == credit.pk
