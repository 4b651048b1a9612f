"""Mounted by the project with ``path("api/v1/", include("microcred.api.urls"))``."""

from django.urls import path, re_path

from microcred.api.api import api
from microcred.api.errors import not_found_view

urlpatterns = [path("", api.urls), re_path(r"^(?P<unmatched>.*)$", not_found_view)]
