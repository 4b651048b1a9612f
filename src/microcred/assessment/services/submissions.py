"""Taking an attempt at the final assessment as a file or as text (R-AS1): the learner may sit it (R-EN3), a
window is open (R-AS2), an attempt is left (R-AS3), the file is what it claims to be, and its words are
counted and flagged to the marker when far over the limit (R-AS6), never refused for it."""

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from microcred.assessment import selectors
from microcred.assessment.errors import AssessmentError, AttemptRefused, UploadRefused
from microcred.assessment.file_checks import checked_file
from microcred.assessment.locks import enrolment_locked
from microcred.assessment.models import Submission, SubmissionFormat, SubmissionStatus
from microcred.assessment.services.attempts import next_attempt_number
from microcred.rules.policy import Policy
from microcred.rules.word_limits import count_words, word_count_check

TEXT_MAX_LENGTH = 200_000
STATED_WORDS_MAX = 1_000_000


@dataclass(frozen=True)
class SubmissionContent:
    """What the learner handed in: a file, or text typed into the page; and the word count they state for a
    file whose words are not read (PDF, ODT, CSV, XLSX)."""

    upload: "UploadedFile[bytes] | None" = None
    text: str = ""
    stated_word_count: int | None = None


def submission_create(
    *, enrolment_id: int, learner: AbstractBaseUser, content: SubmissionContent
) -> Submission:
    """Take the attempt now, or raise an AssessmentError naming the field and the reason (for a closed
    window, the date the next one opens)."""
    now = timezone.now()
    _stated_check(content.stated_word_count)
    with transaction.atomic():
        enrolment = enrolment_locked(enrolment_id=enrolment_id, learner_id=learner.pk)
        microcredential = enrolment.microcredential
        policy = microcredential.provider.policy
        assessment = selectors.assessment_of(microcredential)
        if assessment.is_online_test:
            raise AttemptRefused(
                "submission", "This assessment is a timed online test: start it on its page."
            )
        number = next_attempt_number(enrolment, now=now, policy=policy)
        kind = selectors.assessment_type_of(microcredential, policy)
        submission = Submission(
            enrolment=enrolment,
            provider_id=microcredential.provider_id,
            attempt_number=number,
            submission_format=assessment.submission_format,
            assessment_type=microcredential.assessment_type,
            submitted_at=now,
            policy_version=policy.version,
            status=SubmissionStatus.AWAITING_MARKING,
            word_limit=kind.word_limit if kind else None,
        )
        words = _content_set(submission, content)
        _word_count_set(submission, words, content.stated_word_count, policy)
        _save_keeping_no_orphan(submission)
    return submission


def _stated_check(stated: int | None) -> None:
    if stated is not None and not 0 <= stated <= STATED_WORDS_MAX:
        raise AssessmentError(
            "stated_word_count", f"Enter the number of words, from 0 to {STATED_WORDS_MAX:,}."
        )


def _content_set(submission: Submission, content: SubmissionContent) -> int | None:
    """Store the file or text on the submission; return the words counted from it, if they can be."""
    if submission.submission_format == SubmissionFormat.TEXT:
        text = content.text.strip()
        if not text:
            raise AssessmentError("text", "Enter the text of your submission.")
        if len(text) > TEXT_MAX_LENGTH:
            raise AssessmentError(
                "text", f"Keep the text under {TEXT_MAX_LENGTH:,} characters, or upload a file."
            )
        submission.text = text
        return count_words(text)
    upload = content.upload
    if upload is None:
        raise UploadRefused("file", "Choose a file to upload.")
    checked = checked_file(upload, name=upload.name or "", size=upload.size or 0)
    submission.file_name = checked.name
    submission.file_type = checked.file_type
    submission.file_size = checked.size
    submission.file.save(checked.name, upload, save=False)
    return count_words(checked.text) if checked.text is not None else None


def _word_count_set(submission: Submission, counted: int | None, stated: int | None, policy: Policy) -> None:
    """R-AS6: a counted figure wins over a stated one; with neither the count is unknown, and says so."""
    if counted is None and stated is not None:
        submission.is_word_count_stated = True
    words = counted if counted is not None else stated
    submission.word_count = words
    if words is not None:
        submission.is_over_word_limit = word_count_check(
            words, submission.word_limit, policy.assessment
        ).is_flagged


def _save_keeping_no_orphan(submission: Submission) -> None:
    try:
        submission.save()
    except BaseException:
        if submission.file:
            submission.file.delete(save=False)
        raise
