"""Builders of the assessment tests: courses of the three providers, enrolments made directly (the purchase
path is the enrolment tests' business), files of each kind, and a submission taken through marking."""

import datetime as dt
import io
import uuid
import zipfile
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from tests.factories.accounts import StaffFactory
from tests.factories.catalog import MicrocredentialFactory, ProviderFactory, SubjectFactory

from microcred.accounts.models import User
from microcred.assessment import services
from microcred.assessment.models import Submission, SubmissionFormat
from microcred.assessment.services.configuration import QuestionSpec
from microcred.catalog.models import Microcredential, StartMode
from microcred.common.roles import Role
from microcred.enrolment.models import Enrolment, EnrolmentStatus, Order, OrderKind, OrderLine

LONDON = ZoneInfo("Europe/London")
ASSESSMENT_TYPES = {"uol": "project", "ou": "final_assessment", "ibers": "report"}
CREDITS = {"uol": 15, "ou": 15, "ibers": 5}
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0, second: int = 0) -> dt.datetime:
    """A moment on the clocks in London (GMT or BST as the date has it)."""
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=LONDON)


def course(provider_slug: str = "uol", **overrides: object) -> Microcredential:
    values: dict[str, object] = {
        "provider": ProviderFactory(slug=provider_slug),
        "title": f"{provider_slug.upper()} Course",
        "credits": CREDITS[provider_slug],
        "assessment_type": ASSESSMENT_TYPES[provider_slug],
        "start_mode": StartMode.ANYTIME,
        "primary_subject": SubjectFactory(name="Public Health"),
    }
    values.update(overrides)
    return MicrocredentialFactory(**values)


def enrolment_for(
    learner: User,
    microcredential: Microcredential,
    *,
    track: str = "credit_bearing",
    status: EnrolmentStatus = EnrolmentStatus.ACTIVE,
    registered_on: dt.date = dt.date(2026, 1, 1),
) -> Enrolment:
    """A paid enrolment as fulfilment leaves it; IBERS registrations run a year (R-EN4)."""
    provider = microcredential.provider
    policy = provider.policy
    order = Order.objects.create(
        learner=learner,
        kind=OrderKind.PURCHASE,
        idempotency_key=uuid.uuid4().hex,
        fulfilled_at=at(2026, 1, 1),
    )
    line = OrderLine.objects.create(
        order=order,
        reference=f"{provider.slug}:{uuid.uuid4().hex}",
        microcredential=microcredential,
        provider=provider,
        track=track,
        amount_minor=10000,
        currency="GBP",
        policy_version=policy.version,
    )
    expires = registered_on.replace(year=registered_on.year + 1) if policy.registration else None
    return Enrolment.objects.create(
        learner=learner,
        microcredential=microcredential,
        order_line=line,
        track=track,
        status=status,
        policy_version=policy.version,
        registered_on=registered_on,
        access_starts_on=registered_on,
        registration_expires_on=expires,
        ended_at=at(2026, 1, 2) if status == EnrolmentStatus.REFUNDED else None,
    )


def staff(role: Role, provider_slug: str, email: str) -> User:
    return StaffFactory(email=email, role=role, provider=ProviderFactory(slug=provider_slug))


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A minimal Word document: each paragraph split over two runs, as Word often stores them."""
    body = "".join(
        f'<w:p><w:r><w:t>{text[:3]}</w:t></w:r><w:r><w:t xml:space="preserve">{text[3:]}</w:t></w:r></w:p>'
        for text in paragraphs
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document '
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def zip_bomb_docx(unpacked_megabytes: int) -> bytes:
    """A DOCX whose main part is ``unpacked_megabytes`` of zeros: it packs some thousand times smaller."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(unpacked_megabytes):
                member.write(chunk)
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def submit_file(
    enrolment: Enrolment, name: str = "report.pdf", data: bytes = MINIMAL_PDF, **kwargs: int
) -> Submission:
    content = services.SubmissionContent(upload=upload(name, data), stated_word_count=kwargs.get("words"))
    return services.submission_create(enrolment_id=enrolment.pk, learner=enrolment.learner, content=content)


def submit_text(enrolment: Enrolment, text: str) -> Submission:
    content = services.SubmissionContent(text=text)
    return services.submission_create(enrolment_id=enrolment.pk, learner=enrolment.learner, content=content)


def marked(
    submission: Submission, mark: int, marker: User, feedback: str = "Clear and well argued."
) -> Submission:
    return services.submission_mark(
        submission_id=submission.pk,
        marker=marker,
        mark=mark,
        feedback=feedback,
        expected_version=Submission.objects.get(pk=submission.pk).version,
    )


def moderated(submission: Submission, moderator: User) -> Submission:
    return services.submission_moderate(
        submission_id=submission.pk, moderator=moderator, expected_version=submission.version
    )


def released_result(
    submission: Submission, mark: int, *, marker: User, moderator: User, registry: User
) -> services.Release:
    """Mark, moderate where the grade asks for it (R-AS7), and release."""
    submission = marked(submission, mark, marker)
    if submission.needs_moderation:
        submission = moderated(submission, moderator)
    return services.submission_release(submission_id=submission.pk, actor=registry)


def online_test(microcredential: Microcredential, *, questions: int = 10, minutes: int = 30) -> None:
    """A timed test whose correct answer is always the first choice."""
    services.assessment_configure(
        microcredential=microcredential,
        submission_format=SubmissionFormat.ONLINE_TEST,
        time_limit_minutes=minutes,
        questions=[
            QuestionSpec(text=f"Question {number}?", choices=("Right", "Wrong"), correct_choice=0)
            for number in range(1, questions + 1)
        ],
    )
