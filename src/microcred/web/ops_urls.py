"""Operations endpoints, included at the site root: /healthz, /readyz and /metrics."""

from django.urls import URLPattern, URLResolver, path

from microcred.web.views import health

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", health.metrics, name="metrics"),
]
