"""Credential pages. Public, no account needed (R-CD3): a credential's verification page, its JSON and PDF,
the upload-or-paste verifier, issuers' DID documents and status lists. A learner's own credentials and
transcript (R-CD2). A registry officer's list and revocation (R-CD4): anyone else gets 403, and nothing
changes."""

import uuid
from dataclasses import replace
from typing import Any, Final
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from microcred.accounts.models import User
from microcred.credentials import pdf, selectors, services
from microcred.credentials.models import Credential, CredentialKind, RevocationReason
from microcred.credentials.services_errors import CredentialRefused
from microcred.credentials.services_verification import CredentialFacts, Verification
from microcred.enrolment.selectors import registry_provider_of

# A badge is a few kilobytes and a transcript of many badges some hundreds: anything larger is not ours.
UPLOAD_MAX_BYTES: Final = 2 * 1024 * 1024
ROWS_SHOWN: Final = 200
LINKEDIN_ADD_URL: Final = "https://www.linkedin.com/profile/add"
JSON_LD: Final = "application/ld+json"


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in user; the views that ask are behind login_required, so no one else gets this far."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Sign in first.")
    return user


def _credential_or_404(public_id: uuid.UUID) -> Credential:
    credential = selectors.credential_by_public_id(public_id)
    if credential is None:
        raise Http404("No credential has this id.")
    return credential


def linkedin_add_url(facts: CredentialFacts, *, page_url: str, credential_id: str) -> str:
    """LinkedIn's "Add to profile" link for a certification, filled in from the verified credential."""
    issued = timezone.localtime(facts.valid_from) if facts.valid_from else timezone.localtime()
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": facts.title,
        "organizationName": facts.issuer_name,
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certUrl": page_url,
        "certId": credential_id,
    }
    return f"{LINKEDIN_ADD_URL}?{urlencode(query)}"


def shown(verification: Verification) -> Verification:
    """The verification as a page shows it: control characters in names and titles as spaces (the signed
    credential keeps them as they are)."""
    facts = verification.facts
    if facts is not None:
        facts = replace(
            facts,
            title=pdf.printable(facts.title),
            learner_name=pdf.printable(facts.learner_name) or None,
            issuer_name=pdf.printable(facts.issuer_name),
        )
    return replace(verification, facts=facts, embedded=tuple(shown(badge) for badge in verification.embedded))


def _page_context(request: HttpRequest, credential: Credential) -> dict[str, Any]:
    verification = shown(services.verify_json_text(credential.document_json, now=timezone.now()))
    page_url = services.verification_url(credential.public_id)
    facts = verification.facts
    linkedin = None
    if facts is not None and verification.is_valid and credential.kind == CredentialKind.BADGE:
        linkedin = linkedin_add_url(facts, page_url=page_url, credential_id=str(credential.public_id))
    return {
        "credential": credential,
        "verification": verification,
        "page_url": page_url,
        "linkedin_url": linkedin,
        "can_revoke": not credential.is_revoked and services.can_revoke(request.user, credential),
    }


