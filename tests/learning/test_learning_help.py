"""R-LE3: a help area per course week. Learners with access ask, mentors of the course's provider answer,
and staff see the unanswered questions nearing (within 12 hours of) or past the 48-hour target."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from tests.factories.catalog import MicrocredentialFactory, ProviderFactory
from tests.learning.conftest import NOW
from tests.learning.factories import EnrolmentFactory, WeekFactory

from microcred.accounts.models import User
from microcred.catalog.models import Microcredential
from microcred.enrolment.models import Enrolment
from microcred.learning import selectors, services
from microcred.learning.errors import InvalidAnswer, NoAccess, NotMentor
from microcred.learning.models import HelpAnswer, HelpQuestion, Week
from microcred.rules.help_area import AnswerState

HOUR = dt.timedelta(hours=1)


def _ask(
    clock: time_machine.Traveller, enrolment: Enrolment, week: Week, hours_ago: int, title: str
) -> HelpQuestion:
    clock.move_to(NOW - hours_ago * HOUR)
    question = services.help_question_ask(enrolment=enrolment, week=week, title=title, body="How do I start?")
    clock.move_to(NOW)
    return question


def _titles(rows: tuple[selectors.QueueRow, ...]) -> list[tuple[str, AnswerState]]:
    return [(row.question.title, row.status.state) for row in rows]


def test_r_le3_staff_see_questions_nearing_or_past_the_target_first(
    clock: time_machine.Traveller, course: Microcredential, enrolment: Enrolment, uol_marker: User
) -> None:
    # given
    week = WeekFactory(microcredential=course, number=1)
    _ask(clock, enrolment, week, 10, "Waiting")
    _ask(clock, enrolment, week, 40, "Nearing")
    _ask(clock, enrolment, week, 50, "Overdue")
    answered = _ask(clock, enrolment, week, 60, "Answered")
    services.help_question_answer(mentor=uol_marker, question=answered, body="Start with step 1.1.")
    ou_course = MicrocredentialFactory(
        provider=ProviderFactory(slug="ou"), assessment_type="final_assessment"
    )
    ou_enrolment = EnrolmentFactory(learner=enrolment.learner, microcredential=ou_course)
    _ask(clock, ou_enrolment, WeekFactory(microcredential=ou_course, number=1), 50, "Another university's")

    # when
    queue = selectors.help_queue(provider_id=course.provider_id, now=timezone.now())

    # then
    assert _titles(queue.needs_attention) == [
        ("Overdue", AnswerState.OVERDUE),
        ("Nearing", AnswerState.NEARING),
    ]
    assert _titles(queue.waiting) == [("Waiting", AnswerState.WAITING)]


@pytest.mark.parametrize(
    ("hours_later", "state"),
    [
        (35, AnswerState.WAITING),
        (36, AnswerState.NEARING),
        (47, AnswerState.NEARING),
        (48, AnswerState.OVERDUE),
    ],
)
def test_r_le3_a_question_moves_from_waiting_to_nearing_to_overdue_as_time_passes(
    clock: time_machine.Traveller,
    course: Microcredential,
    enrolment: Enrolment,
    hours_later: int,
    state: AnswerState,
) -> None:
    services.help_question_ask(
        enrolment=enrolment, week=WeekFactory(microcredential=course), title="Stuck", body="On step 1.2."
    )
    clock.shift(hours_later * HOUR)

    queue = selectors.help_queue(provider_id=course.provider_id, now=timezone.now())

    rows = queue.needs_attention + queue.waiting
    assert [(row.status.state, row.status.due_at) for row in rows] == [(state, NOW + 48 * HOUR)]


def test_r_le3_the_first_answer_stops_the_clock_and_later_answers_leave_it(
    clock: time_machine.Traveller,
    course: Microcredential,
    enrolment: Enrolment,
    uol_marker: User,
    uol_moderator: User,
) -> None:
    question = services.help_question_ask(
        enrolment=enrolment, week=WeekFactory(microcredential=course), title="Stuck", body="On step 1.2."
    )
    clock.shift(5 * HOUR)
    services.help_question_answer(mentor=uol_marker, question=question, body="Look at the worked example.")
    clock.shift(HOUR)
    services.help_question_answer(mentor=uol_moderator, question=question, body="And at the glossary.")

    question.refresh_from_db()
    assert question.answered_at == NOW + 5 * HOUR
    assert list(question.answers.values_list("mentor__email", flat=True)) == [
        uol_marker.email,
        uol_moderator.email,
    ]
    assert selectors.help_queue(provider_id=course.provider_id, now=timezone.now()) == selectors.HelpQueue(
        (), ()
    )


@pytest.mark.parametrize("persona", ["ou_registry", "learner", "platform_admin"])
def test_r_le3_only_staff_of_the_course_provider_answer(
    request: pytest.FixtureRequest, course: Microcredential, enrolment: Enrolment, persona: str
) -> None:
    question = services.help_question_ask(
        enrolment=enrolment, week=WeekFactory(microcredential=course), title="Stuck", body="On step 1.2."
    )

    with pytest.raises(
        NotMentor, match="question: only staff of the course's university answer its help area"
    ):
        services.help_question_answer(mentor=request.getfixturevalue(persona), question=question, body="Hi")

    question.refresh_from_db()
    assert (question.answered_at, HelpAnswer.objects.count()) == (None, 0)


def test_r_le3_a_learner_without_access_cannot_ask(
    course: Microcredential, waiting_enrolment: Enrolment
) -> None:
    with pytest.raises(NoAccess, match=r"enrolment: Access begins on 11 January 2027\."):
        services.help_question_ask(
            enrolment=waiting_enrolment, week=WeekFactory(microcredential=course), title="Hi", body="Early?"
        )

    assert HelpQuestion.objects.count() == 0


def test_r_le3_a_week_of_another_course_is_refused(enrolment: Enrolment) -> None:
    with pytest.raises(NoAccess, match="week: this week is not part of the course"):
        services.help_question_ask(enrolment=enrolment, week=WeekFactory(), title="Hi", body="Wrong course")

    assert HelpQuestion.objects.count() == 0


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("   ", "Body", "title: this cannot be empty"),
        ("Title", "\n\t", "body: this cannot be empty"),
        ("Title", "x" * 5001, "body: at most 5000 characters, not 5001"),
    ],
)
def test_r_le3_an_empty_or_overlong_question_is_refused(
    course: Microcredential, enrolment: Enrolment, title: str, body: str, message: str
) -> None:
    with pytest.raises(InvalidAnswer, match=message):
        services.help_question_ask(
            enrolment=enrolment, week=WeekFactory(microcredential=course), title=title, body=body
        )


def test_r_le3_a_learner_asks_on_the_week_page_and_reads_the_answer_there(
    client_for, learner: User, uol_marker: User, course: Microcredential, enrolment: Enrolment
) -> None:
    # given
    WeekFactory(microcredential=course, number=1, title="Getting started")
    client: Client = client_for(learner)
    url = f"/learn/{enrolment.public_id}/weeks/1/help/"

    # when
    asked = client.post(url, {"title": "Where is the data set?", "body": "Step 1.2 mentions it."})
    question = HelpQuestion.objects.get()
    answered = client_for(uol_marker).post(f"/staff/help/{question.pk}/", {"body": "In the file step 1.3."})
    page = client.get(url)

    # then
    assert (asked.status_code, asked["Location"]) == (302, url)
    assert (answered.status_code, answered["Location"]) == (302, "/staff/help/")
    assert (question.learner_id, question.week.number, question.asked_at) == (learner.pk, 1, NOW)
    assert [q.answers.get().body for q in page.context["questions"]] == ["In the file step 1.3."]
    assert "Asked by you" in page.text
    assert "aims to answer within 48 hours" in page.text


def test_r_le3_other_learners_read_the_question_without_the_askers_name(
    client_for, other_learner: User, course: Microcredential, enrolment: Enrolment
) -> None:
    week = WeekFactory(microcredential=course, number=1)
    services.help_question_ask(
        enrolment=enrolment, week=week, title="Where is the data set?", body="Step 1.2."
    )
    other = EnrolmentFactory(learner=other_learner, microcredential=course)

    page = client_for(other_learner).get(f"/learn/{other.public_id}/weeks/1/help/")

    assert page.status_code == 200
    assert "Asked by a learner" in page.text
    assert enrolment.learner.email not in page.text.replace(other_learner.email, "")


@pytest.mark.parametrize(
    ("data", "field"), [({"title": "", "body": "Hi"}, "title"), ({"title": "Hi", "body": "x" * 5001}, "body")]
)
def test_r_le3_a_bad_question_form_is_shown_again_with_the_error(
    client_for, learner: User, course: Microcredential, enrolment: Enrolment, data: dict[str, str], field: str
) -> None:
    WeekFactory(microcredential=course, number=1)

    response = client_for(learner).post(f"/learn/{enrolment.public_id}/weeks/1/help/", data)

    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert HelpQuestion.objects.count() == 0


def test_r_le3_the_staff_queue_lists_their_own_providers_questions_only(
    clock: time_machine.Traveller, client_for, uol_registry: User, ou_registry: User, course: Microcredential,
    enrolment: Enrolment,
) -> None:  # fmt: skip
    _ask(clock, enrolment, WeekFactory(microcredential=course, number=1), 40, "How do I start?")

    uol = client_for(uol_registry).get("/staff/help/")
    ou = client_for(ou_registry).get("/staff/help/")

    assert _titles(uol.context["queue"].needs_attention) == [("How do I start?", AnswerState.NEARING)]
    assert "How do I start?" in uol.text
    assert ou.context["queue"] == selectors.HelpQueue((), ())
    assert "How do I start?" not in ou.text


def test_r_le3_an_empty_answer_is_a_form_error(
    client_for, uol_marker: User, course: Microcredential, enrolment: Enrolment
) -> None:
    question = services.help_question_ask(
        enrolment=enrolment, week=WeekFactory(microcredential=course), title="Stuck", body="On step 1.2."
    )

    response = client_for(uol_marker).post(f"/staff/help/{question.pk}/", {"body": "  "})

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["body"]
    question.refresh_from_db()
    assert (question.answered_at, HelpAnswer.objects.count()) == (None, 0)
