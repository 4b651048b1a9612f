"""Issuers, their keys and identifiers (R-CD1): one issuer per awarding provider and one for the platform.

An issuer is ``did:web:<host>:issuers:<slug>`` when ``CREDENTIALS_PUBLIC_HOST`` is set (its DID document is
served at ``/issuers/<slug>/did.json`` and lists every key it has had), else the ``did:key`` of the key that
signs. Keys are made on first use; rotation retires the signing key and adds the next one.
"""

import uuid
from typing import Any, Final
from urllib.parse import quote

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from microcred.catalog.models import Provider
from microcred.credentials.documents import IssuerProfile, PublicKey, did_document
from microcred.credentials.key_store import open_private_key, seal_private_key
from microcred.credentials.keys import SigningKey
from microcred.credentials.models import PLATFORM_ISSUER_SLUG, Issuer, IssuerKey
from microcred.credentials.multikey import (
    did_key_verification_method,
    public_key_from_multibase,
    public_key_multibase,
)

# Public paths, fixed here because signed credentials name them; web/credential_urls.py serves them.
ISSUERS_PATH: Final = "issuers"
STATUS_LISTS_PATH: Final = "credentials/status"
CREDENTIALS_PATH: Final = "credentials"


def public_host() -> str:
    return str(getattr(settings, "CREDENTIALS_PUBLIC_HOST", "") or "")


def did_web_of(slug: str) -> str | None:
    """``did:web:<host>:issuers:<slug>``, a port's colon percent-encoded (did:web §3.1); None with no host."""
    host = public_host()
    return f"did:web:{quote(host, safe='')}:{ISSUERS_PATH}:{slug}" if host else None


def did_document_url(slug: str) -> str:
    return f"https://{public_host()}/{ISSUERS_PATH}/{slug}/did.json"


def status_list_url(slug: str, number: int) -> str:
    return f"{settings.SITE_URL}/{STATUS_LISTS_PATH}/{slug}/{number}"


def verification_url(public_id: uuid.UUID) -> str:
    """R-CD3: the public page anyone can check a credential on; the certificate's QR code opens it."""
    return f"{settings.SITE_URL}/{CREDENTIALS_PATH}/{public_id}"


def verification_method_of(key: IssuerKey) -> str:
    did = did_web_of(key.issuer.slug)
    if did is None:
        return did_key_verification_method(public_key_from_multibase(key.public_key_multibase))
    return f"{did}#{key.fragment}"


def signing_key_of(key: IssuerKey, *, verification_method: str | None = None) -> SigningKey:
    """The key, opened from the key store, named by its verification method (as it is now, or as
    ``verification_method`` says when a status list must be signed as it first was)."""
    private_key = open_private_key(
        bytes(key.sealed_private_key), binding=_binding(key.issuer.slug, key.public_key_multibase)
    )
    return SigningKey(private_key, verification_method or verification_method_of(key))


def _binding(slug: str, public_multibase: str) -> str:
    return f"{slug}#{public_multibase}"


def _key_create(issuer: Issuer) -> IssuerKey:
    """A new signing key for an issuer whose row the caller holds locked."""
    private_key = Ed25519PrivateKey.generate()
    public = public_key_multibase(private_key.public_key())
    return IssuerKey.objects.create(
        issuer=issuer,
        fragment=f"key-{issuer.keys.count() + 1}",
        public_key_multibase=public,
        sealed_private_key=seal_private_key(private_key, binding=_binding(issuer.slug, public)),
    )


def issuer_signing_key(issuer: Issuer) -> IssuerKey:
    """The issuer's signing key, made on first use. Locks the issuer's row for the rest of the transaction,
    so issuance and rotation of one issuer take turns."""
    with transaction.atomic():
        Issuer.objects.select_for_update().filter(pk=issuer.pk).first()
        key = (
            IssuerKey.objects.select_related("issuer").filter(issuer=issuer, retired_at__isnull=True).first()
        )
        return key or _key_create(issuer)


def issuer_key_rotate(*, issuer: Issuer) -> IssuerKey:
    """Retire the signing key and make the next one. The old key stays listed, so what it signed verifies."""
    with transaction.atomic():
        Issuer.objects.select_for_update().filter(pk=issuer.pk).first()
        IssuerKey.objects.filter(issuer=issuer, retired_at__isnull=True).update(retired_at=timezone.now())
        return _key_create(issuer)


def _issuer_get_or_create(**values: Any) -> Issuer:
    lookup = {"provider": values["provider"]} if values.get("provider") else {"slug": values["slug"]}
    try:
        with transaction.atomic():
            issuer, _ = Issuer.objects.get_or_create(**lookup, defaults=values)
    except IntegrityError:
        issuer = Issuer.objects.get(**lookup)
    return issuer


def issuer_for_provider(provider: Provider) -> Issuer:
    """R-CD1: the provider's issuer (the awarding body signs its own badges), made on first use."""
    return _issuer_get_or_create(provider=provider, slug=provider.slug, name=provider.awarding_body)


def platform_issuer() -> Issuer:
    """R-CD2: the platform signs transcripts, which gather credits of several providers."""
    return _issuer_get_or_create(slug=PLATFORM_ISSUER_SLUG, name=settings.CREDENTIALS_PLATFORM_NAME)


def issuer_profile(issuer: Issuer, *, issuer_id: str) -> IssuerProfile:
    """R-CA3 elements 3 and 4: the awarding body, its web site and where it is."""
    provider = issuer.provider
    if provider is None:
        return IssuerProfile(id=issuer_id, name=settings.CREDENTIALS_PLATFORM_NAME, url=settings.SITE_URL)
    policy = provider.policy
    return IssuerProfile(
        id=issuer_id,
        name=provider.awarding_body,
        url=provider.website,
        country=provider.country,
        country_code=policy.country,
        region=policy.region or "",
    )


def issuer_did_document(issuer: Issuer) -> dict[str, Any] | None:
    """The DID document of a ``did:web`` issuer; None when issuers are ``did:key`` (no host is set)."""
    did = did_web_of(issuer.slug)
    if did is None:
        return None
    keys = [
        PublicKey(key.fragment, key.public_key_multibase) for key in issuer.keys.order_by("created_at", "id")
    ]
    return did_document(did, keys)