@require_GET
def credential_page(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """R-CD3: who, what, when, by whom, and a plain answer: valid, revoked or not genuine."""
    if selectors.is_erased_holders_credential(public_id):
        # A verifier following the badge's link learns that the file the holder kept is still checkable.
        return render(request, "web/credentials/erased.html", status=410)
    credential = _credential_or_404(public_id)
    return render(request, "web/credentials/credential.html", _page_context(request, credential))


def _public_json(text: str, *, filename: str | None = None, max_age: int = 300) -> HttpResponse:
    """A document verifiers fetch, from any origin, as the exact bytes stored."""
    response = HttpResponse(text.encode("utf-8"), content_type=f"{JSON_LD}; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={max_age}"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def credential_json(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    credential = _credential_or_404(public_id)
    return _public_json(credential.document_json, filename=f"credential-{credential.public_id}.json")


@require_GET
def credential_pdf(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """R-CD1 certificate, or R-CD2 transcript, as a PDF."""
    credential = _credential_or_404(public_id)
    if credential.kind == CredentialKind.TRANSCRIPT:
        content, name = pdf.transcript_pdf(pdf.transcript_of(credential)), "transcript"
    else:
        content, name = pdf.certificate_pdf(pdf.certificate_of(credential)), "certificate"
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}-{credential.public_id}.pdf"'
    return response


class VerifyForm(forms.Form):
    file = forms.FileField(label="Upload the credential (a .json file)", required=False)
    text = forms.CharField(
        label="Or paste its JSON",
        required=False,
        max_length=UPLOAD_MAX_BYTES,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "autocomplete": "off"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        upload, text = cleaned.get("file"), (cleaned.get("text") or "").strip()
        if upload is not None and upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError({"file": "This file is too large to be a credential (2 MB at most)."})
        if upload is None and not text:
            raise forms.ValidationError("Upload a credential file or paste its JSON.")
        cleaned["json"] = upload.read() if upload is not None else text
        return cleaned


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """R-CD3: check a credential by uploading or pasting its JSON: the same checks as its page."""
    is_post = request.method == "POST"
    form = VerifyForm(request.POST if is_post else None, request.FILES if is_post else None)
    verification: Verification | None = None
    if is_post and form.is_valid():
        verification = shown(services.verify_json_text(form.cleaned_data["json"], now=timezone.now()))
    return render(request, "web/credentials/verify.html", {"form": form, "verification": verification})


@require_GET
def did_document(request: HttpRequest, issuer_slug: str) -> HttpResponse:
    """An issuer's did:web document (only when issuers are did:web)."""
    issuer = selectors.issuer_by_slug(issuer_slug)
    document = services.issuer_did_document(issuer) if issuer else None
    if document is None:
        raise Http404("No did:web issuer has this name.")
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def status_list(request: HttpRequest, issuer_slug: str, number: int) -> HttpResponse:
    """R-CD4: the signed status list credential. Kept a minute in caches, so a revocation shows soon."""
    found = selectors.status_list_of(issuer_slug, number)
    if found is None:
        raise Http404("No status list has this address.")
    return _public_json(found.document_json, max_age=60)


@login_required
@require_GET
def my_credentials(request: HttpRequest) -> HttpResponse:
    credentials = selectors.credentials_of_learner(signed_in_user(request))
    context = {
        "badges": credentials.filter(kind=CredentialKind.BADGE),
        # R-AW4: each award's own credential, its claim joined to tell a superseded award from a revoked one.
        "awards": credentials.filter(kind=CredentialKind.AWARD).select_related("award_claim"),
        "transcripts": credentials.filter(kind=CredentialKind.TRANSCRIPT)[:5],
    }
    return render(request, "web/credentials/mine.html", context)


@login_required
@require_POST
def transcript_request(request: HttpRequest) -> HttpResponse:
    """R-CD2: the learner's transcript, signed by the platform, as it stands now."""
    try:
        transcript = services.transcript_issue(learner=signed_in_user(request))
    except CredentialRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("credentials:mine")
    return redirect("credentials:credential", public_id=transcript.public_id)


class RevokeForm(forms.Form):
    reason = forms.ChoiceField(label="Why is it revoked?", choices=RevocationReason.choices)
    note = forms.CharField(
        label="Details",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with your name and the time. The public page says only that it is revoked.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def credential_revoke(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """R-CD4: a registry officer of the issuing provider revokes a credential, with a reason."""
    credential = _credential_or_404(public_id)
    if not services.can_revoke(request.user, credential):
        raise PermissionDenied("Only a registry officer of the issuing provider may revoke this credential.")
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.credential_revoke(public_id=public_id, officer=request.user, **form.cleaned_data)
        except CredentialRefused as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        else:
            messages.success(request, "The credential is revoked. Its status list says so from now on.")
            return redirect("credentials:credential", public_id=public_id)
    context = {"credential": credential, "form": form, "history": selectors.status_history(credential)}
    return render(request, "web/credentials/revoke.html", context)


@login_required
@require_GET
def staff_credentials(request: HttpRequest) -> HttpResponse:
    """The credentials the officer's provider has issued, newest first."""
    provider = registry_provider_of(request.user)
    if provider is None:
        raise PermissionDenied("This page is for registry officers.")
    rows = selectors.provider_credentials(provider)[:ROWS_SHOWN]
    return render(request, "web/credentials/staff_list.html", {"provider": provider, "credentials": rows})
