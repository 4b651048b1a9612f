"""Who may open which assessment page, and who may mark, moderate and release (STYLE.md: the access matrix).
Staff act on their own provider only: another provider's submission is a 404, a page without the role a 403,
and a refused POST changes nothing (the submission, its history, credit and mail are compared whole)."""

import pytest
from django.core import mail
from django.forms.models import model_to_dict
from tests.assessment.builders import at, course, enrolment_for, marked, submit_file

from microcred.assessment.models import Credit, MarkEvent, Submission

PERSONAS = (
    "anonymous", "learner", "other_learner", "uol_marker", "uol_moderator", "uol_registry",
    "ou_marker", "ou_moderator", "ou_registry", "ibers_registry",
)  # fmt: skip
OK, FORBIDDEN, NOT_FOUND, LOGIN, DONE = 200, 403, 404, "login", "done"

# One row per page; one column per persona, in the order of PERSONAS.
PAGES: dict[str, tuple[int | str, ...]] = {
    "/staff/marking/": (LOGIN, 403, 403, 200, 200, 403, 200, 200, 403, 403),
    "/staff/moderation/": (LOGIN, 403, 403, 403, 200, 403, 403, 200, 403, 403),
    "/staff/release/": (LOGIN, 403, 403, 403, 200, 200, 403, 200, 200, 200),
    "/staff/marking/{submission}/": (LOGIN, 403, 403, 200, 200, 200, 404, 404, 404, 404),
    "/my/enrolments/{enrolment}/assessment/": (LOGIN, 200, 404, 404, 404, 404, 404, 404, 404, 404),
}  # fmt: skip
ACTIONS: dict[str, tuple[int | str, ...]] = {
    "mark": (LOGIN, 403, 403, DONE, DONE, 403, 404, 404, 403, 403),
    "moderate": (LOGIN, 403, 403, 403, DONE, 403, 403, 404, 403, 403),
    "release": (LOGIN, 403, 403, 403, DONE, DONE, 403, 404, 404, 404),
}  # fmt: skip


def _cases(matrix: dict[str, tuple[int | str, ...]]) -> list:
    return [
        pytest.param(persona, key, matrix[key][column], id=f"{persona}-{key}")
        for key in matrix
        for column, persona in enumerate(PERSONAS)
    ]


@pytest.fixture
def submission(learner, uol_marker, time_machine) -> Submission:
    time_machine.move_to(at(2026, 3, 2), tick=False)
    return submit_file(enrolment_for(learner, course("uol")))


def _expected(response, expected: int | str) -> None:
    if expected == LOGIN:
        assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/login/")
    elif expected == DONE:
        assert response.status_code == 302
        assert not response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(("persona", "page", "expected"), _cases(PAGES), indirect=["persona"])
@pytest.mark.django_db
def test_page_access_matrix(client_for, submission, persona, page: str, expected: int | str) -> None:
    path = page.format(submission=submission.public_id, enrolment=submission.enrolment.public_id)

    _expected(client_for(persona).get(path), expected)


def _state(submission: Submission) -> tuple:
    fresh = Submission.objects.get(pk=submission.pk)
    return (
        model_to_dict(fresh, exclude=["file"]),
        list(MarkEvent.objects.values_list("kind", "actor_id", "mark_after")),
        Credit.objects.count(),
        len(mail.outbox),
    )


def _prepare(action: str, submission: Submission, uol_marker) -> tuple[str, dict]:
    """The submission as each action needs it, and the form a person with the right would post."""
    if action == "mark":
        return f"/staff/marking/{submission.public_id}/mark/", {"mark": 58, "feedback": "", "version": 1}
    if action == "moderate":
        failed = marked(submission, 30, uol_marker)
        return f"/staff/moderation/{submission.public_id}/", {"agreed_mark": 30, "version": failed.version}
    marked(submission, 58, uol_marker)
    return f"/staff/release/{submission.public_id}/", {}


@pytest.mark.parametrize(("persona", "action", "expected"), _cases(ACTIONS), indirect=["persona"])
@pytest.mark.django_db
def test_action_access_matrix_and_nothing_changed_when_refused(
    client_for, submission, uol_marker, persona, action: str, expected: int | str
) -> None:
    path, form = _prepare(action, submission, uol_marker)
    before = _state(submission)

    response = client_for(persona).post(path, form)

    _expected(response, expected)
    if expected == DONE:
        assert _state(submission) != before
    else:
        assert _state(submission) == before
