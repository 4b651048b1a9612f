"""R-CD1 through the API: badges for passes recorded on a partner platform, in bulk, idempotent by the
caller's own key per row, each row issued, already issued or refused with a code; the badges are signed after
commit by one task through the outbox (the cohort signer); another provider's key changes nothing."""

import json
import re

import pytest
from tests.assessment.builders import at, course, enrolment_for
from tests.credentials.issuance_builders import credentials_settings, credit_for
from tests.factories.accounts import UserFactory

from microcred.assessment.models import Credit, MarkEvent, Submission, SubmissionStatus
from microcred.common.models import OutboxMessage
from microcred.credentials.models import Credential, ExternalCompletion
from microcred.credentials.services_verification import verify_json_text
from microcred.enrolment.models import EnrolmentStatus

pytestmark = pytest.mark.django_db

URL = "/api/v1/provider/completions"
COMPLETED = "2026-03-01T10:00:00Z"


@pytest.fixture(autouse=True)
def _world(settings, time_machine) -> None:
    credentials_settings(settings)
    time_machine.move_to(at(2026, 3, 2, 9), tick=False)


def _row(key: str, enrolment, mark: int = 68) -> dict[str, object]:
    return {"key": key, "enrolment": str(enrolment.public_id), "mark": mark, "completed_at": COMPLETED}


