"""Who may open which learning page (STYLE.md: the access matrix). A learner opens their own enrolment while
it gives access today (R-EN2 via the enrolment app); staff of the course's provider see its help questions
and files; everyone else is refused, and a refused request changes nothing."""

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django.fixtures import Settings
from tests.learning.factories import StepFactory

from microcred.accounts.models import User
from microcred.enrolment.models import Enrolment
from microcred.learning import services
from microcred.learning.models import HelpAnswer, HelpQuestion, QuizAttempt, Step, StepCompletion, StepKind

PERSONAS = ("anonymous", "learner", "waiting_learner", "other_learner", "uol_marker", "ou_registry")
LOGIN = "login"


@dataclass(frozen=True)
class World:
    enrolment: Enrolment
    waiting_enrolment: Enrolment
    step: Step
    file_step: Step
    quiz_id: int
    question_field: str
    right_choice: str
    help_question: HelpQuestion


@pytest.fixture
def world(
    settings: Settings, tmp_path: Path, steps: list[Step], enrolment: Enrolment, waiting_enrolment: Enrolment
) -> World:
    settings.MEDIA_ROOT = tmp_path
    file_step = StepFactory(
        week=steps[0].week, position=3, kind=StepKind.FILE, body="",
        file=SimpleUploadedFile("reading-list.txt", b"Chapter 1\n"),
    )  # fmt: skip
    quiz = steps[0].week.quizzes.get()
    question = quiz.questions.get()
    question_asked = services.help_question_ask(
        enrolment=enrolment, week=steps[0].week, title="Where do I start?", body="Step 1.1 or 1.2?"
    )
    return World(
        enrolment=enrolment,
        waiting_enrolment=waiting_enrolment,
        step=steps[0],
        file_step=file_step,
        quiz_id=quiz.pk,
        question_field=f"question_{question.pk}",
        right_choice=str(question.choices.get(is_correct=True).pk),
        help_question=question_asked,
    )


def _enrolment_for(persona: str, world: World) -> Enrolment:
    # The learner without access opens their own enrolment; everyone else tries the learner's.
    return world.waiting_enrolment if persona == "waiting_learner" else world.enrolment


def _state() -> tuple[object, ...]:
    return (
        StepCompletion.objects.count(),
        QuizAttempt.objects.count(),
        HelpQuestion.objects.count(),
        HelpAnswer.objects.count(),
        list(HelpQuestion.objects.values_list("answered_at", flat=True)),
    )


LEARNER_PAGE = (LOGIN, 200, 403, 404, 404, 404)
STAFF_LIST = (LOGIN, 403, 403, 403, 200, 200)
STAFF_PAGE = (LOGIN, 403, 403, 403, 200, 404)
GET_PAGES: dict[str, tuple[object, ...]] = {
    "/learn/{e}/": LEARNER_PAGE,
    "/learn/{e}/steps/{step}/": LEARNER_PAGE,
    "/learn/{e}/steps/{file_step}/file/": LEARNER_PAGE,
    "/learn/{e}/quizzes/{quiz}/": LEARNER_PAGE,
    "/learn/{e}/weeks/1/help/": LEARNER_PAGE,
    "/staff/help/": STAFF_LIST,
    "/staff/help/{question}/": STAFF_PAGE,
    "/staff/steps/{file_step}/file/": STAFF_PAGE,
}


def _url(template: str, persona: str, world: World) -> str:
    return template.format(
        e=_enrolment_for(persona, world).public_id,
        step=world.step.pk,
        file_step=world.file_step.pk,
        quiz=world.quiz_id,
        question=world.help_question.pk,
    )


def _check(response, expected: object, url: str) -> None:  # type: ignore[no-untyped-def]
    if expected == LOGIN:
        assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(
    ("persona", "template", "expected"),
    [
        pytest.param(persona, template, row[column], id=f"{persona}-GET-{template}")
        for template, row in GET_PAGES.items()
        for column, persona in enumerate(PERSONAS)
    ],
    indirect=["persona"],
)
def test_learning_pages_access_matrix(
    client_for,
    request: pytest.FixtureRequest,
    world: World,
    persona: User | None,
    template: str,
    expected: object,
) -> None:
    name = request.node.callspec.params["persona"]
    url = _url(template, name, world)
    before = _state()

    response = client_for(persona).get(url)

    _check(response, expected, url)
    assert _state() == before


