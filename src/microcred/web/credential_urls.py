"""Credential pages, included at the site root. The public paths (a credential's page, status lists, DID
documents) are written into signed credentials and certificates: they match
``microcred.credentials.services_issuers`` and must not change."""

from django.urls import URLPattern, URLResolver, path

from microcred.web.views import credentials

app_name = "credentials"

urlpatterns: list[URLPattern | URLResolver] = [
    path("credentials/verify/", credentials.verify, name="verify"),
    path("credentials/status/<slug:issuer_slug>/<int:number>", credentials.status_list, name="status_list"),
    path("credentials/<uuid:public_id>", credentials.credential_page, name="credential"),
    path("credentials/<uuid:public_id>/credential.json", credentials.credential_json, name="json"),
    path("credentials/<uuid:public_id>/certificate.pdf", credentials.credential_pdf, name="pdf"),
    path("credentials/<uuid:public_id>/revoke/", credentials.credential_revoke, name="revoke"),
    path("issuers/<slug:issuer_slug>/did.json", credentials.did_document, name="did_document"),
    path("my/credentials/", credentials.my_credentials, name="mine"),
    path("my/credentials/transcript/", credentials.transcript_request, name="transcript"),
    path("staff/credentials/", credentials.staff_credentials, name="staff_list"),
]
