"""The payment pages, included at /payments/ by web/urls.py: ``path("payments/", include(...))``."""

from django.urls import URLPattern, URLResolver, path

from microcred.web.views import payments

app_name = "payments"

urlpatterns: list[URLPattern | URLResolver] = [
    path("sandbox/<uuid:public_id>/", payments.sandbox_checkout, name="sandbox_checkout"),
    path("webhooks/<slug:provider>/", payments.provider_webhook, name="webhook"),
]
