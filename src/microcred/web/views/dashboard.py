from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """My learning: a learner's enrolments, credit and credentials (filled in as those parts arrive)."""
    return render(request, "web/dashboard.html")
