"""R-AS6: the word count is shown on submission and to the marker; more than 10% over the limit is flagged to
the marker, never refused. TXT, DOCX and typed text are counted; for other files the learner may state the
count, and without it the count is shown as not counted."""

import pytest
from tests.assessment.builders import MINIMAL_PDF, at, course, enrolment_for, staff, submit_file, upload

from microcred.assessment import selectors
from microcred.assessment.models import Submission
from microcred.common.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def ibers_report(learner, time_machine):
    """IBERS's 1,500-word report (R-AS1): flagged from 1,651 words."""
    time_machine.move_to(at(2026, 3, 2), tick=False)
    return enrolment_for(learner, course("ibers"))


def _words(count: int) -> bytes:
    return " ".join(["word"] * count).encode()


def test_r_as6_1651_words_are_flagged_to_the_marker_not_refused(ibers_report) -> None:
    submission = submit_file(ibers_report, "report.txt", _words(1651))

    text = selectors.word_count_text(submission, ibers_report.microcredential.provider.policy)
    assert (submission.word_count, submission.word_limit, submission.is_over_word_limit) == (1651, 1500, True)
    assert text == selectors.WordCountText(
        "1651 words: more than 10% over the 1500-word limit, flagged to the marker.", True
    )


def test_r_as6_1650_words_are_within_the_tolerance(ibers_report) -> None:
    submission = submit_file(ibers_report, "report.txt", _words(1650))

    assert (submission.word_count, submission.is_over_word_limit) == (1650, False)


def test_r_as6_a_pdf_with_a_stated_count_is_flagged_on_that_count(ibers_report) -> None:
    submission = submit_file(ibers_report, "report.pdf", MINIMAL_PDF, words=1800)

    text = selectors.word_count_text(submission, ibers_report.microcredential.provider.policy)
    assert (submission.word_count, submission.is_word_count_stated, submission.is_over_word_limit) == (
        1800,
        True,
        True,
    )
    assert text.text == (
        "1800 words: more than 10% over the 1500-word limit, flagged to the marker. "
        "The learner stated this count."
    )


def test_r_as6_a_pdf_without_a_stated_count_says_it_is_not_counted(ibers_report) -> None:
    submission = submit_file(ibers_report, "report.pdf", MINIMAL_PDF)

    text = selectors.word_count_text(submission, ibers_report.microcredential.provider.policy)
    assert text == selectors.WordCountText(
        "Not counted: the words of a PDF are not read, and none was stated.", False
    )


def test_r_as6_a_counted_file_ignores_a_stated_count(ibers_report) -> None:
    submission = submit_file(ibers_report, "report.txt", _words(100), words=5000)

    assert (submission.word_count, submission.is_word_count_stated) == (100, False)


def test_r_as6_the_learner_is_told_the_count_on_submission(client_for, learner, ibers_report) -> None:
    response = client_for(learner).post(
        f"/my/enrolments/{ibers_report.public_id}/assessment/submit/",
        {"file": upload("report.txt", _words(1700))},
        follow=True,
    )

    assert response.status_code == 200
    assert (
        "Attempt 1 received. 1700 words: more than 10% over the 1500-word limit, flagged to the marker."
        in response.content.decode()
    )


def test_r_as6_the_marker_sees_the_flag(client_for, ibers_report) -> None:
    marker = staff(Role.MARKER, "ibers", "marker@ibers.example.org")
    submission = submit_file(ibers_report, "report.txt", _words(1700))

    queue = client_for(marker).get("/staff/marking/").content.decode()
    detail = client_for(marker).get(f"/staff/marking/{submission.public_id}/").content.decode()

    flag = "1700 words: more than 10% over the 1500-word limit, flagged to the marker."
    assert f"<strong>Over the limit:</strong> {flag}" in queue
    assert f"<strong>Flagged:</strong> {flag}" in detail
    assert Submission.objects.get().status == "awaiting_marking"
