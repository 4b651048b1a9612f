"""Staff pages of the assessment (R-AS7), each scoped to the staff member's own provider: the marking queue,
a submission with its mark form and history, the moderation queue and the release queue. Someone without the
role gets 403; a submission of another provider is a 404; either way nothing changes."""

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from microcred.accounts.models import User
from microcred.assessment import queues, selectors, services
from microcred.assessment.errors import AssessmentError, StaleSubmission
from microcred.assessment.models import Submission, SubmissionStatus
from microcred.assessment.permissions import (
    MARKING_ROLES,
    RELEASING_ROLES,
    can_download,
    can_mark,
    can_moderate,
    can_release,
    has_role,
)
from microcred.common.roles import Role

STAFF_ROLES = (Role.MARKER, Role.MODERATOR, Role.REGISTRY_OFFICER)

StaffView = Callable[..., HttpResponse]


def staff_with(roles: tuple[Role, ...]) -> Callable[[StaffView], StaffView]:
    """Log in first; then only active staff of a provider holding one of ``roles``, or 403."""

    def decorate(view: StaffView) -> StaffView:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not isinstance(user, User) or not has_role(user, roles):
                raise PermissionDenied("This page is for the provider's assessment staff.")
            return view(request, user, *args, **kwargs)

        return wrapped

    return decorate


class MarkForm(forms.Form):
    mark = forms.IntegerField(label="Mark (0–100)", min_value=0, max_value=100)
    feedback = forms.CharField(
        label="Feedback to the learner", required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ModerateForm(forms.Form):
    agreed_mark = forms.IntegerField(
        label="Agreed mark", min_value=0, max_value=100, required=False,
        help_text="Leave as it is to confirm the mark; change it to agree a different one.",
    )  # fmt: skip
    note = forms.CharField(label="Moderation note (staff only)", required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)


def _queue_page(
    request: HttpRequest, staff: User, title: str, rows: list[queues.QueueRow], empty: str
) -> HttpResponse:
    context = {"title": title, "rows": rows, "empty": empty, "provider": staff.provider, "staff": staff}
    return render(request, "web/assessment/queue.html", context)


@require_GET
@staff_with(MARKING_ROLES)
def marking_queue(request: HttpRequest, staff: User) -> HttpResponse:
    context = {
        "provider": staff.provider,
        "waiting": queues.marking_queue(staff),
        "marked": queues.marked_queue(staff),
    }
    return render(request, "web/assessment/marking_queue.html", context)


@require_GET
@staff_with((Role.MODERATOR,))
def moderation_queue(request: HttpRequest, staff: User) -> HttpResponse:
    rows = queues.moderation_queue(staff)
    return _queue_page(
        request, staff, "Moderation", rows, "No Fail or Distinction is waiting for moderation."
    )


@require_GET
@staff_with(RELEASING_ROLES)
def release_queue(request: HttpRequest, staff: User) -> HttpResponse:
    rows = queues.release_queue(staff)
    return _queue_page(request, staff, "Results to release", rows, "No result is ready to release.")


def _submission_of(staff: User, public_id: uuid.UUID) -> Submission:
    submission = queues.staff_submission(staff, public_id)
    if submission is None:
        raise Http404("No such submission at your provider.")
    return submission


def _detail(
    request: HttpRequest,
    staff: User,
    submission: Submission,
    *,
    mark_form: MarkForm | None = None,
    moderate_form: ModerateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    policy = submission.enrolment.microcredential.provider.policy
    is_open = submission.status in (SubmissionStatus.AWAITING_MARKING, SubmissionStatus.MARKED)
    may_moderate = (
        can_moderate(staff, submission) and submission.needs_moderation and submission.moderated_at is None
    )
    context = {
        "submission": submission,
        "course": submission.enrolment.microcredential,
        "policy": policy,
        "pass_mark": selectors.pass_mark_of(submission.enrolment.microcredential, policy),
        "submitted_at": selectors.local_time_text(submission.submitted_at, policy),
        "word_count": selectors.word_count_text(submission, policy),
        "history": queues.mark_history(submission, policy),
        "may_download": can_download(staff, submission),
        "mark_form": mark_form
        or (_mark_form(submission) if is_open and can_mark(staff, submission) else None),
        "moderate_form": moderate_form or (_moderate_form(submission) if may_moderate else None),
        "may_release": can_release(staff, submission) and submission.is_ready_to_release,
    }
    return render(request, "web/assessment/submission.html", context, status=status)


def _mark_form(submission: Submission) -> MarkForm:
    return MarkForm(
        initial={"mark": submission.mark, "feedback": submission.feedback, "version": submission.version}
    )


def _moderate_form(submission: Submission) -> ModerateForm:
    return ModerateForm(initial={"agreed_mark": submission.mark, "version": submission.version})


@require_GET
@staff_with(STAFF_ROLES)
def submission_detail(request: HttpRequest, staff: User, public_id: uuid.UUID) -> HttpResponse:
    return _detail(request, staff, _submission_of(staff, public_id))


def _refused(form: forms.Form, error: AssessmentError) -> int:
    """Put the refusal on the form; 409 when someone else saved first (the page shows what they saved)."""
    if isinstance(error, StaleSubmission):
        form.add_error(None, error.message)
        return 409
    form.add_error(error.field if error.field in form.fields else None, error.message)
    return 400


@require_POST
@staff_with(MARKING_ROLES)
def submission_mark(request: HttpRequest, staff: User, public_id: uuid.UUID) -> HttpResponse:
    submission = _submission_of(staff, public_id)
    form = MarkForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.submission_mark(
                submission_id=submission.pk,
                marker=staff,
                mark=form.cleaned_data["mark"],
                feedback=form.cleaned_data["feedback"],
                expected_version=form.cleaned_data["version"],
            )
        except AssessmentError as error:
            status = _refused(form, error)
        else:
            messages.success(request, f"Mark saved for submission {submission.reference}.")
            return redirect("assessment:submission", public_id=submission.public_id)
    return _detail(request, staff, _submission_of(staff, public_id), mark_form=form, status=status)


@require_POST
@staff_with((Role.MODERATOR,))
def submission_moderate(request: HttpRequest, staff: User, public_id: uuid.UUID) -> HttpResponse:
    submission = _submission_of(staff, public_id)
    form = ModerateForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.submission_moderate(
                submission_id=submission.pk,
                moderator=staff,
                expected_version=form.cleaned_data["version"],
                agreed_mark=form.cleaned_data["agreed_mark"],
                note=form.cleaned_data["note"],
            )
        except AssessmentError as error:
            status = _refused(form, error)
        else:
            messages.success(request, f"Moderation recorded for submission {submission.reference}.")
            return redirect("assessment:submission", public_id=submission.public_id)
    return _detail(request, staff, _submission_of(staff, public_id), moderate_form=form, status=status)


@require_POST
@staff_with(RELEASING_ROLES)
def submission_release(request: HttpRequest, staff: User, public_id: uuid.UUID) -> HttpResponse:
    submission = _submission_of(staff, public_id)
    try:
        release = services.submission_release(submission_id=submission.pk, actor=staff)
    except AssessmentError as error:
        messages.error(request, error.message)
        return redirect("assessment:submission", public_id=submission.public_id)
    if release.is_new:
        messages.success(
            request, f"Result of submission {submission.reference} released; the learner is told."
        )
    else:
        messages.info(request, f"The result of submission {submission.reference} had already been released.")
    return redirect("assessment:release_queue")
