"""R-CD2: a transcript lists all credit a learner holds, by provider, with level and date: a 1EdTech CLR 2.0
ClrCredential embedding the learner's signed badges, issued by the platform on request."""

import pytest
from django.test import Client
from issuance_builders import badge_for, course, credentials_settings, document_of
from pytest_django.fixtures import Settings as SettingsWrapper

from microcred.accounts.models import User
from microcred.credentials import services
from microcred.credentials.models import Credential, CredentialKind, Issuer
from microcred.credentials.services_errors import NothingToIssue
from microcred.credentials.services_verification import Verdict, verify_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings: SettingsWrapper) -> None:
    credentials_settings(settings)


def test_r_cd2_the_transcript_embeds_every_badge_as_signed_and_verifies(learner: User) -> None:
    # given
    badges = [badge_for(learner), badge_for(learner, course("ou"), grade="distinction")]

    # when
    transcript = services.transcript_issue(learner=learner)

    # then
    document = document_of(transcript)
    assert document["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert document["type"] == ["VerifiableCredential", "ClrCredential"]
    assert document["credentialSubject"]["verifiableCredential"] == [document_of(badge) for badge in badges]
    verification = verify_document(document, now=transcript.issued_at)
    assert verification.verdict is Verdict.VALID
    assert [badge.verdict for badge in verification.embedded] == [Verdict.VALID, Verdict.VALID]
    assert [badge.facts.issuer_name for badge in verification.embedded if badge.facts] == [
        "University of London",
        "The Open University",
    ]


def test_r_cd2_the_platform_signs_the_transcript(learner: User) -> None:
    badge_for(learner)

    transcript = services.transcript_issue(learner=learner)

    assert (transcript.kind, transcript.issuer.slug, transcript.issuer.provider) == (
        CredentialKind.TRANSCRIPT,
        "platform",
        None,
    )
    document = document_of(transcript)
    assert document["issuer"]["name"] == "microcred"
    assert document["issuer"]["id"] == document["proof"]["verificationMethod"].partition("#")[0]
    assert (
        document["credentialSubject"]["id"]
        == document["credentialSubject"]["verifiableCredential"][0]["credentialSubject"]["id"]
    )


def test_r_cd2_asking_again_for_the_same_credit_gives_the_same_transcript(learner: User) -> None:
    badge_for(learner)
    first = services.transcript_issue(learner=learner)

    again = services.transcript_issue(learner=learner)
    badge_for(learner, course(title="Statistics", slug="statistics"))
    after_a_new_badge = services.transcript_issue(learner=learner)

    assert again.pk == first.pk
    assert after_a_new_badge.pk != first.pk
    assert len(document_of(after_a_new_badge)["credentialSubject"]["verifiableCredential"]) == 2


def test_r_cd2_a_revoked_badge_leaves_the_next_transcript_and_shows_revoked_in_the_old(
    learner: User, uol_registry: User
) -> None:
    revoked = badge_for(learner)
    kept = badge_for(learner, course("ou"))
    old = services.transcript_issue(learner=learner)

    services.credential_revoke(
        public_id=revoked.public_id, officer=uol_registry, reason="misconduct", note="Copied."
    )
    new = services.transcript_issue(learner=learner)

    assert document_of(new)["credentialSubject"]["verifiableCredential"] == [document_of(kept)]
    embedded = verify_document(document_of(old), now=old.issued_at).embedded
    assert [badge.verdict for badge in embedded] == [Verdict.REVOKED, Verdict.VALID]


def test_r_cd2_a_learner_without_credit_gets_no_transcript(learner: User) -> None:
    with pytest.raises(NothingToIssue):
        services.transcript_issue(learner=learner)

    assert Credential.objects.count() == 0
    assert Issuer.objects.count() == 0


def test_r_cd2_the_learner_asks_for_a_transcript_from_their_page(client_for, learner: User) -> None:
    badge_for(learner)
    client: Client = client_for(learner)

    listing = client.get("/my/credentials/").content.decode()
    response = client.post("/my/credentials/transcript/")

    transcript = Credential.objects.get(kind=CredentialKind.TRANSCRIPT)
    assert "Data Science Foundations" in listing
    assert (response.status_code, response["Location"]) == (302, f"/credentials/{transcript.public_id}")
    page = client.get(response["Location"]).content.decode()
    assert '<h2 id="verdict-heading" class="verdict__headline">Valid</h2>' in page
    assert '<h2 id="embedded-heading">Badges in this transcript</h2>' in page


def test_r_cd2_without_credit_the_page_says_so(client_for, learner: User) -> None:
    client: Client = client_for(learner)

    response = client.post("/my/credentials/transcript/", follow=True)

    assert (
        "You hold no credit yet: a transcript lists the microcredentials you passed."
        in response.content.decode()
    )
    assert Credential.objects.count() == 0
