"""Revocation through W3C Bitstring Status Lists (R-CD4).

Each credential owns one bit of a list of its issuer's (131,072 bits or more), given out under the issuer's
row lock and guarded by a unique (list, index) constraint. Revoking sets the bit, signs the list credential
again with the list's own key, and records who, when and why; revocation is final and its history is kept.
"""

import json
import secrets
import uuid
from datetime import datetime
from typing import Final

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from microcred.accounts.models import User
from microcred.accounts.selectors import is_staff_of
from microcred.common.hooks import hooks_call
from microcred.common.roles import Role
from microcred.credentials.data_integrity import ProofOptions, create_proof, xsd_date_time
from microcred.credentials.documents import status_list_credential
from microcred.credentials.models import (
    Credential,
    CredentialStatusEvent,
    Issuer,
    IssuerKey,
    RevocationReason,
    StatusList,
)
from microcred.credentials.services_errors import AlreadyRevoked, NotPermitted
from microcred.credentials.services_issuers import signing_key_of, status_list_url, verification_method_of
from microcred.credentials.status_list import MINIMUM_BITS
from microcred.credentials.status_list import StatusList as Bitstring

LIST_SIZE: Final = MINIMUM_BITS
NOTE_MAX_LENGTH: Final = 500
# R-CD4: what the platform itself revokes for, with no officer acting.
PLATFORM_REASONS: Final = (RevocationReason.REFUND, RevocationReason.SUPERSEDED)


def _signed_list_json(status_list: StatusList, bits: Bitstring, now: datetime) -> str:
    document = status_list_credential(
        list_url=status_list_url(status_list.issuer.slug, status_list.number),
        issuer_id=status_list.verification_method.partition("#")[0],
        valid_from=xsd_date_time(now),
        encoded_list=bits.encode(),
    )
    key = signing_key_of(status_list.key, verification_method=status_list.verification_method)
    return json.dumps(create_proof(document, key, ProofOptions(created=now)), ensure_ascii=False)


