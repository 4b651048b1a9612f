"""Printable documents (ReportLab; the QR code's modules from ``qrcode``, drawn as vector squares):

* the certificate of a badge (R-CD1): awarding body, learner, title, credit and level, result as the policy
  allows (the badge never holds a mark, R-AS5), dates, and a QR code that opens the public verification page;
  an award's certificate (R-AW4) is the same page, naming the award conferred;
* the transcript (R-CD2): every credit the learner holds, by provider, with level and date.

Text comes from the signed credential, so the paper says what the badge says. Control characters in it are
shown as spaces; the font is DejaVu Sans where the system has it (wide Unicode coverage), else the Vera
font ReportLab ships.
"""

import datetime as dt
import io
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import qrcode
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from microcred.credentials.models import Credential, CredentialKind
from microcred.credentials.services_issuers import verification_url
from microcred.credentials.services_verification import CredentialFacts, credential_facts

_FONT_CANDIDATES: Final = (
    (
        "DejaVuSans",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    ("Vera", "Vera.ttf", "VeraBd.ttf"),
)
INK: Final = colors.HexColor("#1b1f24")
BRAND: Final = colors.HexColor("#1d4e89")
MUTED: Final = colors.HexColor("#4a5360")
LONDON: Final = ZoneInfo("Europe/London")


@cache
def fonts() -> tuple[str, str]:
    """The regular and bold font names, registered once per process."""
    for name, regular, bold in _FONT_CANDIDATES:
        if "/" in regular and not (Path(regular).is_file() and Path(bold).is_file()):
            continue
        pdfmetrics.registerFont(TTFont(f"microcred-{name}", regular))
        pdfmetrics.registerFont(TTFont(f"microcred-{name}-Bold", bold))
        return f"microcred-{name}", f"microcred-{name}-Bold"
    raise RuntimeError("no font for PDFs: ReportLab's Vera.ttf is missing")


def printable(text: str | None) -> str:
    """The text with control characters (``\\b``, ``\\f``, BEL, DEL …) as spaces, runs of space as one."""
    cleaned = "".join(" " if unicodedata.category(char) == "Cc" else char for char in text or "")
    return " ".join(cleaned.split())


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR code of the text: rows of modules, True for dark, with no quiet zone (the page leaves one)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(text)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    return matrix


def draw_qr(canvas: Canvas, text: str, *, x: float, y: float, size: float) -> None:
    """The QR code of ``text`` in a square of ``size`` points with its lower left corner at (x, y), and a link
    to the same address over it."""
    matrix = qr_matrix(text)
    module = size / len(matrix)
    canvas.setFillColor(colors.black)
    for row_number, row in enumerate(matrix):
        for column_number, is_dark in enumerate(row):
            if is_dark:
                top = y + size - (row_number + 1) * module
                canvas.rect(x + column_number * module, top, module, module, stroke=0, fill=1)
    canvas.linkURL(text, (x, y, x + size, y + size), relative=0)


@dataclass(frozen=True)
class Certificate:
    """What a badge's certificate shows; every string comes from the signed credential."""

    awarding_body: str
    learner_name: str
    title: str
    credit_and_level: str
    result: str | None
    awarded_on: str
    issued_on: str
    credential_id: str
    verification_url: str
    awarded_what: str = "has been awarded the microcredential"


def _centred(canvas: Canvas, text: str, *, y: float, font: str, size: float, width: float) -> float:
    """Draw the text centred and wrapped; returns the y below it."""
    for line in simpleSplit(text, font, size, width - 60 * mm):
        canvas.setFont(font, size)
        canvas.drawCentredString(width / 2, y, line)
        y -= size * 1.3
    return y


def certificate_pdf(certificate: Certificate) -> bytes:
    """R-CD1: the certificate of a badge, one A4 landscape page."""
    regular, bold = fonts()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    canvas = Canvas(buffer, pagesize=(width, height))
    canvas.setTitle(printable(certificate.title))
    canvas.setAuthor(printable(certificate.awarding_body))
    canvas.setSubject(
        f"Certificate of {printable(certificate.title)}; check it at {certificate.verification_url}"
    )
    canvas.setStrokeColor(BRAND)
    canvas.setLineWidth(3)
    canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    canvas.setFillColor(BRAND)
    y = _centred(
        canvas, printable(certificate.awarding_body), y=height - 40 * mm, font=bold, size=24, width=width
    )
    canvas.setFillColor(INK)
    y = _centred(canvas, "certifies that", y=y - 6 * mm, font=regular, size=13, width=width)
    y = _centred(canvas, printable(certificate.learner_name), y=y - 4 * mm, font=bold, size=26, width=width)
    y = _centred(canvas, certificate.awarded_what, y=y - 4 * mm, font=regular, size=13, width=width)
    y = _centred(canvas, printable(certificate.title), y=y - 4 * mm, font=bold, size=22, width=width)
    lines = [certificate.credit_and_level]
    if certificate.result:
        lines.append(f"Result: {certificate.result}")
    lines.append(f"Awarded on {certificate.awarded_on} · issued on {certificate.issued_on}")
    for line in lines:
        y = _centred(canvas, printable(line), y=y - 2 * mm, font=regular, size=12, width=width)
    qr_size = 34 * mm
    draw_qr(canvas, certificate.verification_url, x=width - 24 * mm - qr_size, y=22 * mm, size=qr_size)
    canvas.setFillColor(MUTED)
    canvas.setFont(regular, 9)
    canvas.drawString(24 * mm, 30 * mm, "Check this certificate, and the digital badge it belongs to, at")
    canvas.drawString(24 * mm, 25 * mm, certificate.verification_url)
    canvas.drawString(24 * mm, 20 * mm, f"Credential {certificate.credential_id}")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@dataclass(frozen=True)
class TranscriptRow:
    title: str
    credits: str
    level: str
    result: str
    awarded_on: str


@dataclass(frozen=True)
class Transcript:
    """R-CD2: what a transcript shows, rows grouped by provider in the order given."""

    learner_name: str
    issuer_name: str
    issued_on: str
    providers: Sequence[tuple[str, Sequence[TranscriptRow]]]
    total_credits: str
    credential_id: str
    verification_url: str


class _QrFlowable(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    def __init__(self, text: str, size: float) -> None:
        super().__init__()
        self.text = text
        self.size = size
        self.width = self.height = size
        self.hAlign = "LEFT"

    def draw(self) -> None:
        draw_qr(self.canv, self.text, x=0, y=0, size=self.size)


def _provider_table(rows: Sequence[TranscriptRow], regular: str, bold: str) -> Table:
    cell = ParagraphStyle("cell", fontName=regular, fontSize=9, leading=11)
    header = ["Microcredential", "Credits", "Level", "Result", "Awarded"]
    body = [
        [
            Paragraph(escape(printable(value)), cell)
            for value in (row.title, row.credits, row.level, row.result, row.awarded_on)
        ]
        for row in rows
    ]
    table = Table([header, *body], colWidths=[62 * mm, 16 * mm, 50 * mm, 20 * mm, 26 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), bold, 9),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, MUTED),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def transcript_pdf(transcript: Transcript) -> bytes:
    """R-CD2: the transcript, A4 portrait, as many pages as it takes."""
    regular, bold = fonts()
    heading = ParagraphStyle("heading", fontName=bold, fontSize=18, leading=22, textColor=BRAND)
    subheading = ParagraphStyle(
        "subheading", fontName=bold, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4
    )
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13)
    story: list[Flowable] = [
        Paragraph(f"Transcript of {escape(printable(transcript.learner_name))}", heading),
        Paragraph(
            f"Issued by {escape(printable(transcript.issuer_name))} on {escape(transcript.issued_on)}", body
        ),
        Spacer(1, 4 * mm),
    ]
    for provider, rows in transcript.providers:
        story += [Paragraph(escape(printable(provider)), subheading), _provider_table(rows, regular, bold)]
    story += [
        Spacer(1, 4 * mm),
        Paragraph(f"Credit held in all: {escape(transcript.total_credits)} UK credits", body),
        Spacer(1, 6 * mm),
        _QrFlowable(transcript.verification_url, 28 * mm),
        Paragraph(f"Check this transcript at {escape(transcript.verification_url)}", body),
        Paragraph(f"Credential {escape(transcript.credential_id)}", body),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"Transcript of {printable(transcript.learner_name)}",
        author=transcript.issuer_name,
    )
    document.build(story)
    return buffer.getvalue()


