"""R-LE2: formative quizzes are marked at once (single and multiple choice), may be retaken with every attempt
kept, and never count towards the result."""

import pytest
from django.test import Client
from tests.learning.factories import ChoiceFactory, QuestionFactory, QuizFactory, WeekFactory

from microcred.accounts.models import User
from microcred.catalog.models import Microcredential
from microcred.enrolment.models import Enrolment
from microcred.learning import selectors, services
from microcred.learning.errors import InvalidAnswer, NoAccess
from microcred.learning.marking import MarkingInputError, QuestionKey, mark_quiz
from microcred.learning.models import Choice, QuestionKind, Quiz, QuizAttempt

SINGLE = QuestionKey(question_id=1, is_multiple=False, choice_ids=(11, 12, 13), correct_ids=frozenset({12}))
MULTIPLE = QuestionKey(
    question_id=2, is_multiple=True, choice_ids=(21, 22, 23), correct_ids=frozenset({21, 23})
)


@pytest.mark.parametrize(
    ("single", "multiple", "score"),
    [
        ({12}, {21, 23}, 2),
        ({11}, {21, 23}, 1),
        ({12}, {21}, 1),
        ({12}, {21, 22, 23}, 1),
        ({13}, {22}, 0),
    ],
)
def test_r_le2_a_question_is_right_only_with_exactly_its_correct_choices(
    single: set[int], multiple: set[int], score: int
) -> None:
    mark = mark_quiz((SINGLE, MULTIPLE), {1: frozenset(single), 2: frozenset(multiple)})

    assert (mark.correct_count, mark.question_count) == (score, 2)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({2: frozenset({21})}, "question_1: choose an answer"),
        ({1: frozenset({11, 12}), 2: frozenset({21})}, "question_1: choose one answer"),
        ({1: frozenset({21}), 2: frozenset({21})}, "question_1: choose from the answers given"),
        (
            {1: frozenset({12}), 2: frozenset({21}), 9: frozenset({1})},
            "question_9: not a question of this quiz",
        ),
    ],
)
def test_r_le2_answers_that_do_not_fit_the_quiz_are_refused_naming_the_question(
    answers: dict[int, frozenset[int]], message: str
) -> None:
    with pytest.raises(MarkingInputError, match=message):
        mark_quiz((SINGLE, MULTIPLE), answers)


def _quiz(course: Microcredential) -> tuple[Quiz, dict[str, Choice]]:
    """Q1 single choice (b is right); Q2 multiple choice (x and z are right)."""
    quiz = QuizFactory(week=WeekFactory(microcredential=course, number=1))
    single = QuestionFactory(quiz=quiz, position=1, text="Which is the mean?", kind=QuestionKind.SINGLE)
    multiple = QuestionFactory(
        quiz=quiz, position=2, text="Which are measures of spread?", kind=QuestionKind.MULTIPLE
    )
    choices = {
        "a": ChoiceFactory(question=single, position=1, text="The middle value"),
        "b": ChoiceFactory(question=single, position=2, text="The sum over the count", is_correct=True),
        "x": ChoiceFactory(question=multiple, position=1, text="Variance", is_correct=True),
        "y": ChoiceFactory(question=multiple, position=2, text="Mode"),
        "z": ChoiceFactory(question=multiple, position=3, text="Range", is_correct=True),
    }
    return selectors.quiz_of_course(course.pk, quiz.pk), choices  # type: ignore[return-value]


def test_r_le2_retaking_keeps_every_attempt_with_its_own_marks(
    course: Microcredential, enrolment: Enrolment
) -> None:
    # given
    quiz, c = _quiz(course)
    first = {
        quiz.questions.all()[0].pk: frozenset({c["a"].pk}),
        quiz.questions.all()[1].pk: frozenset({c["x"].pk}),
    }
    second = {
        quiz.questions.all()[0].pk: frozenset({c["b"].pk}),
        quiz.questions.all()[1].pk: frozenset({c["x"].pk, c["z"].pk}),
    }

    # when
    services.quiz_attempt_submit(enrolment=enrolment, quiz=quiz, answers=first)
    services.quiz_attempt_submit(enrolment=enrolment, quiz=quiz, answers=second)

    # then
    attempts = QuizAttempt.objects.filter(quiz=quiz, learner=enrolment.learner).order_by("id")
    assert [(a.correct_count, a.question_count) for a in attempts] == [(0, 2), (2, 2)]
    assert attempts[0].answers == [
        {"question": quiz.questions.all()[0].pk, "chosen": [c["a"].pk], "is_correct": False},
        {"question": quiz.questions.all()[1].pk, "chosen": [c["x"].pk], "is_correct": False},
    ]


