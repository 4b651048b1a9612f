"""The learner's course page and the staff's help queue issue a fixed number of queries, however many
weeks, steps, quizzes, attempts or questions there are."""

import pytest
from tests.factories.catalog import MicrocredentialFactory
from tests.learning.factories import EnrolmentFactory, WeekFactory, course_content

from microcred.accounts.models import User
from microcred.learning import selectors, services

# Session, user, enrolment (with course and provider), weeks, steps, quizzes with question counts, steps
# done, attempts per quiz.
COURSE_PAGE_QUERIES = 8
# Session, user, TOTP check of the staff middleware, unanswered questions with course and learner, the staff
# member's provider for the heading.
HELP_QUEUE_QUERIES = 5


@pytest.mark.parametrize(("weeks", "steps_per_week"), [(1, 1), (8, 6)])
def test_r_le1_the_course_page_queries_do_not_grow_with_the_course(
    client_for, django_assert_num_queries, learner: User, weeks: int, steps_per_week: int
) -> None:
    # given
    course = MicrocredentialFactory(weeks=12, hours_per_week=13)
    steps = course_content(course, weeks=weeks, steps_per_week=steps_per_week)
    enrolment = EnrolmentFactory(learner=learner, microcredential=course)
    for step in steps[::2]:
        services.step_complete(enrolment=enrolment, step=step)
    quiz = selectors.quiz_of_course(course.pk, steps[0].week.quizzes.get().pk)
    assert quiz is not None
    question = quiz.questions.get()
    services.quiz_attempt_submit(
        enrolment=enrolment, quiz=quiz, answers={question.pk: frozenset({question.choices.first().pk})}
    )
    client = client_for(learner)

    # when, then
    with django_assert_num_queries(COURSE_PAGE_QUERIES):
        response = client.get(f"/learn/{enrolment.public_id}/")

    assert response.context["outline"].progress.total == weeks * steps_per_week


@pytest.mark.parametrize("questions", [1, 12])
def test_r_le3_the_help_queue_queries_do_not_grow_with_the_questions(
    client_for, django_assert_num_queries, learner: User, uol_marker: User, questions: int
) -> None:
    course = MicrocredentialFactory()
    enrolment = EnrolmentFactory(learner=learner, microcredential=course)
    weeks = [WeekFactory(microcredential=course, number=number) for number in (1, 2)]
    for number in range(questions):
        services.help_question_ask(
            enrolment=enrolment, week=weeks[number % 2], title=f"Q{number}", body="Help"
        )
    client = client_for(uol_marker)

    with django_assert_num_queries(HELP_QUEUE_QUERIES):
        response = client.get("/staff/help/")

    assert len(response.context["queue"].waiting) == questions