def _day(moment: dt.datetime | None) -> str:
    return f"{moment.astimezone(LONDON):%-d %B %Y}" if moment else ""


def _credit_and_level(facts: CredentialFacts) -> str:
    credits = f"{facts.credits:g} UK credits" if facts.credits is not None else ""
    return " · ".join(part for part in (credits, facts.level) if part)


def certificate_of(credential: Credential) -> Certificate:
    """The certificate of a badge, or of an award (R-AW4), from its signed document."""
    facts = credential_facts(json.loads(credential.document_json))
    is_award = credential.kind == CredentialKind.AWARD
    return Certificate(
        awarding_body=facts.issuer_name,
        learner_name=facts.learner_name or "The holder of this credential",
        title=facts.title,
        credit_and_level=_credit_and_level(facts),
        result=facts.result,
        awarded_on=_day(facts.awarded or facts.valid_from),
        issued_on=_day(facts.valid_from),
        credential_id=credential.credential_id,
        verification_url=verification_url(credential.public_id),
        awarded_what="has been awarded the" if is_award else "has been awarded the microcredential",
    )


def transcript_of(credential: Credential) -> Transcript:
    """The printable transcript of a CLR credential: its embedded badges, by awarding body."""
    document = json.loads(credential.document_json)
    facts = credential_facts(document)
    badges = [credential_facts(badge) for badge in document["credentialSubject"]["verifiableCredential"]]
    providers: dict[str, list[TranscriptRow]] = {}
    for badge in badges:
        row = TranscriptRow(
            badge.title, f"{badge.credits or 0:g}", badge.level, badge.result or "", _day(badge.awarded)
        )
        providers.setdefault(badge.issuer_name, []).append(row)
    names = {badge.learner_name for badge in badges if badge.learner_name}
    return Transcript(
        learner_name=next(iter(names)) if len(names) == 1 else "the holder of this credential",
        issuer_name=facts.issuer_name,
        issued_on=_day(facts.valid_from),
        providers=sorted(providers.items()),
        total_credits=f"{sum(badge.credits or 0 for badge in badges):g}",
        credential_id=credential.credential_id,
        verification_url=verification_url(credential.public_id),
    )
