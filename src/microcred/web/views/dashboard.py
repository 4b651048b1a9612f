from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from microcred.web.views.enrolment import my_learning_context


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """My learning: a learner's enrolments, credit and credentials."""
    return render(request, "web/dashboard.html", my_learning_context(request))
