"""R-AS7: a marker of the awarding provider marks; a second person moderates every Fail and Distinction; a
moderator or registry officer releases; every change is kept with who and when. R-AS4: grades and pass marks
are the policy's (IBERS: 50 for a report, 70 for a test)."""

import datetime as dt

import pytest
from django.core import mail
from tests.assessment.builders import (
    at,
    course,
    enrolment_for,
    marked,
    moderated,
    online_test,
    released_result,
    staff,
    submit_file,
)

from microcred.assessment import services
from microcred.assessment.errors import AssessmentError, NotPermitted, NotReady, StaleSubmission
from microcred.assessment.models import Credit, MarkEvent, Submission, SubmissionStatus
from microcred.common.roles import Role
from microcred.credentials.models import Credential

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(learner, time_machine) -> Submission:
    time_machine.move_to(at(2026, 3, 2, 9), tick=False)
    return submit_file(enrolment_for(learner, course("uol")))


def _release(submission: Submission, actor) -> services.Release:
    return services.submission_release(submission_id=submission.pk, actor=actor)


def test_r_as7_a_pass_needs_no_moderation_and_is_released(submission, uol_marker, uol_registry) -> None:
    after = marked(submission, 55, uol_marker)

    release = _release(after, uol_registry)

    assert (after.grade, after.needs_moderation, after.is_ready_to_release) == ("pass", False, True)
    assert (release.is_new, release.submission.status) == (True, SubmissionStatus.RELEASED)


@pytest.mark.parametrize(("mark", "grade"), [(49, "fail"), (70, "distinction")])
def test_r_as7_a_fail_or_distinction_waits_for_moderation(
    submission, uol_marker, uol_registry, mark, grade
) -> None:
    after = marked(submission, mark, uol_marker)

    with pytest.raises(NotReady) as refused:
        _release(after, uol_registry)

    assert (after.grade, after.needs_moderation) == (grade, True)
    assert refused.value.message == "Only a marked result, moderated where it must be, can be released."
    assert Submission.objects.get().status == SubmissionStatus.MARKED


@pytest.mark.parametrize(("mark", "grade"), [(50, "pass"), (60, "merit"), (69, "merit")])
def test_r_as4_uol_boundaries_that_need_no_moderation(submission, uol_marker, mark, grade) -> None:
    after = marked(submission, mark, uol_marker)

    assert (after.grade, after.needs_moderation) == (grade, False)


def test_r_as7_the_marker_may_not_moderate_their_own_mark(submission, uol_moderator) -> None:
    after = marked(submission, 30, uol_moderator)

    with pytest.raises(NotPermitted) as refused:
        moderated(after, uol_moderator)

    assert refused.value.message == "A second person must moderate: you marked this submission."
    assert Submission.objects.get().moderated_at is None


def test_r_as7_a_marker_may_not_moderate(submission, uol_marker) -> None:
    other_marker = staff(Role.MARKER, "uol", "second.marker@uol.example.org")
    after = marked(submission, 30, uol_marker)

    with pytest.raises(NotPermitted):
        moderated(after, other_marker)


def test_r_as7_moderation_may_agree_another_mark(submission, uol_marker, uol_moderator) -> None:
    after = marked(submission, 45, uol_marker)

    agreed = services.submission_moderate(
        submission_id=after.pk, moderator=uol_moderator, expected_version=after.version, agreed_mark=52,
        note="Section 3 earns more credit than given.",
    )  # fmt: skip

    assert (agreed.mark, agreed.grade, agreed.moderated_by, agreed.is_ready_to_release) == (
        52, "pass", uol_moderator, True,
    )  # fmt: skip


def test_r_as7_every_mark_change_is_kept_with_who_and_when(
    submission, uol_marker, uol_moderator, uol_registry, time_machine
) -> None:
    second_marker = staff(Role.MARKER, "uol", "second.marker@uol.example.org")
    time_machine.move_to(at(2026, 3, 9, 14), tick=False)
    first = marked(submission, 48, uol_marker)
    time_machine.move_to(at(2026, 3, 10, 11), tick=False)
    second = marked(first, 44, second_marker)
    time_machine.move_to(at(2026, 3, 11, 16), tick=False)
    moderated(second, uol_moderator)
    time_machine.move_to(at(2026, 3, 12, 9), tick=False)
    _release(Submission.objects.get(), uol_registry)

    history = list(
        MarkEvent.objects.order_by("at").values_list(
            "kind", "actor__email", "at", "mark_before", "mark_after", "grade_after"
        )
    )

    assert history == [
        ("marked", "marker@uol.example.org", at(2026, 3, 9, 14), None, 48, "fail"),
        ("marked", "second.marker@uol.example.org", at(2026, 3, 10, 11), 48, 44, "fail"),
        ("moderated", "moderator@uol.example.org", at(2026, 3, 11, 16), 44, 44, "fail"),
        ("released", "registry@uol.example.org", at(2026, 3, 12, 9), 44, 44, "fail"),
    ]


