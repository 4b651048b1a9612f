"""Reads of the credentials app: credentials by id and by learner, issuers' keys by verification method,
status lists by URL."""

import re
import uuid
from collections.abc import Collection
from typing import Final
from urllib.parse import quote, urlsplit

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from microcred.catalog.models import Provider
from microcred.credentials.models import (
    Credential,
    CredentialKind,
    CredentialStatusEvent,
    Issuer,
    IssuerKey,
    Recipient,
    StatusList,
)
from microcred.credentials.multikey import DID_KEY_PREFIX
from microcred.credentials.services_issuers import ISSUERS_PATH, STATUS_LISTS_PATH, public_host

_STATUS_LIST_PATH: Final = re.compile(
    rf"/{STATUS_LISTS_PATH}/(?P<slug>[-a-zA-Z0-9_]+)/(?P<number>[0-9]{{1,9}})\Z"
)


# A credential whose holder had their personal data erased (microcred.privacy) keeps its row, status bit and
# history, but not the platform's copy of the signed document, which names them: only the holder can show it.
ERASED_DOCUMENT: Final = ""


def _shown() -> QuerySet[Credential]:
    return Credential.objects.exclude(document_json=ERASED_DOCUMENT)


def is_erased_holders_credential(public_id: uuid.UUID) -> bool:
    """The holder asked for erasure: we keep the row and its status bit, not the document with their name."""
    return Credential.objects.filter(public_id=public_id, document_json=ERASED_DOCUMENT).exists()


def credential_by_public_id(public_id: uuid.UUID) -> Credential | None:
    return (
        _shown()
        .select_related("issuer__provider", "learner", "credit__microcredential")
        .filter(public_id=public_id)
        .first()
    )


def credentials_of_learner(
    learner: AbstractBaseUser, *, kind: CredentialKind | None = None
) -> QuerySet[Credential]:
    credentials = _shown().filter(learner_id=learner.pk).select_related("issuer__provider")
    return credentials.filter(kind=kind) if kind else credentials


def held_badges(learner: AbstractBaseUser) -> list[Credential]:
    """R-CD2: the badges a transcript lists: every one not revoked, oldest first."""
    return list(
        _shown()
        .filter(learner_id=learner.pk, kind=CredentialKind.BADGE, is_revoked=False)
        .select_related("issuer__provider", "credit")
        .order_by("issued_at", "id")
    )


def provider_credentials(provider: Provider) -> QuerySet[Credential]:
    return (
        Credential.objects.filter(issuer__provider=provider)
        .select_related("learner")
        .order_by("-issued_at", "-id")
    )


def recipients_by_learner(learner_ids: Collection[int]) -> dict[int, Recipient]:
    """The recipients these learners already have, by learner id, in one query."""
    return {
        recipient.learner_id: recipient for recipient in Recipient.objects.filter(learner_id__in=learner_ids)
    }


def status_history(credential: Credential) -> list[CredentialStatusEvent]:
    return list(credential.status_events.select_related("actor"))


def issuer_by_slug(slug: str) -> Issuer | None:
    return Issuer.objects.select_related("provider").filter(slug=slug).first()


def issuer_key_for(verification_method: object) -> IssuerKey | None:
    """The key of ours a verification method names: ``did:key:<key>#<key>``, or
    ``did:web:<our host>:issuers:<slug>#<fragment>``. Anyone else's key is None: nothing is fetched."""
    if not isinstance(verification_method, str):
        return None
    keys = IssuerKey.objects.select_related("issuer__provider")
    if verification_method.startswith(DID_KEY_PREFIX):
        multikey, _, fragment = verification_method.removeprefix(DID_KEY_PREFIX).partition("#")
        return keys.filter(public_key_multibase=multikey).first() if fragment == multikey else None
    host = public_host()
    prefix = f"did:web:{quote(host, safe='')}:{ISSUERS_PATH}:"
    if not host or not verification_method.startswith(prefix):
        return None
    slug, _, fragment = verification_method.removeprefix(prefix).partition("#")
    return keys.filter(issuer__slug=slug, fragment=fragment).first() if fragment else None


def status_list_at(url: object) -> StatusList | None:
    """A status list of ours by its URL, matched on the end of its path, so a change of the site's host (or
    a site served under a path) does not lose it."""
    if not isinstance(url, str):
        return None
    match = _STATUS_LIST_PATH.search(urlsplit(url).path)
    if match is None:
        return None
    return status_list_of(match["slug"], int(match["number"]))


def status_list_of(slug: str, number: int) -> StatusList | None:
    return StatusList.objects.select_related("issuer").filter(issuer__slug=slug, number=number).first()
