"""Registry officers manage the weeks, steps and quizzes of their own provider's courses in the admin; other
providers' content is out of their sight and reach."""

from tests.factories.catalog import MicrocredentialFactory, ProviderFactory
from tests.learning.factories import ChoiceFactory, QuestionFactory, QuizFactory, WeekFactory

from microcred.accounts.models import User
from microcred.learning.models import Choice, QuestionKind, Step, Week


def _inline(prefix: str, rows: list[dict[str, str]], initial: int = 0) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def test_a_registry_officer_adds_a_week_with_steps_to_their_own_course(
    client_for, uol_registry: User
) -> None:
    course = MicrocredentialFactory()
    step = {"position": "1", "title": "Welcome", "kind": "text", "body": "Hello *there*.", "url": ""}

    response = client_for(uol_registry).post(
        "/admin/learning/week/add/",
        {
            "microcredential": str(course.pk),
            "number": "1",
            "title": "Getting started",
            **_inline("steps", [step]),
        },
    )

    assert response.status_code == 302
    week = Week.objects.get()
    assert (week.microcredential_id, week.title) == (course.pk, "Getting started")
    assert list(Step.objects.values_list("week_id", "title", "body")) == [
        (week.pk, "Welcome", "Hello *there*.")
    ]


def test_a_registry_officer_sees_and_offers_only_their_own_providers_content(
    client_for, uol_registry: User
) -> None:
    own = WeekFactory(microcredential=MicrocredentialFactory(title="Own course"), number=1)
    ou_course = MicrocredentialFactory(
        title="Other course", provider=ProviderFactory(slug="ou"), assessment_type="final_assessment"
    )
    other = WeekFactory(microcredential=ou_course, number=1)
    client = client_for(uol_registry)

    listing = client.get("/admin/learning/week/")
    other_change = client.get(f"/admin/learning/week/{other.pk}/change/")
    week_form = client.get("/admin/learning/week/add/")
    quiz_form = client.get("/admin/learning/quiz/add/")

    assert list(listing.context["cl"].queryset) == [own]
    assert other_change.status_code == 404
    assert list(week_form.context["adminform"].form.fields["microcredential"].queryset) == [
        own.microcredential
    ]
    assert list(quiz_form.context["adminform"].form.fields["week"].queryset) == [own]


def test_another_providers_officer_changes_nothing(client_for, ou_registry: User) -> None:
    week = WeekFactory(microcredential=MicrocredentialFactory(), number=1, title="Original")

    response = client_for(ou_registry).post(
        f"/admin/learning/week/{week.pk}/change/",
        {
            "microcredential": str(week.microcredential_id),
            "number": "1",
            "title": "Changed",
            **_inline("steps", []),
        },
    )

    assert response.status_code == 404
    week.refresh_from_db()
    assert week.title == "Original"


def test_r_le2_a_single_choice_question_needs_exactly_one_correct_choice(
    client_for, uol_registry: User
) -> None:
    question = QuestionFactory(quiz=QuizFactory(week=WeekFactory(microcredential=MicrocredentialFactory())))
    first = ChoiceFactory(question=question, position=1, text="A", is_correct=True)
    second = ChoiceFactory(question=question, position=2, text="B")
    rows = [
        {"id": str(first.pk), "question": str(question.pk), "position": "1", "text": "A", "is_correct": "on"},
        {
            "id": str(second.pk),
            "question": str(question.pk),
            "position": "2",
            "text": "B",
            "is_correct": "on",
        },
    ]

    response = client_for(uol_registry).post(
        f"/admin/learning/question/{question.pk}/change/",
        {"quiz": str(question.quiz_id), "position": "1", "text": question.text, "kind": QuestionKind.SINGLE,
         "explanation": "", **_inline("choices", rows, initial=2)},
    )  # fmt: skip

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.non_form_errors() == [
        "A single-choice question needs exactly one correct choice."
    ]
    assert list(Choice.objects.order_by("position").values_list("is_correct", flat=True)) == [True, False]


def test_learners_and_markers_cannot_open_the_content_admin(
    client_for, learner: User, uol_marker: User
) -> None:
    responses = [client_for(persona).get("/admin/learning/week/") for persona in (learner, uol_marker)]

    assert [response.status_code for response in responses] == [302, 302]
