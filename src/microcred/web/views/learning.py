"""Learning pages: a learner's course with progress and study plan, its steps, formative quizzes and weekly
help area (R-LE1–R-LE3); the staff's queue of help questions and the page where they answer.

A learner opens only their own enrolment (anything else is 404) and only while it gives access today, as the
enrolment app decides (otherwise 403, with the reason). Staff see their own provider's questions only.
"""

import uuid
from collections.abc import Callable
from functools import wraps
from pathlib import PurePosixPath
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.views.decorators.http import require_http_methods, require_POST

from microcred.accounts.models import User
from microcred.learning import selectors, services
from microcred.learning.errors import LearningError
from microcred.learning.marking import field_name
from microcred.learning.models import Question, QuestionKind, Step
from microcred.learning.safe_markdown import render_markdown
from microcred.learning.selectors import CourseAccess

View = Callable[..., HttpResponseBase]


def learner_course(view: View) -> View:
    """Resolves ``enrolment_id`` to the learner's own enrolment that gives access today."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, enrolment_id: uuid.UUID, **kwargs: Any) -> HttpResponseBase:
        course = selectors.course_access(request.user, enrolment_id)
        if course is None:
            raise Http404("No such course enrolment.")
        if not course.access.has_access:
            return render(request, "web/learning/no_access.html", {"course": course}, status=403)
        return view(request, course, **kwargs)

    return wrapped


def provider_staff(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        _staff(request)
        return view(request, *args, **kwargs)

    return wrapped


def _staff(request: HttpRequest) -> tuple[User, int]:
    """The staff member and their provider's id; PermissionDenied for anyone who is not provider staff."""
    user = request.user
    if not (isinstance(user, User) and user.is_provider_staff and user.provider_id is not None):
        raise PermissionDenied("For staff of a university only.")
    return user, user.provider_id


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _attachment(step: Step | None) -> FileResponse:
    if step is None or not step.file:
        raise Http404("No such file.")
    try:
        handle = step.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    return FileResponse(handle, as_attachment=True, filename=PurePosixPath(step.file.name or "").name)


def _form_error(form: forms.Form, error: LearningError) -> None:
    form.add_error(error.field if error.field in form.fields else None, capfirst(error.message))


def _posted(request: HttpRequest) -> Any:
    # An empty POST is still a submission: its missing answers are errors, not a blank form.
    return request.POST if request.method == "POST" else None


@learner_course
def course_page(request: HttpRequest, course: CourseAccess) -> HttpResponse:
    outline = selectors.course_outline(course)
    return render(request, "web/learning/course.html", {"course": course, "outline": outline})


@learner_course
def step_page(request: HttpRequest, course: CourseAccess, step_id: int) -> HttpResponse:
    steps = selectors.steps_of_course(course.microcredential_id)
    index = next((index for index, step in enumerate(steps) if step.pk == step_id), None)
    if index is None:
        raise Http404("No such step in this course.")
    step = steps[index]
    context = {
        "course": course,
        "step": step,
        "body_html": mark_safe(render_markdown(step.body)),  # sanitised by nh3 in render_markdown
        "previous": steps[index - 1] if index > 0 else None,
        "next": steps[index + 1] if index + 1 < len(steps) else None,
        "is_done": selectors.is_step_done(course.enrolment.learner_id, step),
        "quiz": selectors.quiz_after_step(step),
    }
    return render(request, "web/learning/step.html", context)


@require_POST
@learner_course
def step_done(request: HttpRequest, course: CourseAccess, step_id: int) -> HttpResponse:
    step = selectors.step_of_course(course.microcredential_id, step_id)
    if step is None:
        raise Http404("No such step in this course.")
    services.step_complete(enrolment=course.enrolment, step=step)
    if _is_htmx(request):
        return render(
            request, "web/learning/_step_done.html", {"course": course, "step": step, "is_done": True}
        )
    messages.success(request, f"Step {step.number} marked as done.")
    return redirect("learning:step", course.enrolment.public_id, step.pk)


@learner_course
def step_file(request: HttpRequest, course: CourseAccess, step_id: int) -> FileResponse:
    return _attachment(selectors.step_of_course(course.microcredential_id, step_id))


