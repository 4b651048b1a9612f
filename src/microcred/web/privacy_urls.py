"""Privacy pages (a person's own data: export and erasure) and the staff audit log, included at the site
root."""

from django.urls import URLPattern, URLResolver, path

from microcred.web.views import audit, privacy

app_name = "privacy"

urlpatterns: list[URLPattern | URLResolver] = [
    path("my/data/", privacy.my_data, name="my_data"),
    path("my/data/export/", privacy.export, name="export"),
    path("my/data/erase/", privacy.erase, name="erase"),
    path("data-erased/", privacy.erased, name="erased"),
    path("staff/audit/", audit.audit_log, name="audit"),
]
