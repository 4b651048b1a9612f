"""What an uploaded submission file really is. The name the learner gave it says what it claims to be; the
content must agree: a PDF starts ``%PDF-``; DOCX, XLSX and ODT are ZIP archives holding their own main part;
TXT and CSV decode as UTF-8. A program (ELF, PE, Mach-O, a script) named as a PDF or an office document is
refused, and so is an office document carrying macros. ZIP archives are refused when they would unpack far
beyond the bytes that arrived or hold too many members (a zip bomb); both are judged before any member is
unpacked. The text of TXT and DOCX files is returned so its words can be counted (R-AS6).

Size limit and accepted types are settings (``ASSESSMENT_UPLOAD_MAX_BYTES``, ``ASSESSMENT_UPLOAD_TYPES``);
the defaults here apply when a deployment sets neither.
"""

import html
import io
import re
import struct
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.utils.text import get_valid_filename

from microcred.assessment.errors import UploadRefused
from microcred.assessment.models import FileType

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_TYPES = tuple(FileType.values)
# A real document compresses its XML some 5 to 20 times; far more than this is a zip bomb, not a report.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_MEMBERS = 5000
# Read from the end-of-archive record before ``zipfile`` builds an object per member: a small upload can
# declare hundreds of thousands of members. A central directory entry is 46 bytes plus its name.
MAX_CENTRAL_DIRECTORY_BYTES = MAX_MEMBERS * 300
MAX_NAME_LENGTH = 120
FALLBACK_NAME = "submission"

# The first bytes of programs: ELF, Windows PE/DOS, Mach-O (both byte orders, 32/64-bit, universal) and Java
# classes, which share the universal Mach-O magic. A learner's document never starts like this.
PROGRAM_SIGNATURES = (
    b"\x7fELF",
    b"MZ",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
)
SCRIPT_SIGNATURE = b"#!"
# Macros make a document a program: VBA projects in Office files, Basic and script folders in ODF ones.
_MACRO_MEMBER = re.compile(r"(?i)(^|/)vbaProject\.bin$|^(Basic|Scripts)/")
_END_OF_ARCHIVE = struct.Struct("<4s4H2LH")
_END_OF_ARCHIVE_SIGNATURE = b"PK\x05\x06"
_ZIP64_MARKER = 0xFFFFFFFF