def test_r_le2_a_quiz_of_another_course_is_refused(course: Microcredential, enrolment: Enrolment) -> None:
    other_quiz = QuizFactory()

    with pytest.raises(NoAccess, match="quiz: this quiz is not part of the course"):
        services.quiz_attempt_submit(enrolment=enrolment, quiz=other_quiz, answers={})

    assert QuizAttempt.objects.count() == 0


def test_r_le2_an_unanswered_question_is_refused_by_the_service(
    course: Microcredential, enrolment: Enrolment
) -> None:
    quiz, c = _quiz(course)

    with pytest.raises(InvalidAnswer) as caught:
        services.quiz_attempt_submit(
            enrolment=enrolment, quiz=quiz, answers={quiz.questions.all()[0].pk: frozenset({c["b"].pk})}
        )

    assert (caught.value.field, caught.value.message) == (
        f"question_{quiz.questions.all()[1].pk}",
        "choose an answer",
    )
    assert QuizAttempt.objects.count() == 0


def test_r_le2_the_quiz_page_marks_at_once_with_feedback_per_question(
    client_for, learner: User, course: Microcredential, enrolment: Enrolment
) -> None:
    # given
    quiz, c = _quiz(course)
    q1, q2 = (f"question_{question.pk}" for question in quiz.questions.all())
    client: Client = client_for(learner)
    url = f"/learn/{enrolment.public_id}/quizzes/{quiz.pk}/"

    # when
    response = client.post(url, {q1: str(c["b"].pk), q2: [str(c["x"].pk), str(c["y"].pk)]})

    # then
    assert response.status_code == 200
    feedback = response.context["feedback"]
    assert (feedback.attempt.correct_count, feedback.attempt.question_count) == (1, 2)
    assert [(item.question.position, item.is_correct) for item in feedback.questions] == [
        (1, True),
        (2, False),
    ]
    assert [(o.choice.text, o.was_chosen, o.choice.is_correct) for o in feedback.questions[1].choices] == [
        ("Variance", True, True),
        ("Mode", True, False),
        ("Range", False, True),
    ]
    assert "Your score: 1 out of 2" in response.text


def test_r_le2_the_quiz_page_lists_every_earlier_attempt(
    client_for, learner: User, course: Microcredential, enrolment: Enrolment
) -> None:
    quiz, c = _quiz(course)
    q1, q2 = (f"question_{question.pk}" for question in quiz.questions.all())
    client: Client = client_for(learner)
    url = f"/learn/{enrolment.public_id}/quizzes/{quiz.pk}/"
    client.post(url, {q1: str(c["a"].pk), q2: [str(c["y"].pk)]})
    client.post(url, {q1: str(c["b"].pk), q2: [str(c["x"].pk), str(c["z"].pk)]})

    response = client.get(url)

    assert [(a.correct_count, a.question_count) for a in response.context["attempts"]] == [(0, 2), (2, 2)]


@pytest.mark.parametrize(
    "posted",
    [
        pytest.param({}, id="nothing"),
        pytest.param({"q1": "not-a-number"}, id="garbage"),
        pytest.param({"q1": "999999", "q2": "999999"}, id="choices-of-no-question"),
        pytest.param({"q1": "x", "q2": ["x"]}, id="a-choice-of-another-question"),
    ],
)
def test_r_le2_bad_answers_are_form_errors_and_record_nothing(
    client_for, learner: User, course: Microcredential, enrolment: Enrolment, posted: dict[str, object]
) -> None:
    quiz, c = _quiz(course)
    q1, q2 = (f"question_{question.pk}" for question in quiz.questions.all())
    names = {"q1": q1, "q2": q2}
    symbolic = {name: str(choice.pk) for name, choice in c.items()}
    data = {
        names[key]: [symbolic[v] for v in value] if isinstance(value, list) else symbolic.get(value, value)
        for key, value in posted.items()
    }

    response = client_for(learner).post(f"/learn/{enrolment.public_id}/quizzes/{quiz.pk}/", data)

    assert response.status_code == 400
    assert response.context["form"].errors
    assert QuizAttempt.objects.count() == 0


def test_r_le2_quizzes_have_no_link_to_summative_assessment() -> None:
    # R-LE2: nothing in a quiz or an attempt points at an assessment, so it cannot count towards a result.
    related = {
        field.related_model._meta.app_label
        for model in (Quiz, QuizAttempt)
        for field in model._meta.get_fields()
        if field.related_model
    }

    assert related == {"learning", "accounts"}


def test_r_le2_a_quiz_without_questions_records_no_attempt(
    client_for, learner: User, course: Microcredential, enrolment: Enrolment
) -> None:
    quiz = QuizFactory(week=WeekFactory(microcredential=course, number=1))
    # A question still being written (no choices yet) is not put to learners.
    QuestionFactory(quiz=quiz, position=1)

    response = client_for(learner).post(f"/learn/{enrolment.public_id}/quizzes/{quiz.pk}/", {})

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["This quiz has no questions yet"]
    assert QuizAttempt.objects.count() == 0
