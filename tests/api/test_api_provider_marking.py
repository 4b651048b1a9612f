"""R-AS4, R-AS7 through the API: a provider's external marking system enters marks of its own submissions,
with the marking page's checks and audit trail (the key, or the officer, recorded as who marked); a replay
changes nothing, and another provider's key finds nothing."""

import pytest
from tests.assessment.builders import at, course, enrolment_for, staff, submit_file

from microcred.assessment import services as assessment_services
from microcred.assessment.models import MarkEvent, Submission, SubmissionStatus
from microcred.assessment.queues import mark_history
from microcred.common.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uploads(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def submission(learner, time_machine) -> Submission:
    time_machine.move_to(at(2026, 3, 2, 9), tick=False)
    return submit_file(enrolment_for(learner, course("uol")))


def _mark(api_client, headers: dict[str, str], submission: Submission, body: dict):
    return api_client.post(
        f"/api/v1/provider/submissions/{submission.public_id}/mark",
        body,
        content_type="application/json",
        headers=headers,
    )


def test_r_as7_a_key_marks_a_submission_and_the_trail_names_the_key(
    api_client, submission, uol_registry, api_key_for
) -> None:
    headers = {"X-Api-Key": api_key_for(uol_registry)}

    response = _mark(api_client, headers, submission, {"mark": 65, "feedback": "Well argued."})

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["mark"], body["grade"], body["needs_moderation"], body["version"]) == (
        "marked", 65, "merit", False, 2,
    )  # fmt: skip
    submission.refresh_from_db()
    assert (submission.mark, submission.feedback, submission.marked_by) == (65, "Well argued.", None)
    [event] = MarkEvent.objects.all()
    assert (event.kind, event.actor, event.mark_after, event.grade_after) == ("marked", None, 65, "merit")
    assert event.actor_label.startswith("API key mck_")
    assert event.actor_label.endswith("(marking)")
    [row] = mark_history(submission, submission.enrolment.microcredential.provider.policy)
    assert row.actor_text == event.actor_label


def test_r_as7_a_distinction_from_outside_still_waits_for_a_moderator(
    client_for, submission, uol_registry
) -> None:
    moderator = staff(Role.MODERATOR, "uol", "moderator@uol.example.org")

    body = client_for(uol_registry).post(
        f"/api/v1/provider/submissions/{submission.public_id}/mark", {"mark": 75},
        content_type="application/json",
    ).json()  # fmt: skip
    moderated = assessment_services.submission_moderate(
        submission_id=submission.pk, moderator=moderator, expected_version=body["version"]
    )

    assert (body["grade"], body["needs_moderation"]) == ("distinction", True)
    assert moderated.moderated_by == moderator
    assert list(MarkEvent.objects.values_list("kind", "actor__email")) == [
        ("marked", "registry@uol.example.org"),
        ("moderated", "moderator@uol.example.org"),
    ]


def test_the_same_mark_sent_again_changes_nothing(api_client, submission, uol_registry, api_key_for) -> None:
    headers = {"X-Api-Key": api_key_for(uol_registry)}
    first = _mark(api_client, headers, submission, {"mark": 55, "feedback": "Fine."}).json()

    again = _mark(api_client, headers, submission, {"mark": 55, "feedback": "Fine."})

    assert again.status_code == 200
    assert again.json() == first
    assert MarkEvent.objects.count() == 1


def test_a_stale_version_is_a_409_and_changes_nothing(
    api_client, submission, uol_registry, api_key_for
) -> None:
    headers = {"X-Api-Key": api_key_for(uol_registry)}
    _mark(api_client, headers, submission, {"mark": 55})

    stale = _mark(api_client, headers, submission, {"mark": 58, "expected_version": 1})

    assert stale.status_code == 409
    assert stale.json()["code"] == "refused"
    assert Submission.objects.get().mark == 55
    assert MarkEvent.objects.count() == 1


def test_r_as5_feedback_stating_an_ibers_mark_is_refused(
    api_client, learner, ibers_registry, api_key_for, time_machine
) -> None:
    time_machine.move_to(at(2026, 3, 2, 9), tick=False)
    submission = submit_file(enrolment_for(learner, course("ibers")))

    response = _mark(
        api_client,
        {"X-Api-Key": api_key_for(ibers_registry)},
        submission,
        {"mark": 63, "feedback": "63: good."},
    )

    assert response.status_code == 409
    assert "Pass or Fail only" in response.json()["message"]
    assert (Submission.objects.get().mark, MarkEvent.objects.count()) == (None, 0)


def test_a_released_result_cannot_be_marked_again(api_client, submission, uol_registry, api_key_for) -> None:
    headers = {"X-Api-Key": api_key_for(uol_registry)}
    _mark(api_client, headers, submission, {"mark": 55})
    assessment_services.submission_release(submission_id=submission.pk, actor=uol_registry)

    response = _mark(api_client, headers, submission, {"mark": 60})

    assert response.status_code == 409
    assert Submission.objects.get().mark == 55


def test_another_providers_key_finds_no_submission_and_changes_nothing(
    api_client, submission, ou_registry, api_key_for
) -> None:
    headers = {"X-Api-Key": api_key_for(ou_registry)}

    marked = _mark(api_client, headers, submission, {"mark": 90})
    listed = api_client.get("/api/v1/provider/submissions", headers=headers).json()

    assert marked.status_code == 404
    assert listed == {"items": [], "next": None}
    assert (Submission.objects.get().status, MarkEvent.objects.count()) == (
        SubmissionStatus.AWAITING_MARKING,
        0,
    )


def test_the_marking_queue_lists_by_status_in_a_fixed_number_of_queries(
    api_client, learner, other_learner, uol_registry, api_key_for, time_machine, django_assert_num_queries
) -> None:
    time_machine.move_to(at(2026, 3, 2, 9), tick=False)
    waiting = [
        submit_file(enrolment_for(person, course("uol", slug=f"course-{number}")))
        for number, person in enumerate([learner, other_learner, learner])
    ]
    headers = {"X-Api-Key": api_key_for(uol_registry)}
    _mark(api_client, headers, waiting[0], {"mark": 55})

    # the key, then one query for the page
    with django_assert_num_queries(2):
        body = api_client.get(
            "/api/v1/provider/submissions", {"status": "awaiting_marking"}, headers=headers
        ).json()

    assert [row["public_id"] for row in body["items"]] == [str(s.public_id) for s in waiting[1:]]
    assert [row["learner_email"] for row in body["items"]] == [
        "other.learner@example.org",
        "learner@example.org",
    ]