POST_PAGES: dict[str, tuple[object, ...]] = {
    "/learn/{e}/steps/{step}/done/": (LOGIN, 302, 403, 404, 404, 404),
    "/learn/{e}/quizzes/{quiz}/": (LOGIN, 200, 403, 404, 404, 404),
    "/learn/{e}/weeks/1/help/": (LOGIN, 302, 403, 404, 404, 404),
    "/staff/help/{question}/": (LOGIN, 403, 403, 403, 302, 404),
}


def _data(template: str, world: World) -> dict[str, str]:
    if "quizzes" in template:
        return {world.question_field: world.right_choice}
    if "weeks" in template:
        return {"title": "Is there a reading list?", "body": "For week 1."}
    return {"body": "Start with step 1.1."}


@pytest.mark.parametrize(
    ("persona", "template", "expected"),
    [
        pytest.param(persona, template, row[column], id=f"{persona}-POST-{template}")
        for template, row in POST_PAGES.items()
        for column, persona in enumerate(PERSONAS)
    ],
    indirect=["persona"],
)
def test_learning_writes_access_matrix_and_refusals_change_nothing(
    client_for,
    request: pytest.FixtureRequest,
    world: World,
    persona: User | None,
    template: str,
    expected: object,
) -> None:
    name = request.node.callspec.params["persona"]
    url = _url(template, name, world)
    before = _state()

    response = client_for(persona).post(url, _data(template, world))

    _check(response, expected, url)
    if expected in (200, 302):
        assert _state() != before
    else:
        assert _state() == before


def test_the_file_is_handed_out_as_an_attachment(
    client_for, learner: User, uol_marker: User, world: World
) -> None:
    as_learner = client_for(learner).get(
        f"/learn/{world.enrolment.public_id}/steps/{world.file_step.pk}/file/"
    )
    as_staff = client_for(uol_marker).get(f"/staff/steps/{world.file_step.pk}/file/")

    for response in (as_learner, as_staff):
        assert response["Content-Disposition"] == 'attachment; filename="reading-list.txt"'
        assert b"".join(response.streaming_content) == b"Chapter 1\n"


def test_a_text_step_has_no_file_to_download(client_for, learner: User, world: World) -> None:
    response = client_for(learner).get(f"/learn/{world.enrolment.public_id}/steps/{world.step.pk}/file/")

    assert response.status_code == 404


def test_a_learner_without_access_is_told_why(client_for, waiting_learner: User, world: World) -> None:
    response = client_for(waiting_learner).get(f"/learn/{world.waiting_enrolment.public_id}/")

    assert response.status_code == 403
    assert "Access begins on 11 January 2027." in response.text
    assert world.step.title not in response.text


def test_a_refunded_enrolment_opens_nothing(client_for, learner: User, world: World) -> None:
    Enrolment.objects.filter(pk=world.enrolment.pk).update(status="refunded", ended_at="2026-10-01T10:00:00Z")

    response = client_for(learner).get(f"/learn/{world.enrolment.public_id}/steps/{world.step.pk}/")

    assert response.status_code == 403
    assert "This enrolment was refunded and has ended." in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/learn/not-a-uuid/",
        "/learn/00000000-0000-0000-0000-000000000000/",
        "/learn/{e}/steps/999999/",
        "/learn/{e}/quizzes/999999/",
        "/learn/{e}/weeks/99/help/",
        "/staff/help/999999/",
    ],
)
def test_unknown_ids_are_404_not_500(
    client_for, learner: User, uol_marker: User, world: World, path: str
) -> None:
    persona = uol_marker if path.startswith("/staff/") else learner

    response = client_for(persona).get(path.format(e=world.enrolment.public_id))

    assert response.status_code == 404


def test_a_step_of_another_course_is_404_on_this_enrolment(client_for, learner: User, world: World) -> None:
    other_step = StepFactory()

    response = client_for(learner).post(f"/learn/{world.enrolment.public_id}/steps/{other_step.pk}/done/")

    assert response.status_code == 404
    assert StepCompletion.objects.count() == 0
