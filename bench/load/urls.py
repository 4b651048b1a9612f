"""The site as deployed (microcred.config.urls), plus the floor of the load run: /ok, a bare Django view
answering "ok" through the same middleware, so its figures are what any request costs before our code."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("ok", ok, name="bench-ok"),
    path("", include("microcred.config.urls")),
]