class QuizForm(forms.Form):
    """One field per question: radio buttons for single choice, tick boxes for multiple choice."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            choices = [(str(choice.pk), choice.text) for choice in question.choices.all()]
            field: forms.Field
            if question.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple)
                field.help_text = "Tick every answer that applies."
            else:
                field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect)
            field.label = f"{question.position}. {question.text}"
            field.error_messages["required"] = "Choose an answer."
            self.fields[field_name(question.pk)] = field

    def answers(self) -> dict[int, frozenset[int]]:
        picked: dict[int, frozenset[int]] = {}
        for name, value in self.cleaned_data.items():
            values = value if isinstance(value, list) else [value]
            picked[int(name.removeprefix("question_"))] = frozenset(int(choice) for choice in values)
        return picked


@require_http_methods(["GET", "POST"])
@learner_course
def quiz_page(request: HttpRequest, course: CourseAccess, quiz_id: int) -> HttpResponse:
    quiz = selectors.quiz_of_course(course.microcredential_id, quiz_id)
    if quiz is None:
        raise Http404("No such quiz in this course.")
    questions = selectors.quiz_questions(quiz)
    form = QuizForm(_posted(request), questions=questions)
    feedback = None
    if request.method == "POST" and form.is_valid():
        try:
            attempt = services.quiz_attempt_submit(
                enrolment=course.enrolment, quiz=quiz, answers=form.answers()
            )
        except LearningError as error:
            _form_error(form, error)
        else:
            feedback = selectors.attempt_feedback(attempt, questions)
            form = QuizForm(questions=questions)
    context = {
        "course": course,
        "quiz": quiz,
        "form": form,
        "feedback": feedback,
        "attempts": selectors.attempts_of(course.enrolment.learner_id, quiz),
    }
    return render(request, "web/learning/quiz.html", context, status=400 if form.errors else 200)


class HelpQuestionForm(forms.Form):
    title = forms.CharField(label="Your question in a line", max_length=services.TITLE_MAX)
    body = forms.CharField(
        label="Details",
        max_length=services.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Which step it is about, and what you have tried.",
    )


class HelpAnswerForm(forms.Form):
    body = forms.CharField(
        label="Your answer", max_length=services.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 8})
    )


@require_http_methods(["GET", "POST"])
@learner_course
def help_week(request: HttpRequest, course: CourseAccess, number: int) -> HttpResponse:
    week = selectors.week_of_course(course.microcredential_id, number)
    if week is None:
        raise Http404("No such week in this course.")
    form = HelpQuestionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.help_question_ask(enrolment=course.enrolment, week=week, **form.cleaned_data)
        except LearningError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Your question is in the help area. A mentor will answer it here.")
            return redirect("learning:help", course.enrolment.public_id, week.number)
    context = {
        "course": course,
        "week": week,
        "form": form,
        "questions": selectors.help_questions_of_week(week),
        "learner_id": course.enrolment.learner_id,
        "target_hours": course.enrolment.microcredential.provider.policy.help.answer_target_hours,
    }
    return render(request, "web/learning/help_week.html", context, status=400 if form.errors else 200)


@provider_staff
def staff_help_queue(request: HttpRequest) -> HttpResponse:
    _, provider_id = _staff(request)
    queue = selectors.help_queue(provider_id=provider_id, now=timezone.now())
    return render(request, "web/learning/staff_help_queue.html", {"queue": queue})


@require_http_methods(["GET", "POST"])
@provider_staff
def staff_help_question(request: HttpRequest, question_id: int) -> HttpResponse:
    question = selectors.help_question_for_staff(request.user, question_id)
    if question is None:
        raise Http404("No such question for your university.")
    form = HelpAnswerForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.help_question_answer(
                mentor=_staff(request)[0], question=question, body=form.cleaned_data["body"]
            )
        except LearningError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"Your answer to “{question.title}” is in the help area.")
            return redirect(reverse("learning:staff_help_queue"))
    context = {
        "question": question,
        "form": form,
        "status": selectors.help_status(question, now=timezone.now()),
    }
    return render(
        request, "web/learning/staff_help_question.html", context, status=400 if form.errors else 200
    )


@provider_staff
def staff_step_file(request: HttpRequest, step_id: int) -> FileResponse:
    return _attachment(selectors.step_for_staff(request.user, step_id))
