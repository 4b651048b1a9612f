"""R-LE1 on the pages: the course page shows weeks, steps, progress against the study plan and quiz links;
a step page renders its Markdown safely and marks the step done, once, with or without htmx."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from tests.learning.factories import StepFactory

from microcred.accounts.models import User
from microcred.enrolment.models import Enrolment
from microcred.learning import selectors, services
from microcred.learning.models import Step, StepCompletion


def test_r_le1_the_course_page_shows_progress_against_the_study_plan(
    client_for, learner: User, steps: list[Step], enrolment: Enrolment
) -> None:
    services.step_complete(enrolment=enrolment, step=steps[0])

    response = client_for(learner).get(f"/learn/{enrolment.public_id}/")

    assert response.status_code == 200
    outline = response.context["outline"]
    assert (outline.progress.done, outline.progress.total, outline.progress.percent) == (1, 4, 25)
    assert [(w.week.number, w.progress.done, w.progress.total) for w in outline.weeks] == [
        (1, 1, 2),
        (2, 0, 2),
    ]
    assert outline.next_step == steps[1]
    # 14 October 2026 is in week 7 of access that began on 1 September.
    assert "Week 7 of 12" in response.text
    assert "13 h a week (156 hours in all)" in response.text
    assert "1 of 4 steps done (25%)" in response.text
    assert f'href="/learn/{enrolment.public_id}/quizzes/{steps[0].week.quizzes.get().pk}/"' in response.text


def test_r_le1_progress_is_the_learners_own(
    steps: list[Step], enrolment: Enrolment, other_learner: User
) -> None:
    StepCompletion.objects.create(learner=other_learner, step=steps[0])

    outline = selectors.course_outline(selectors.access_today(enrolment))

    assert (outline.progress.done, outline.progress.total) == (0, 4)


def test_r_le1_marking_a_step_done_twice_records_it_once(
    client_for, learner: User, steps: list[Step], enrolment: Enrolment
) -> None:
    client: Client = client_for(learner)
    url = f"/learn/{enrolment.public_id}/steps/{steps[0].pk}/done/"

    first = client.post(url)
    second = client.post(url)

    assert (first.status_code, first["Location"]) == (
        302,
        f"/learn/{enrolment.public_id}/steps/{steps[0].pk}/",
    )
    assert second.status_code == 302
    assert list(StepCompletion.objects.values_list("learner_id", "step_id")) == [(learner.pk, steps[0].pk)]


def test_r_le1_marking_done_with_htmx_returns_the_fragment_to_swap(
    client_for, learner: User, steps: list[Step], enrolment: Enrolment
) -> None:
    response = client_for(learner).post(
        f"/learn/{enrolment.public_id}/steps/{steps[0].pk}/done/", headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert response.text.strip().startswith('<div id="step-done" class="step-done">')
    assert "You have done this step." in response.text
    assert "<html" not in response.text


def test_r_le1_marking_done_needs_a_post(
    client_for, learner: User, steps: list[Step], enrolment: Enrolment
) -> None:
    response = client_for(learner).get(f"/learn/{enrolment.public_id}/steps/{steps[0].pk}/done/")

    assert response.status_code == 405
    assert StepCompletion.objects.count() == 0


def test_r_le1_the_step_page_renders_markdown_safely_with_its_neighbours(
    client_for, learner: User, steps: list[Step], enrolment: Enrolment
) -> None:
    Step.objects.filter(pk=steps[1].pk).update(
        body="See [the notes](https://example.org/notes).\n\n<script>alert('x')</script>"
    )

    response = client_for(learner).get(f"/learn/{enrolment.public_id}/steps/{steps[1].pk}/")

    assert response.status_code == 200
    assert '<a href="https://example.org/notes" rel="noopener nofollow">the notes</a>' in response.text
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert" in response.text
    assert (response.context["previous"], response.context["next"]) == (steps[0], steps[2])
    assert "Mark as done" in response.text


def test_r_le1_a_link_step_opens_its_url_without_handing_over_the_page(
    client_for, learner: User, steps: list[Step], enrolment: Enrolment
) -> None:
    link = StepFactory(
        week=steps[0].week, position=3, kind="link", body="", url="https://example.org/reading"
    )

    response = client_for(learner).get(f"/learn/{enrolment.public_id}/steps/{link.pk}/")

    assert (
        '<a class="button" href="https://example.org/reading" rel="noopener nofollow">Open the link</a>'
        in response.text
    )


@pytest.mark.parametrize(
    ("kind", "fields", "error"),
    [
        ("text", {"body": ""}, {"body": ["a text step needs this"]}),
        ("link", {"url": ""}, {"url": ["a link step needs this"]}),
        ("file", {}, {"file": ["a file step needs this"]}),
    ],
)
def test_r_le1_each_kind_of_step_needs_its_content(
    steps: list[Step], kind: str, fields: dict[str, str], error: dict[str, list[str]]
) -> None:
    step = StepFactory.build(week=steps[0].week, position=9, kind=kind, **fields)

    with pytest.raises(ValidationError) as caught:
        step.clean()

    assert caught.value.message_dict == error