def _status_list_create(issuer: Issuer, key: IssuerKey) -> StatusList:
    now = timezone.now()
    number = (StatusList.objects.filter(issuer=issuer).aggregate(Max("number"))["number__max"] or 0) + 1
    bits = Bitstring.empty(LIST_SIZE)
    status_list = StatusList(
        issuer=issuer,
        key=key,
        verification_method=verification_method_of(key),
        number=number,
        size=LIST_SIZE,
        # An odd multiplier makes position → index a bijection on a list whose size is a power of two.
        multiplier=2 * secrets.randbelow(LIST_SIZE // 2) + 1,
        offset=secrets.randbelow(LIST_SIZE),
        bits=bits.bits,
        updated_at=now,
    )
    status_list.document_json = _signed_list_json(status_list, bits, now)
    status_list.save()
    return status_list


def status_indexes_allocate(*, issuer: Issuer, key: IssuerKey, count: int) -> list[tuple[StatusList, int]]:
    """``count`` unused bits of the key's lists, opening a new list when the last is full. Call it inside the
    transaction that holds the issuer's row lock (:func:`issuer_signing_key`) and writes the credentials."""
    allocated: list[tuple[StatusList, int]] = []
    while len(allocated) < count:
        status_list = (
            StatusList.objects.select_for_update()
            .select_related("issuer")
            .filter(key=key, next_position__lt=F("size"))
            .order_by("number")
            .first()
        ) or _status_list_create(issuer, key)
        start = status_list.next_position
        taken = min(count - len(allocated), status_list.size - start)
        StatusList.objects.filter(pk=status_list.pk).update(next_position=F("next_position") + taken)
        allocated += [
            (status_list, status_list.index_at(position)) for position in range(start, start + taken)
        ]
    return allocated


def can_revoke(user: User | AnonymousUser | AbstractBaseUser, credential: Credential) -> bool:
    """R-CD4: a registry officer of the provider whose issuer signed it."""
    provider_id = credential.issuer.provider_id
    return (
        isinstance(user, User)
        and user.role == Role.REGISTRY_OFFICER
        and provider_id is not None
        and is_staff_of(user, provider_id)
    )


def _checked_note(note: str) -> str:
    cleaned = " ".join(str(note).split())
    if not cleaned:
        raise NotPermitted("note", "Say why the credential is revoked.")
    if len(cleaned) > NOTE_MAX_LENGTH:
        raise NotPermitted("note", f"Keep the reason to {NOTE_MAX_LENGTH} characters.")
    return cleaned


def _revoke(credential: Credential, *, reason: RevocationReason, note: str, actor: User | None) -> Credential:
    """Set the bit, re-sign the list, record the event: the caller holds the credential's row lock."""
    if credential.is_revoked:
        raise AlreadyRevoked("credential", "This credential has already been revoked.")
    now = timezone.now()
    status_list = (
        StatusList.objects.select_for_update()
        .select_related("issuer", "key")
        .get(pk=credential.status_list_id)
    )
    bits = Bitstring(bytes(status_list.bits)).with_bit(credential.status_index, is_set=True)
    status_list.bits = bits.bits
    status_list.document_json = _signed_list_json(status_list, bits, now)
    status_list.updated_at = now
    status_list.save(update_fields=["bits", "document_json", "updated_at"])
    credential.is_revoked = True
    credential.revoked_at = now
    credential.save(update_fields=["is_revoked", "revoked_at"])
    CredentialStatusEvent.objects.create(credential=credential, reason=reason, note=note, actor=actor, at=now)
    hooks_call("CREDENTIAL_REVOKED_HANDLERS", credential_id=credential.pk)
    return credential


def _locked(public_id: uuid.UUID) -> Credential:
    return Credential.objects.select_for_update().select_related("issuer").get(public_id=public_id)


def credential_revoke(
    *, public_id: uuid.UUID, officer: User | AnonymousUser | AbstractBaseUser, reason: str, note: str
) -> Credential:
    """R-CD4: a registry officer revokes one of their provider's credentials, saying why."""
    with transaction.atomic():
        credential = _locked(public_id)
        if not isinstance(officer, User) or not can_revoke(officer, credential):
            raise NotPermitted("credential", "Only a registry officer of the issuing provider may revoke it.")
        if reason not in RevocationReason.values:
            raise NotPermitted("reason", f"Choose one of: {', '.join(RevocationReason.values)}.")
        return _revoke(credential, reason=RevocationReason(reason), note=_checked_note(note), actor=officer)


def credentials_revoke_for_credit(
    *, credit_id: int, reason: RevocationReason, note: str
) -> Credential | None:
    """R-CD4, R-EN5, R-AW4: the platform revokes the badge of a credit on a refund or a superseding award.
    Returns None when the credit has no badge, or it is already revoked: calling twice changes nothing."""
    if reason not in PLATFORM_REASONS:
        raise NotPermitted("reason", "The platform revokes only for a refund or a superseding award.")
    with transaction.atomic():
        public_id = Credential.objects.filter(credit_id=credit_id).values_list("public_id", flat=True).first()
        if public_id is None:
            return None
        credential = _locked(public_id)
        if credential.is_revoked:
            return None
        return _revoke(credential, reason=reason, note=_checked_note(note), actor=None)


def credentials_revoke_for_award(*, claim_id: int, reason: RevocationReason, note: str) -> Credential | None:
    """R-CD4, R-AW4: the platform revokes the credential of an award, when a higher one supersedes it.
    Returns None when the award has no credential, or it is already revoked: calling twice changes nothing."""
    if reason not in PLATFORM_REASONS:
        raise NotPermitted("reason", "The platform revokes only for a refund or a superseding award.")
    with transaction.atomic():
        public_id = (
            Credential.objects.filter(award_claim_id=claim_id).values_list("public_id", flat=True).first()
        )
        if public_id is None:
            return None
        credential = _locked(public_id)
        if credential.is_revoked:
            return None
        return _revoke(credential, reason=reason, note=_checked_note(note), actor=None)


def credentials_revoke_for_enrolment(*, enrolment_id: int, note: str) -> Credential | None:
    """R-EN5: "a refund ends the enrolment and revokes anything it issued"."""
    credit_id = (
        Credential.objects.filter(credit__submission__enrolment_id=enrolment_id)
        .values_list("credit_id", flat=True)
        .first()
    )
    if credit_id is None:
        return None
    return credentials_revoke_for_credit(credit_id=credit_id, reason=RevocationReason.REFUND, note=note)
