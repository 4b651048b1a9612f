"""Public: checking a credential (R-CD3, the same verdict as its page), issuer profiles, did:web documents and
status lists (R-CD4)."""

import json
import uuid
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Body, Router

from microcred.api.schemas.common import ERRORS_PUBLIC
from microcred.api.schemas.credentials import (
    EmbeddedVerificationOut,
    FactsOut,
    IssuerProfileOut,
    VerificationOut,
)
from microcred.api.throttling import PublicRateThrottle
from microcred.credentials import selectors, services, services_issuers
from microcred.credentials.services_verification import Verification

router = Router(tags=["credentials"], throttle=[PublicRateThrottle()])


def _facts(verification: Verification) -> FactsOut | None:
    facts = verification.facts
    return None if facts is None else FactsOut.model_validate(facts, from_attributes=True)


def verification_out(verification: Verification) -> VerificationOut:
    return VerificationOut(
        verdict=verification.verdict.value,
        is_valid=verification.is_valid,
        reason=verification.reason,
        facts=_facts(verification),
        embedded=[
            EmbeddedVerificationOut(verdict=badge.verdict.value, reason=badge.reason, facts=_facts(badge))
            for badge in verification.embedded
        ],
    )


@router.get(
    "/credentials/{public_id}/verification", response={200: VerificationOut, **ERRORS_PUBLIC}, auth=None
)
def credential_verification(request: HttpRequest, public_id: uuid.UUID) -> VerificationOut:
    """R-CD3: the verdict on a credential we issued, by its id."""
    credential = selectors.credential_by_public_id(public_id)
    if credential is None:
        raise Http404
    return verification_out(services.verify_json_text(credential.document_json, now=timezone.now()))


@router.post("/verifications", response={200: VerificationOut, **ERRORS_PUBLIC}, auth=None)
def verify_document(request: HttpRequest, document: Body[dict[str, Any]]) -> VerificationOut:
    """R-CD3: the verdict on a credential posted as JSON: whoever issued it, the same checks as the page."""
    return verification_out(services.verify_json_text(json.dumps(document), now=timezone.now()))


@router.get("/issuers/{slug}", response={200: IssuerProfileOut, **ERRORS_PUBLIC}, auth=None)
def issuer_profile(request: HttpRequest, slug: str) -> IssuerProfileOut:
    issuer = selectors.issuer_by_slug(slug)
    if issuer is None:
        raise Http404
    did_key = services_issuers.verification_method_of(services_issuers.issuer_signing_key(issuer))
    issuer_id = services_issuers.did_web_of(slug) or did_key.partition("#")[0]
    profile = services_issuers.issuer_profile(issuer, issuer_id=issuer_id)
    return IssuerProfileOut.model_validate(profile, from_attributes=True)


@router.get("/issuers/{slug}/did.json", response={200: dict[str, Any], **ERRORS_PUBLIC}, auth=None)
def did_document(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The issuer's did:web document (only when issuers are did:web)."""
    issuer = selectors.issuer_by_slug(slug)
    document = services.issuer_did_document(issuer) if issuer else None
    if document is None:
        raise Http404
    return document


@router.get("/status-lists/{slug}/{number}", response={200: dict[str, Any], **ERRORS_PUBLIC}, auth=None)
def status_list(request: HttpRequest, slug: str, number: int) -> dict[str, Any]:
    """R-CD4: the signed status list credential."""
    found = selectors.status_list_of(slug, number) if 0 <= number < 2**31 else None
    if found is None:
        raise Http404
    document: dict[str, Any] = json.loads(found.document_json)
    return document
