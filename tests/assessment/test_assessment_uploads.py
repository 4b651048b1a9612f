"""Uploads are checked by content, not by name: a PDF must start %PDF-, a DOCX must be a ZIP with its main
part and no zip bomb, text must be UTF-8; the size limit and accepted types are settings. Files are stored
under a random name and reach only the learner and the provider's markers and moderators, as attachments."""

import io
import zipfile
from pathlib import Path

import pytest
from tests.assessment.builders import (
    MINIMAL_PDF,
    at,
    course,
    docx_bytes,
    enrolment_for,
    staff,
    submit_file,
    zip_bomb_docx,
)

from microcred.assessment.checks import check_upload_settings
from microcred.assessment.errors import UploadRefused
from microcred.assessment.models import FileType, Submission
from microcred.common.roles import Role

pytestmark = pytest.mark.django_db

WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 240 + b"This program"


@pytest.fixture
def enrolment(learner, time_machine):
    time_machine.move_to(at(2026, 3, 2), tick=False)
    return enrolment_for(learner, course("uol"))


def _refusal(enrolment, name: str, data: bytes) -> str:
    with pytest.raises(UploadRefused) as refused:
        submit_file(enrolment, name, data)
    assert refused.value.field == "file"
    assert Submission.objects.count() == 0
    return refused.value.message


def test_a_renamed_exe_named_pdf_is_refused(enrolment) -> None:
    assert _refusal(enrolment, "report.pdf", WINDOWS_EXE) == (
        "The file is a program, not a PDF document; it cannot be accepted."
    )


def test_an_exe_is_refused_by_its_type(enrolment) -> None:
    assert _refusal(enrolment, "setup.exe", WINDOWS_EXE) == (
        "Files of this type are not accepted; upload one of: PDF, DOCX, ODT, TXT, CSV, XLSX."
    )


def test_a_pdf_named_docx_is_refused(enrolment) -> None:
    assert _refusal(enrolment, "report.docx", MINIMAL_PDF) == (
        "The file is named .docx but is not a real DOCX file."
    )


def test_a_zip_without_the_word_part_is_not_a_docx(enrolment) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")

    assert _refusal(enrolment, "report.docx", buffer.getvalue()) == (
        "The file is named .docx but is not a real DOCX file."
    )


def test_a_zip_bomb_docx_is_refused(enrolment) -> None:
    bomb = zip_bomb_docx(20)

    assert len(bomb) < 100_000
    assert _refusal(enrolment, "report.docx", bomb) == (
        "The file unpacks to far more than its size; it cannot be accepted."
    )


def test_a_docx_unpacking_past_the_total_limit_is_refused(enrolment, monkeypatch) -> None:
    from microcred.assessment import file_checks

    # The total limit on its own, with the ratio check out of the way: 3 MB against a limit of 2 MB.
    monkeypatch.setattr(file_checks, "MAX_COMPRESSION_RATIO", 10_000)
    monkeypatch.setattr(file_checks, "MAX_UNPACKED_BYTES", 2 * 1024 * 1024)

    assert _refusal(enrolment, "report.docx", zip_bomb_docx(3)) == (
        "The file unpacks to far more than its size; it cannot be accepted."
    )


def test_text_that_is_not_utf8_is_refused(enrolment) -> None:
    assert _refusal(enrolment, "notes.txt", "Café au lait".encode("cp1252")) == (
        "The file is named .txt but is not UTF-8 text; save it as UTF-8 and retry."
    )


def test_a_file_over_the_size_limit_is_refused(enrolment, settings) -> None:
    settings.ASSESSMENT_UPLOAD_MAX_BYTES = 1024 * 1024

    assert _refusal(enrolment, "report.pdf", MINIMAL_PDF + b"0" * (1024 * 1024)) == (
        "The file is 1.0 MB; the limit is 1.0 MB."
    )


def test_the_accepted_types_are_a_setting(enrolment, settings) -> None:
    settings.ASSESSMENT_UPLOAD_TYPES = ["pdf"]

    assert _refusal(enrolment, "data.csv", b"a,b\n1,2\n") == (
        "Files of this type are not accepted; upload one of: PDF."
    )


def test_a_valid_pdf_is_stored_under_a_random_name(enrolment, settings) -> None:
    submission = submit_file(enrolment, "../../My Report (final).pdf", MINIMAL_PDF)

    stored = Path(submission.file.path)
    assert (submission.file_name, submission.file_type, submission.file_size) == (
        "My_Report_final.pdf",
        FileType.PDF,
        len(MINIMAL_PDF),
    )
    assert stored.parent == Path(settings.MEDIA_ROOT) / "assessment" / "submissions"
    assert len(stored.name) == 32
    assert stored.suffix == ""
    assert stored.read_bytes() == MINIMAL_PDF


def test_r_as6_a_valid_docx_is_accepted_and_its_words_counted(enrolment) -> None:
    submission = submit_file(
        enrolment, "report.docx", docx_bytes(["Soil health matters.", "Crop rotation &amp; yield."])
    )

    assert (submission.file_type, submission.word_count, submission.is_word_count_stated) == (
        FileType.DOCX,
        7,
        False,
    )


def test_r_as6_a_utf8_text_file_is_counted(enrolment) -> None:
    submission = submit_file(enrolment, "notes.txt", "\ufeffCafé au lait, s'il vous plaît.".encode())

    assert (submission.file_type, submission.word_count) == (FileType.TXT, 6)


def test_an_xlsx_workbook_is_accepted_without_a_word_count(enrolment) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")

    submission = submit_file(enrolment, "data.xlsx", buffer.getvalue())

    assert (submission.file_type, submission.word_count) == (FileType.XLSX, None)


def test_an_odt_must_say_it_is_an_odt(enrolment) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")

    assert _refusal(enrolment, "report.odt", buffer.getvalue()) == (
        "The file is named .odt but is not a real ODT file."
    )


def _download(client_for, persona, submission):
    return client_for(persona).get(f"/assessment/submissions/{submission.public_id}/file/")


def test_the_learner_downloads_the_file_as_an_attachment(client_for, learner, enrolment) -> None:
    submission = submit_file(enrolment, "My Report.pdf", MINIMAL_PDF)

    response = _download(client_for, learner, submission)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert response["Content-Disposition"] == 'attachment; filename="My_Report.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("uol_marker", 200),
        ("uol_moderator", 200),
        ("uol_registry", 404),
        ("other_learner", 404),
        ("ou_marker", 404),
        ("anonymous", 302),
    ],
)
def test_only_the_learner_and_the_providers_markers_get_the_file(
    client_for, request, enrolment, persona, status
) -> None:
    people = {
        "ou_marker": lambda: staff(Role.MARKER, "ou", "marker@ou.example.org"),
        "anonymous": lambda: None,
    }
    person = people[persona]() if persona in people else request.getfixturevalue(persona)
    submission = submit_file(enrolment)

    response = _download(client_for, person, submission)

    assert response.status_code == status


def test_an_unknown_upload_type_in_the_settings_stops_start_up(settings) -> None:
    settings.ASSESSMENT_UPLOAD_TYPES = ["pdf", "exe"]
    settings.ASSESSMENT_UPLOAD_MAX_BYTES = 0

    assert [(error.id, error.msg) for error in check_upload_settings()] == [
        (
            "microcred.E301",
            "ASSESSMENT_UPLOAD_TYPES: unknown exe; choose from pdf, docx, odt, txt, csv, xlsx",
        ),
        ("microcred.E302", "ASSESSMENT_UPLOAD_MAX_BYTES: a positive number of bytes, got 0"),
    ]
