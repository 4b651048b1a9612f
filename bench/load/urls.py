"""The site as deployed: operations endpoints, the API at api/v1/, then the pages."""

from django.urls import include, path

urlpatterns = [
    path("", include("microcred.web.ops_urls")),
    path("api/v1/", include("microcred.api.urls")),
    path("", include("microcred.config.urls")),
]
