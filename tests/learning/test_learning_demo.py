"""The demo gives every course a few weeks of steps and one formative quiz whose questions follow the admin's
rules, and a second run changes nothing."""

from tests.factories.catalog import MicrocredentialFactory

from microcred.demo.learning_data import LearningSummary, load_learning
from microcred.learning.models import Choice, Question, QuestionKind, Quiz, Step, Week


def _snapshot() -> list[tuple[object, ...]]:
    return [
        *Week.objects.values_list("id", "microcredential_id", "number", "title"),
        *Step.objects.values_list("id", "week_id", "position", "kind", "title", "body", "url"),
        *Quiz.objects.values_list("id", "week_id", "title"),
        *Choice.objects.values_list("id", "question_id", "position", "text", "is_correct"),
    ]


def test_every_demo_course_gets_weeks_of_steps_and_one_quiz(db: None) -> None:
    courses = [
        MicrocredentialFactory(weeks=12, hours_per_week=13),
        MicrocredentialFactory(weeks=2, hours_per_week=5),
    ]

    summary = load_learning(courses)

    assert summary == LearningSummary(courses=2, weeks=5, steps=10, quizzes=2)
    assert summary.lines() == ["Learning: 5 weeks, 10 steps and 2 quizzes in 2 courses"]
    assert [list(course.learning_weeks.values_list("number", flat=True)) for course in courses] == [
        [1, 2, 3],
        [1, 2],
    ]


def test_r_le2_demo_quiz_questions_have_the_correct_choices_the_admin_asks_for(db: None) -> None:
    load_learning([MicrocredentialFactory(hours_per_week=13)])

    correct = {
        (question.kind, question.choices.filter(is_correct=True).count(), question.choices.count())
        for question in Question.objects.all()
    }

    assert correct == {(QuestionKind.SINGLE, 1, 3), (QuestionKind.MULTIPLE, 2, 3)}
    assert list(
        Choice.objects.filter(question__position=1, is_correct=True).values_list("text", flat=True)
    ) == ["13 hours"]


def test_loading_the_demo_twice_changes_nothing(db: None) -> None:
    courses = [MicrocredentialFactory()]
    load_learning(courses)
    before = _snapshot()

    load_learning(courses)

    assert _snapshot() == before