CONTENT_TYPES = {
    FileType.PDF: "application/pdf",
    FileType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileType.ODT: "application/vnd.oasis.opendocument.text",
    FileType.TXT: "text/plain; charset=utf-8",
    FileType.CSV: "text/csv; charset=utf-8",
}
# The part each ZIP-based format must hold; ODT's ``mimetype`` part must also say what it is.
ZIP_MEMBERS = {
    FileType.DOCX: "word/document.xml",
    FileType.XLSX: "xl/workbook.xml",
    FileType.ODT: "mimetype",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

_PARAGRAPH_END = re.compile(r"</w:p>|<w:tab/>|<w:br/>|<w:cr/>")
_TEXT_RUN = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


@dataclass(frozen=True)
class CheckedFile:
    file_type: FileType
    name: str
    size: int
    # The words of TXT and DOCX files, for counting; None for formats whose words are not read.
    text: str | None


def upload_max_bytes() -> int:
    return int(getattr(settings, "ASSESSMENT_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def upload_types() -> tuple[FileType, ...]:
    names = getattr(settings, "ASSESSMENT_UPLOAD_TYPES", DEFAULT_TYPES)
    return tuple(FileType(name) for name in names)


def clean_file_name(name: str) -> str:
    """The last path part, reduced to letters, digits, dots, dashes and underscores, at most 120 long with
    its extension kept: safe in a header and on any file system."""
    base = PurePath(name.replace("\\", "/")).name
    try:
        cleaned = get_valid_filename(base)
    except SuspiciousFileOperation:
        cleaned = ""
    stem, dot, extension = cleaned.rpartition(".")
    if not dot or not extension:
        return (cleaned.strip(".") or FALLBACK_NAME)[:MAX_NAME_LENGTH]
    # Leading dots would make a hidden file of it; ".pdf" and "?.pdf" leave no stem at all.
    stem = stem.strip(".") or FALLBACK_NAME
    extension = extension[: MAX_NAME_LENGTH // 2]
    return f"{stem[: MAX_NAME_LENGTH - len(extension) - 1]}.{extension}"


def claimed_type(name: str, allowed: Collection[FileType]) -> FileType:
    extension = PurePath(name).suffix.lower().lstrip(".")
    accepted = ", ".join(kind.value.upper() for kind in allowed)
    if extension not in {kind.value for kind in allowed}:
        raise UploadRefused("file", f"Files of this type are not accepted; upload one of: {accepted}.")
    return FileType(extension)


def checked_file(upload: IO[bytes], *, name: str, size: int) -> CheckedFile:
    """Check an uploaded file against the settings; raise UploadRefused naming the problem. ``size`` is what
    the upload declares; the bytes themselves are measured, and the larger of the two meets the limit."""
    measured = _stream_size(upload)
    limit = upload_max_bytes()
    if max(size, measured) > limit:
        shown = max(size, measured)
        raise UploadRefused("file", f"The file is {_megabytes(shown)}; the limit is {_megabytes(limit)}.")
    if measured == 0:
        raise UploadRefused("file", "The file is empty.")
    cleaned = clean_file_name(name)
    file_type = claimed_type(cleaned, upload_types())
    upload.seek(0)
    _refuse_program(upload.read(8), file_type)
    upload.seek(0)
    text = _content_check(upload, file_type, measured)
    upload.seek(0)
    return CheckedFile(file_type, cleaned, measured, text)


def _stream_size(upload: IO[bytes]) -> int:
    upload.seek(0, io.SEEK_END)
    measured = upload.tell()
    upload.seek(0)
    return measured


def _refuse_program(head: bytes, file_type: FileType) -> None:
    """Whatever the name says, a program is not a submission. Text is left to the UTF-8 check, which no
    compiled program passes: a CSV may well begin "MZ", and a script is only ever served as a text
    attachment (a course in programming may ask for one)."""
    if file_type in (FileType.TXT, FileType.CSV):
        return
    if head.startswith((*PROGRAM_SIGNATURES, SCRIPT_SIGNATURE)):
        raise UploadRefused(
            "file", f"The file is a program, not a {file_type.value.upper()} document; it cannot be accepted."
        )


def _content_check(upload: IO[bytes], file_type: FileType, size: int) -> str | None:
    if file_type is FileType.PDF:
        if not upload.read(5) == b"%PDF-":
            raise UploadRefused("file", "The file is named .pdf but is not a real PDF file.")
        return None
    if file_type in (FileType.TXT, FileType.CSV):
        text = _utf8_text(upload.read(), file_type)
        # R-AS6: the words of a text file are counted; a CSV holds data, not words.
        return text if file_type is FileType.TXT else None
    return _zip_document(upload, file_type, size)


def _utf8_text(data: bytes, file_type: FileType) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None or "\x00" in text:
        raise UploadRefused(
            "file", f"The file is named .{file_type.value} but is not UTF-8 text; save it as UTF-8 and retry."
        )
    return text


def _zip_document(upload: IO[bytes], file_type: FileType, size: int) -> str | None:
    wrong = UploadRefused(
        "file", f"The file is named .{file_type.value} but is not a real {file_type.value.upper()} file."
    )
    if not zipfile.is_zipfile(upload):
        raise wrong
    _refuse_large_directory(upload, size)
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            _refuse_zip_bomb(members, size)
            _refuse_macros(members)
            names = {member.filename for member in members}
            if ZIP_MEMBERS[file_type] not in names:
                raise wrong
            if file_type is FileType.ODT and archive.read("mimetype").strip() != ODT_MIMETYPE:
                raise wrong
            if file_type is FileType.DOCX:
                return docx_text(archive.read("word/document.xml"))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError):
        raise wrong from None
    return None


def _zip_bomb() -> UploadRefused:
    return UploadRefused("file", "The file unpacks to far more than its size; it cannot be accepted.")


def _refuse_large_directory(upload: IO[bytes], size: int) -> None:
    """Too many members, judged from the end-of-archive record before ``zipfile`` reads them all. A ZIP64
    record says nothing here; the member count after reading still holds for those."""
    tail_length = min(size, _END_OF_ARCHIVE.size + 0xFFFF)
    upload.seek(size - tail_length)
    tail = upload.read(tail_length)
    start = tail.rfind(_END_OF_ARCHIVE_SIGNATURE)
    if start < 0 or len(tail) - start < _END_OF_ARCHIVE.size:
        return
    record = _END_OF_ARCHIVE.unpack_from(tail, start)
    member_count, directory_bytes = record[4], record[5]
    if directory_bytes != _ZIP64_MARKER and directory_bytes > MAX_CENTRAL_DIRECTORY_BYTES:
        raise _zip_bomb()
    if member_count > MAX_MEMBERS:
        raise _zip_bomb()


def _refuse_zip_bomb(members: list[zipfile.ZipInfo], size: int) -> None:
    """Packed sizes adding up to more than the bytes that arrived mean members overlap: one compressed stream
    read by many entries, the zip bomb that a ratio of member sizes alone would let through."""
    if len(members) > MAX_MEMBERS:
        raise _zip_bomb()
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    if packed > size or unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_COMPRESSION_RATIO * max(packed, 1):
        raise _zip_bomb()
    if any(member.flag_bits & 0x1 for member in members):
        raise UploadRefused("file", "The file is password-protected; upload it without a password.")


def _refuse_macros(members: list[zipfile.ZipInfo]) -> None:
    if any(_MACRO_MEMBER.search(member.filename) for member in members):
        raise UploadRefused(
            "file", "The file holds macros, which can run as a program; save it without macros and retry."
        )


def docx_text(document_xml: bytes) -> str:
    """The words of a DOCX main part. Read with patterns, not an XML parser, so no entity in the file is ever
    expanded; runs of one paragraph join without a space, as Word shows them."""
    xml = document_xml.decode("utf-8", errors="replace")
    paragraphs = _PARAGRAPH_END.split(xml)
    return "\n".join(html.unescape("".join(_TEXT_RUN.findall(part))) for part in paragraphs)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
