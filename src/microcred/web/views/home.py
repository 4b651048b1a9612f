from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from microcred.catalog.models import Provider


def home(request: HttpRequest) -> HttpResponse:
    providers = Provider.objects.order_by("name").only("slug", "name")
    return render(request, "web/home.html", {"providers": providers})
