"""Issuing every pending badge at once (``microcred credentials issue --pending``): credits without a badge,
grouped by achievement and issuer, each group signed by one :class:`CohortSigner` with one ``created``.

The cohort signer canonicalizes each learner's badge from a parsed template instead of running JSON-LD for
each, and gives byte for byte the badge :func:`credential_issue_for_credit` would sign. Rows are written a
chunk at a time; a credit whose badge appeared meanwhile (a worker got there first) is skipped, its status
bit left unused.
"""

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Final

from django.db import IntegrityError, transaction
from django.utils import timezone

from microcred.assessment.models import Credit
from microcred.common.hooks import hooks_call
from microcred.credentials.cohort import CohortSigner
from microcred.credentials.data_integrity import ProofOptions
from microcred.credentials.documents import AchievementFacts, HolderValues, achievement_credential
from microcred.credentials.models import Credential, Issuer, IssuerKey
from microcred.credentials.services_issuance import (
    Issuance,
    achievement_facts,
    badge_row,
    holder_values,
    learner_name,
    recipients_of,
)
from microcred.credentials.services_issuers import (
    issuer_for_provider,
    issuer_profile,
    issuer_signing_key,
    signing_key_of,
    verification_method_of,
)
from microcred.credentials.services_status import status_indexes_allocate

CHUNK_SIZE: Final = 500

# Called after each chunk with (issued so far, credits pending at the start).
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BatchSummary:
    issued: int
    groups: int
    skipped: int


def _group_key(credit: Credit) -> tuple[int, int, int, str, str, bool]:
    """Credits whose badges share everything but the learner's strings (and so one template)."""
    has_name = learner_name(credit.learner) is not None
    return (
        credit.microcredential_id,
        credit.credits,
        credit.level,
        credit.subject,
        credit.policy_version,
        has_name,
    )


def _pending(credit_ids: Sequence[int] | None = None) -> list[Credit]:
    credits = Credit.objects.filter(credential__isnull=True).select_related(
        "learner", "provider", "microcredential__provider", "microcredential__primary_subject"
    )
    if credit_ids is not None:
        credits = credits.filter(pk__in=credit_ids)
    # Sorted by group, then by credit (a stable sort of rows read in credit order).
    return sorted(credits.order_by("id"), key=_group_key)


def _chunks(items: Sequence[Credit], size: int) -> Iterator[Sequence[Credit]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _GroupSigner:
    """A group's signers, one per signing key (a rotation during the run starts another)."""

    def __init__(self, issuer: Issuer, facts: AchievementFacts, *, has_name: bool, now: dt.datetime) -> None:
        self.issuer = issuer
        self._facts = facts
        self._has_name = has_name
        self._now = now
        self._signers: dict[int, CohortSigner] = {}

    def signer(self, key: IssuerKey) -> CohortSigner:
        if key.pk not in self._signers:
            verification_method = verification_method_of(key)
            profile = issuer_profile(self.issuer, issuer_id=verification_method.partition("#")[0])
            template = achievement_credential(
                profile, self._facts, HolderValues.slots(has_name=self._has_name)
            )
            self._signers[key.pk] = CohortSigner(
                template,
                signing_key_of(key, verification_method=verification_method),
                ProofOptions(created=self._now),
            )
        return self._signers[key.pk]


def _save(rows: list[Credential]) -> int:
    """Write a chunk's rows; when one collides (issued meanwhile), fall back to one at a time."""
    try:
        with transaction.atomic():
            Credential.objects.bulk_create(rows)
        return len(rows)
    except IntegrityError:
        saved = 0
        for row in rows:
            try:
                with transaction.atomic():
                    row.save(force_insert=True)
                saved += 1
            except IntegrityError:
                continue
        return saved


def _issue_chunk(credits: Sequence[Credit], group: _GroupSigner, now: dt.datetime) -> int:
    """One transaction, and the same number of queries whatever the chunk's size."""
    with transaction.atomic():
        recipients = recipients_of({credit.learner_id for credit in credits})
        key = issuer_signing_key(group.issuer)
        signer = group.signer(key)
        slots = status_indexes_allocate(issuer=group.issuer, key=key, count=len(credits))
        rows = []
        for credit, (status_list, index) in zip(credits, slots, strict=True):
            issuance = Issuance(credit, uuid.uuid4(), status_list, index)
            values = holder_values(issuance, recipients[credit.learner_id], now=now).slot_values()
            document_json = json.dumps(signer.sign(values), ensure_ascii=False)
            rows.append(
                badge_row(issuance, issuer=group.issuer, key=key, document_json=document_json, now=now)
            )
        saved = _save(rows)
        # Rows skipped as issued meanwhile were never written, so their public ids announce nothing.
        hooks_call("CREDENTIAL_ISSUED_HANDLERS", public_ids=[row.public_id for row in rows])
        return saved


def credentials_issue_pending(
    *,
    progress: Progress | None = None,
    credit_ids: Sequence[int] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> BatchSummary:
    """R-CD1: a badge for every credit that has none (of ``credit_ids`` only, when given), a cohort signer
    per group, written ``chunk_size`` credits to a transaction."""
    pending = _pending(credit_ids)
    now = timezone.now()
    today = timezone.localdate()
    issued = groups = 0
    for (_, _, _, _, _, has_name), members in groupby(pending, key=_group_key):
        credits = list(members)
        groups += 1
        first = credits[0]
        group = _GroupSigner(
            issuer_for_provider(first.provider),
            achievement_facts(first, today=today),
            has_name=has_name,
            now=now,
        )
        for chunk in _chunks(credits, chunk_size):
            issued += _issue_chunk(chunk, group, now)
            if progress is not None:
                progress(issued, len(pending))
    return BatchSummary(issued=issued, groups=groups, skipped=len(pending) - issued)