def test_r_as7_a_save_against_an_old_version_is_refused(submission, uol_marker) -> None:
    second_marker = staff(Role.MARKER, "uol", "second.marker@uol.example.org")
    opened_at = submission.version
    marked(submission, 58, uol_marker)

    with pytest.raises(StaleSubmission):
        services.submission_mark(
            submission_id=submission.pk,
            marker=second_marker,
            mark=62,
            feedback="",
            expected_version=opened_at,
        )

    saved = Submission.objects.get()
    assert (saved.mark, saved.marked_by, MarkEvent.objects.count()) == (58, uol_marker, 1)


def test_r_as7_changing_the_mark_after_moderation_needs_moderating_again(
    submission, uol_marker, uol_moderator
) -> None:
    after = moderated(marked(submission, 40, uol_marker), uol_moderator)

    again = marked(after, 35, uol_marker)

    assert (again.moderated_at, again.is_ready_to_release) == (None, False)


def test_r_as7_a_released_result_cannot_be_marked_again(submission, uol_marker, uol_registry) -> None:
    _release(marked(submission, 55, uol_marker), uol_registry)

    with pytest.raises(NotReady) as refused:
        marked(submission, 75, uol_marker)

    assert refused.value.message == "A released result cannot be marked again."
    assert Submission.objects.get().mark == 55


@pytest.mark.parametrize(("mark", "is_valid"), [(-1, False), (101, False), (0, True), (100, True)])
def test_r_as4_a_mark_is_a_whole_number_from_0_to_100(submission, uol_marker, mark, is_valid) -> None:
    if is_valid:
        assert marked(submission, mark, uol_marker).mark == mark
        return
    with pytest.raises(AssessmentError) as refused:
        marked(submission, mark, uol_marker)
    assert (refused.value.field, refused.value.message) == ("mark", "Enter a whole number from 0 to 100.")


def test_r_as4_ibers_report_passes_at_50(learner, time_machine) -> None:
    marker = staff(Role.MARKER, "ibers", "marker@ibers.example.org")
    time_machine.move_to(at(2026, 3, 2), tick=False)
    report = submit_file(enrolment_for(learner, course("ibers")))

    assert marked(report, 50, marker).grade == "pass"


@pytest.mark.parametrize(
    ("right", "mark", "grade", "needs_moderation"), [(6, 60, "fail", True), (7, 70, "pass", False)]
)
def test_r_as4_ibers_test_needs_70_and_pass_fail_moderates_only_fails(
    learner, time_machine, right, mark, grade, needs_moderation
) -> None:
    time_machine.move_to(at(2026, 3, 2), tick=False)
    test_course = course("ibers", assessment_type="masters_test")
    online_test(test_course, questions=10)
    enrolment = enrolment_for(learner, test_course)
    started = services.online_test_start(enrolment_id=enrolment.pk, learner=learner)

    handed_in = services.online_test_hand_in(
        submission_id=started.pk, learner=learner, answers={n: (0 if n <= right else 1) for n in range(1, 11)}
    )

    assert (handed_in.mark, handed_in.grade, handed_in.needs_moderation) == (mark, grade, needs_moderation)


def test_r_as7_release_creates_the_credit_once(submission, uol_marker, uol_registry, time_machine) -> None:
    time_machine.move_to(at(2026, 3, 31, 23, 30), tick=False)
    first = _release(marked(submission, 65, uol_marker), uol_registry)

    second = _release(submission, uol_registry)

    credit = Credit.objects.get()
    course_ = submission.enrolment.microcredential
    assert (first.is_new, second.is_new, second.credit) == (True, False, credit)
    assert (
        credit.learner, credit.provider, credit.microcredential, credit.submission, credit.subject,
        credit.credits, credit.level, credit.awarded_on, credit.grade, credit.policy_version,
        credit.used_by_award_id,
    ) == (
        submission.enrolment.learner, course_.provider, course_, submission, "Public Health",
        15, 7, dt.date(2026, 3, 31), "merit", "2026.1",
        None,
    )  # fmt: skip
    assert MarkEvent.objects.filter(kind="released").count() == 1


def test_r_as7_a_fail_creates_no_credit(submission, uol_marker, uol_moderator, uol_registry) -> None:
    release = released_result(
        submission, 20, marker=uol_marker, moderator=uol_moderator, registry=uol_registry
    )

    assert (release.credit, Credit.objects.count()) == (None, 0)


def test_r_as7_the_learner_is_emailed_once_after_commit(
    submission, uol_marker, uol_registry, django_capture_on_commit_callbacks
) -> None:
    after = marked(submission, 65, uol_marker)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _release(after, uol_registry)
    with django_capture_on_commit_callbacks(execute=True):
        _release(after, uol_registry)

    # The e-mail and, through ASSESSMENT_PASS_HANDLERS, the badge (R-CD1): each once.
    assert len(callbacks) == 2
    assert Credential.objects.filter(credit__submission=after).count() == 1
    assert [(message.subject, message.to) for message in mail.outbox] == [
        ("[microcred] Your result for UOL Course", ["learner@example.org"])
    ]
    assert "Result: Merit (65)" in mail.outbox[0].body
    assert Submission.objects.get().learner_notified_at is not None


def test_r_as7_marking_a_released_result_leaves_the_credit_alone(
    submission, uol_marker, uol_registry
) -> None:
    _release(marked(submission, 65, uol_marker), uol_registry)

    with pytest.raises(NotReady):
        marked(submission, 10, uol_marker)

    assert Credit.objects.get().grade == "merit"