def _send(api_client, headers, rows, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return api_client.post(URL, {"rows": rows}, content_type="application/json", headers=headers)


def _counts() -> tuple[int, int, int, int, int, int]:
    return (
        Submission.objects.count(),
        MarkEvent.objects.count(),
        Credit.objects.count(),
        ExternalCompletion.objects.count(),
        Credential.objects.count(),
        OutboxMessage.objects.count(),
    )


def test_r_cd1_a_batch_records_each_pass_and_one_task_signs_every_badge(
    api_client, uol_registry, api_key_for, django_capture_on_commit_callbacks
) -> None:
    # given three credit-bearing UoL learners who passed on the partner platform
    microcredential = course("uol")
    enrolments = [enrolment_for(UserFactory(email=f"p{n}@example.org"), microcredential) for n in range(3)]
    headers = {"X-Api-Key": api_key_for(uol_registry)}

    # when
    response = _send(
        api_client, headers, [_row(f"fl-{n}", e) for n, e in enumerate(enrolments)],
        django_capture_on_commit_callbacks,
    )  # fmt: skip

    # then each row is issued, and one outbox task signed the three badges
    assert response.status_code == 200
    body = response.json()
    assert (body["issued"], body["already_issued"], body["refused"]) == (3, 0, 0)
    assert [(row["key"], row["outcome"], row["code"]) for row in body["results"]] == [
        ("fl-0", "issued", ""), ("fl-1", "issued", ""), ("fl-2", "issued", ""),
    ]  # fmt: skip
    credits = list(Credit.objects.order_by("id"))
    assert [row["credit"] for row in body["results"]] == [str(credit.public_id) for credit in credits]
    [task] = OutboxMessage.objects.filter(task_name__endswith="credentials_issue_for_credits")
    assert task.args == [credit.pk for credit in credits]
    badges = list(Credential.objects.order_by("credit_id"))
    assert [badge.credit_id for badge in badges] == [credit.pk for credit in credits]
    assert all(verify_json_text(badge.document_json, now=at(2026, 3, 2, 9)).is_valid for badge in badges)
    submission = Submission.objects.get(enrolment=enrolments[0])
    assert (submission.status, submission.mark, submission.grade) == (SubmissionStatus.RELEASED, 68, "merit")
    assert list(MarkEvent.objects.filter(submission=submission).values_list("kind", "actor")) == [
        ("marked", None),
        ("released", None),
    ]
    assert ExternalCompletion.objects.get(external_key="fl-0").recorded_by_label.startswith("API key mck_")


def test_the_same_keys_sent_again_issue_nothing_more(
    api_client, uol_registry, api_key_for, learner, django_capture_on_commit_callbacks
) -> None:
    enrolment = enrolment_for(learner, course("uol"))
    headers = {"X-Api-Key": api_key_for(uol_registry)}
    first = _send(api_client, headers, [_row("fl-1", enrolment)], django_capture_on_commit_callbacks).json()
    before = _counts()

    again = _send(api_client, headers, [_row("fl-1", enrolment)], django_capture_on_commit_callbacks)

    assert again.status_code == 200
    [row] = again.json()["results"]
    badge = Credential.objects.get()
    assert (row["outcome"], row["credit"], row["credential"]) == (
        "already_issued", first["results"][0]["credit"], str(badge.public_id),
    )  # fmt: skip
    assert _counts() == before


def test_each_refused_row_says_why_and_leaves_nothing(
    api_client, uol_registry, api_key_for, learner, other_learner, django_capture_on_commit_callbacks
) -> None:
    # given a failed mark, a refunded place, an unknown id, an OU enrolment, and a key used before
    microcredential = course("uol")
    passed = enrolment_for(learner, microcredential)
    refunded = enrolment_for(other_learner, microcredential, status=EnrolmentStatus.REFUNDED)
    third = enrolment_for(UserFactory(email="third@example.org"), microcredential)
    theirs = enrolment_for(learner, course("ou"))
    headers = {"X-Api-Key": api_key_for(uol_registry)}
    _send(api_client, headers, [_row("used", passed)], django_capture_on_commit_callbacks)
    before = _counts()
    unknown = {**_row("unknown", passed), "enrolment": "00000000-0000-4000-8000-000000000000"}

    # when
    body = _send(
        api_client, headers,
        [_row("failed", third, mark=30), _row("refunded", refunded), unknown, _row("ou", theirs),
         _row("used", third)],
        django_capture_on_commit_callbacks,
    ).json()  # fmt: skip

    # then
    assert [(row["key"], row["outcome"], row["code"]) for row in body["results"]] == [
        ("failed", "refused", "invalid_mark"),
        ("refunded", "refused", "not_eligible"),
        ("unknown", "refused", "unknown_enrolment"),
        ("ou", "refused", "unknown_enrolment"),
        ("used", "refused", "key_reused"),
    ]
    assert body["results"][0]["reason"] == "A mark of 30 is a Fail: only passes are recorded."
    assert all(row["credit"] is None and row["credential"] is None for row in body["results"])
    assert _counts() == before


def test_r_en3_a_learning_only_place_gets_no_credit(
    api_client, ibers_registry, api_key_for, learner, django_capture_on_commit_callbacks
) -> None:
    enrolment = enrolment_for(learner, course("ibers"), track="learning_only")

    body = _send(
        api_client, {"X-Api-Key": api_key_for(ibers_registry)}, [_row("k", enrolment)],
        django_capture_on_commit_callbacks,
    ).json()  # fmt: skip

    assert [(row["outcome"], row["code"]) for row in body["results"]] == [("refused", "not_eligible")]
    assert "learning-only" in body["results"][0]["reason"]
    assert (Submission.objects.count(), Credit.objects.count()) == (0, 0)


def test_a_learner_who_passed_here_already_gets_already_issued_and_the_key_is_kept(
    api_client, uol_registry, api_key_for, learner, django_capture_on_commit_callbacks
) -> None:
    held = credit_for(learner, course("uol"))
    headers = {"X-Api-Key": api_key_for(uol_registry)}

    body = _send(
        api_client, headers, [_row("fl-9", held.submission.enrolment)], django_capture_on_commit_callbacks
    ).json()

    assert [(row["outcome"], row["credit"]) for row in body["results"]] == [
        ("already_issued", str(held.public_id))
    ]
    assert (Credit.objects.count(), Submission.objects.count()) == (1, 1)
    assert ExternalCompletion.objects.get().credit == held


def test_another_providers_key_issues_nothing_for_this_providers_learners(
    api_client, ou_registry, api_key_for, learner, django_capture_on_commit_callbacks
) -> None:
    enrolment = enrolment_for(learner, course("uol"))
    before = _counts()

    body = _send(
        api_client, {"X-Api-Key": api_key_for(ou_registry)}, [_row("k", enrolment)],
        django_capture_on_commit_callbacks,
    ).json()  # fmt: skip

    assert [(row["outcome"], row["code"]) for row in body["results"]] == [("refused", "unknown_enrolment")]
    assert _counts() == before


def test_r_as5_an_ibers_completion_puts_no_mark_in_the_learners_answers(
    api_client, client_for, ibers_registry, api_key_for, learner, django_capture_on_commit_callbacks
) -> None:
    # given an IBERS pass of 63 recorded from the partner platform
    enrolment = enrolment_for(learner, course("ibers"))
    _send(
        api_client, {"X-Api-Key": api_key_for(ibers_registry)}, [_row("k", enrolment, mark=63)],
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    badge = Credential.objects.get()
    client = client_for(learner)

    # when the learner reads everything about it
    bodies = [
        client.get(f"/api/v1/me/{name}").content.decode()
        for name in ("results", "credit", "credentials", "award-options", f"credentials/{badge.public_id}")
    ]

    # then the outcome is there, and 63 is nowhere
    assert json.loads(bodies[0])[0]["outcome"] == "pass"
    assert json.loads(bodies[0])[0]["mark"] is None
    assert [re.findall(r"\b63\b", body) for body in bodies] == [[], [], [], [], []]
