"""R-CD1: the certificate is a PDF with the provider, learner, title, credit, level, date and the result the
policy allows, and a QR code that opens the public verification page. R-CD2: the transcript as a PDF."""

import re

import pytest
from django.test import Client
from issuance_builders import SITE_URL, badge_for, course, credentials_settings, named_learner
from pytest_django.fixtures import Settings as SettingsWrapper

from microcred.accounts.models import User
from microcred.credentials import pdf, services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings: SettingsWrapper) -> None:
    credentials_settings(settings)


def _link_rectangles(content: bytes, url: str) -> list[tuple[float, ...]]:
    """The rectangles of the PDF's link annotations to ``url``."""
    pattern = rb"/A <<[^>]*/URI \(" + re.escape(url.encode()) + rb"\)[^>]*>>[^R]*?/Rect \[ ([-\d. ]+) \]"
    return [tuple(float(number) for number in match.split()) for match in re.findall(pattern, content)]


def test_r_cd1_the_certificate_is_a_pdf_titled_with_the_microcredential(
    client: Client, learner: User
) -> None:
    credential = badge_for(learner)

    response = client.get(f"/credentials/{credential.public_id}/certificate.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert b"/Title (Data Science Foundations)" in response.content
    assert b"/Author (University of London)" in response.content


def test_r_cd1_the_certificates_qr_code_opens_the_verification_page(learner: User) -> None:
    credential = badge_for(learner)
    certificate = pdf.certificate_of(credential)
    url = f"{SITE_URL}/credentials/{credential.public_id}"

    content = pdf.certificate_pdf(certificate)

    assert certificate.verification_url == url == services.verification_url(credential.public_id)
    assert pdf.qr_matrix(url) == pdf.qr_matrix(certificate.verification_url)
    # The link over the QR code covers exactly its square: 34 mm, 24 mm from the right and 22 mm up.
    rectangles = _link_rectangles(content, url)
    assert len(rectangles) == 1
    left, bottom, right, top = rectangles[0]
    assert (round(right - left, 2), round(top - bottom, 2), round(bottom, 2)) == (96.38, 96.38, 62.36)


def test_r_cd1_the_certificate_says_what_the_badge_says(learner: User) -> None:
    learner.first_name, learner.last_name = "Ada", "Lovelace"
    learner.save(update_fields=["first_name", "last_name"])

    certificate = pdf.certificate_of(badge_for(learner))

    assert (
        certificate.awarding_body,
        certificate.learner_name,
        certificate.title,
        certificate.credit_and_level,
        certificate.result,
        certificate.awarded_on,
    ) == (
        "University of London",
        "Ada Lovelace",
        "Data Science Foundations",
        "15 UK credits · FHEQ level 7 · EQF level 7 · QF-EHEA second cycle",
        "Merit",
        "12 March 2026",
    )


def test_r_as5_an_ibers_certificate_shows_pass_and_no_mark(learner: User) -> None:
    certificate = pdf.certificate_of(badge_for(learner, course("ibers"), grade="pass"))

    assert (certificate.awarding_body, certificate.result) == ("Aberystwyth University", "Pass")
    assert certificate.credit_and_level == "5 UK credits · FHEQ level 7 · EQF level 7 · QF-EHEA second cycle"


def test_r_cd1_a_name_with_control_characters_and_beyond_latin_prints(learner: User) -> None:
    learner = named_learner("named@example.org", "Zoë\b\x07", "Łukasiewicz\x7f 王")

    certificate = pdf.certificate_of(badge_for(learner))
    content = pdf.certificate_pdf(certificate)

    assert certificate.learner_name == "Zoë\b\x07 Łukasiewicz\x7f 王"
    assert pdf.printable(certificate.learner_name) == "Zoë Łukasiewicz 王"
    assert content.startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("Ada\bLovelace", "Ada Lovelace"),
        ("form\ffeed", "form feed"),
        ("bell\x07 del\x7f", "bell del"),
        ("", ""),
    ],
)
def test_r_cd1_control_characters_print_as_spaces(text: str, printed: str) -> None:
    assert pdf.printable(text) == printed


def test_r_cd2_the_transcript_pdf_lists_credit_by_provider(client: Client, learner: User) -> None:
    badge_for(learner)
    badge_for(learner, course("ibers"), grade="pass")
    transcript = services.transcript_issue(learner=learner)

    printable = pdf.transcript_of(transcript)
    response = client.get(f"/credentials/{transcript.public_id}/certificate.pdf")

    assert [(provider, [row.title for row in rows]) for provider, rows in printable.providers] == [
        ("Aberystwyth University", ["Data Science Foundations"]),
        ("University of London", ["Data Science Foundations"]),
    ]
    assert [row.result for _, rows in printable.providers for row in rows] == ["Pass", "Merit"]
    assert printable.total_credits == "20"
    assert response.content.startswith(b"%PDF-")
    assert _link_rectangles(response.content, printable.verification_url) != []
