"""The catalogue pages, included at the site root by web/urls.py."""

from django.urls import URLPattern, URLResolver, path

from microcred.web.views import catalog

app_name = "catalog"

urlpatterns: list[URLPattern | URLResolver] = [
    path("courses/", catalog.course_list, name="list"),
    path("courses/<slug:provider_slug>/<slug:slug>/", catalog.course_detail, name="course"),
]
