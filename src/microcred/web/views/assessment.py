"""The learner's assessment pages: one per enrolment, with the window (R-AS2), attempts left (R-AS3), the
submit form or the timed test (R-AS1, R-EN3), the word count (R-AS6) and released results as the learner may
see them (R-AS5); and the download of a submission's file for its learner and the provider's markers."""

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from microcred.accounts.models import User
from microcred.assessment import selectors, services
from microcred.assessment.errors import AssessmentError
from microcred.assessment.file_checks import CONTENT_TYPES, upload_max_bytes, upload_types
from microcred.assessment.models import FileType, SubmissionFormat, SubmissionStatus
from microcred.assessment.overview import AssessmentOverview, assessment_overview, online_test_questions
from microcred.assessment.permissions import can_download
from microcred.enrolment.models import Enrolment
from microcred.enrolment.selectors import enrolment_of_learner


def signed_in_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Sign in first.")
    return user


class SubmissionForm(forms.Form):
    """A file or text, as the assessment asks; for a file whose words are not read, the count stated."""

    file = forms.FileField(label="Your file", required=False)
    text = forms.CharField(label="Your submission", required=False, widget=forms.Textarea(attrs={"rows": 16}))
    stated_word_count = forms.IntegerField(
        label="Word count (optional)",
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text="The words of PDF, ODT, CSV and XLSX files are not counted here: state the count from your "
        "word processor, or leave it blank and it is shown as not counted.",
    )

    def __init__(self, *args: Any, submission_format: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if submission_format == SubmissionFormat.TEXT:
            del self.fields["file"]
            del self.fields["stated_word_count"]
        else:
            del self.fields["text"]
            types = ", ".join(kind.value.upper() for kind in upload_types())
            megabytes = upload_max_bytes() // (1024 * 1024)
            self.fields[
                "file"
            ].help_text = f"{types}; at most {megabytes} MB. Words are counted for TXT and DOCX."


def _enrolment_of(request: HttpRequest, public_id: uuid.UUID) -> Enrolment:
    enrolment = enrolment_of_learner(signed_in_user(request), public_id)
    if enrolment is None:
        raise Http404("No such enrolment of yours.")
    return enrolment


def _page(
    request: HttpRequest, enrolment: Enrolment, form: SubmissionForm | None = None, status: int = 200
) -> HttpResponse:
    overview = assessment_overview(enrolment, now=timezone.now())
    form = form or SubmissionForm(submission_format=overview.assessment.submission_format)
    return render(request, "web/assessment/page.html", {"overview": overview, "form": form}, status=status)


def _form_error(form: forms.Form, error: AssessmentError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_GET
def assessment_page(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    enrolment = _enrolment_of(request, public_id)
    # A timed test whose time ran out is closed before the page shows the attempts (R-AS1).
    services.online_tests_close_expired(now=timezone.now(), enrolment_id=enrolment.pk)
    return _page(request, enrolment)


@login_required
@require_POST
def submission_submit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    enrolment = _enrolment_of(request, public_id)
    submission_format = selectors.assessment_of(enrolment.microcredential).submission_format
    form = SubmissionForm(request.POST, request.FILES, submission_format=submission_format)
    if not form.is_valid():
        return _page(request, enrolment, form, status=400)
    content = services.SubmissionContent(
        upload=form.cleaned_data.get("file"),
        text=form.cleaned_data.get("text") or "",
        stated_word_count=form.cleaned_data.get("stated_word_count"),
    )
    try:
        submission = services.submission_create(
            enrolment_id=enrolment.pk, learner=signed_in_user(request), content=content
        )
    except AssessmentError as error:
        _form_error(form, error)
        return _page(request, enrolment, form, status=400)
    words = selectors.word_count_text(submission, enrolment.microcredential.provider.policy)
    messages.success(request, f"Attempt {submission.attempt_number} received. {words.text}")
    return redirect("assessment:page", public_id=enrolment.public_id)


@login_required
@require_POST
def online_test_begin(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    enrolment = _enrolment_of(request, public_id)
    try:
        services.online_test_start(enrolment_id=enrolment.pk, learner=signed_in_user(request))
    except AssessmentError as error:
        messages.error(request, error.message)
        return redirect("assessment:page", public_id=enrolment.public_id)
    return redirect("assessment:test", public_id=enrolment.public_id)


class AnswersForm(forms.Form):
    def __init__(self, *args: Any, overview: AssessmentOverview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in online_test_questions(overview.assessment):
            self.fields[f"q{question.position}"] = forms.TypedChoiceField(
                label=f"{question.position}. {question.text}",
                choices=[(str(index), text) for index, text in question.choices],
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )

    def answers(self) -> dict[int, int]:
        return {
            int(name.removeprefix("q")): value
            for name, value in self.cleaned_data.items()
            if value is not None and value != ""
        }


@login_required
@require_http_methods(["GET", "POST"])
def online_test_sitting(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    enrolment = _enrolment_of(request, public_id)
    overview = assessment_overview(enrolment, now=timezone.now())
    running = overview.in_progress
    if running is None:
        return redirect("assessment:page", public_id=enrolment.public_id)
    form = AnswersForm(request.POST or None, overview=overview)
    if request.method == "POST" and form.is_valid():
        try:
            handed_in = services.online_test_hand_in(
                submission_id=running.pk, learner=signed_in_user(request), answers=form.answers()
            )
        except AssessmentError as error:
            messages.error(request, error.message)
        else:
            if handed_in.answers or not form.answers():
                messages.success(
                    request, "Your answers were handed in. You will be told when the result is out."
                )
            else:
                messages.warning(request, "Your answers arrived after the time limit and were not counted.")
        return redirect("assessment:page", public_id=enrolment.public_id)
    status = 400 if form.errors else 200
    return render(request, "web/assessment/test.html", {"overview": overview, "form": form}, status=status)


@login_required
@require_GET
def submission_file(request: HttpRequest, public_id: uuid.UUID) -> FileResponse:
    """The file as an attachment, never shown inline, to its learner and the provider's markers and
    moderators; anyone else gets 404 and learns nothing of it."""
    submission = selectors.submission_by_public_id(public_id)
    if submission is None or not submission.file or not can_download(request.user, submission):
        raise Http404("No such file.")
    if submission.status == SubmissionStatus.IN_PROGRESS:
        raise Http404("No such file.")
    try:
        handle = submission.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    content_type = CONTENT_TYPES.get(FileType(submission.file_type), "application/octet-stream")
    response = FileResponse(
        handle, as_attachment=True, filename=submission.file_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
