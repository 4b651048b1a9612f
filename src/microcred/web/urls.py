"""The site's pages. Catalogue pages (/courses/…) live in catalog_urls."""

from django.urls import URLPattern, URLResolver, include, path

from microcred.web.views import dashboard, home

urlpatterns: list[URLPattern | URLResolver] = [
    path("", home.home, name="home"),
    path("my/", dashboard.dashboard, name="dashboard"),
    path("", include("microcred.web.catalog_urls")),
    path("payments/", include("microcred.web.payment_urls")),
    path("", include("microcred.web.enrolment_urls")),
    path("", include("microcred.web.assessment_urls")),
    path("", include("microcred.web.learning_urls")),
    path("", include("microcred.web.credential_urls")),
    path("", include("microcred.web.award_urls")),
    path("", include("microcred.web.privacy_urls")),
]
