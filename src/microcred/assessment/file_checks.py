"""What an uploaded submission file really is. The name the learner gave it says what it claims to be; the
content must agree: a PDF starts ``%PDF-``; DOCX, XLSX and ODT are ZIP archives holding their own main part;
TXT and CSV decode as UTF-8. ZIP archives are refused when they would unpack far beyond their size (a zip
bomb). The text of TXT and DOCX files is returned so its words can be counted (R-AS6).

Size limit and accepted types are settings (``ASSESSMENT_UPLOAD_MAX_BYTES``, ``ASSESSMENT_UPLOAD_TYPES``);
the defaults here apply when a deployment sets neither.
"""

import html
import re
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
MAX_NAME_LENGTH = 120

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
        cleaned = "submission"
    stem, dot, extension = cleaned.rpartition(".")
    if not dot:
        return cleaned[:MAX_NAME_LENGTH]
    return f"{stem[: MAX_NAME_LENGTH - len(extension) - 1]}.{extension}"


def claimed_type(name: str, allowed: Collection[FileType]) -> FileType:
    extension = PurePath(name).suffix.lower().lstrip(".")
    accepted = ", ".join(kind.value.upper() for kind in allowed)
    if extension not in {kind.value for kind in allowed}:
        raise UploadRefused("file", f"Files of this type are not accepted; upload one of: {accepted}.")
    return FileType(extension)


def checked_file(upload: IO[bytes], *, name: str, size: int) -> CheckedFile:
    """Check an uploaded file against the settings; raise UploadRefused naming the problem."""
    limit = upload_max_bytes()
    if size > limit:
        raise UploadRefused("file", f"The file is {_megabytes(size)}; the limit is {_megabytes(limit)}.")
    if size == 0:
        raise UploadRefused("file", "The file is empty.")
    cleaned = clean_file_name(name)
    file_type = claimed_type(cleaned, upload_types())
    upload.seek(0)
    text = _content_check(upload, file_type)
    upload.seek(0)
    return CheckedFile(file_type, cleaned, size, text)


def _content_check(upload: IO[bytes], file_type: FileType) -> str | None:
    if file_type is FileType.PDF:
        if not upload.read(5) == b"%PDF-":
            raise UploadRefused("file", "The file is named .pdf but is not a real PDF file.")
        return None
    if file_type in (FileType.TXT, FileType.CSV):
        text = _utf8_text(upload.read(), file_type)
        # R-AS6: the words of a text file are counted; a CSV holds data, not words.
        return text if file_type is FileType.TXT else None
    return _zip_document(upload, file_type)


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


def _zip_document(upload: IO[bytes], file_type: FileType) -> str | None:
    wrong = UploadRefused(
        "file", f"The file is named .{file_type.value} but is not a real {file_type.value.upper()} file."
    )
    if not zipfile.is_zipfile(upload):
        raise wrong
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            _refuse_zip_bomb(members)
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


def _refuse_zip_bomb(members: list[zipfile.ZipInfo]) -> None:
    refused = UploadRefused("file", "The file unpacks to far more than its size; it cannot be accepted.")
    if len(members) > MAX_MEMBERS:
        raise refused
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_COMPRESSION_RATIO * max(packed, 1):
        raise refused
    if any(member.flag_bits & 0x1 for member in members):
        raise UploadRefused("file", "The file is password-protected; upload it without a password.")


def docx_text(document_xml: bytes) -> str:
    """The words of a DOCX main part. Read with patterns, not an XML parser, so no entity in the file is ever
    expanded; runs of one paragraph join without a space, as Word shows them."""
    xml = document_xml.decode("utf-8", errors="replace")
    paragraphs = _PARAGRAPH_END.split(xml)
    return "\n".join(html.unescape("".join(_TEXT_RUN.findall(part))) for part in paragraphs)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
