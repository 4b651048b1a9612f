"""Transcripts (R-CD2): a 1EdTech CLR 2.0 credential of every badge a learner holds, signed by the platform.

Asking again while the learner holds the same badges gives the same transcript; a new or a revoked badge
makes the next request a new one. A transfer request (R-AW7) carries it.
"""

import hashlib
import json
import uuid

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from microcred.credentials import selectors
from microcred.credentials.data_integrity import ProofOptions, create_proof, xsd_date_time
from microcred.credentials.documents import TranscriptValues, clr_credential
from microcred.credentials.models import Credential, CredentialKind
from microcred.credentials.services_errors import NothingToIssue
from microcred.credentials.services_issuance import identity_hash, learner_name, recipient_of
from microcred.credentials.services_issuers import (
    issuer_profile,
    issuer_signing_key,
    platform_issuer,
    signing_key_of,
    status_list_url,
    verification_method_of,
)
from microcred.credentials.services_status import status_indexes_allocate


def _contents_key(learner: AbstractBaseUser, badges: list[Credential]) -> str:
    listed = f"{learner.pk}:" + ",".join(str(badge.public_id) for badge in badges)
    return "transcript:" + hashlib.sha256(listed.encode()).hexdigest()


def _wording(learner: AbstractBaseUser, badges: list[Credential], today: str) -> tuple[str, str]:
    name = learner_name(learner)
    title = f"Transcript of {name}" if name else "Transcript of credit"
    total = sum(badge.credit.credits for badge in badges if badge.credit is not None)
    providers = len({badge.issuer_id for badge in badges})
    description = (
        f"{len(badges)} microcredential{'s' if len(badges) != 1 else ''} from {providers} "
        f"provider{'s' if providers != 1 else ''}, {total} UK credits in all, held on {today}. "
        "Each badge is embedded as its awarding body signed it."
    )
    return title, description


def transcript_issue(*, learner: AbstractBaseUser) -> Credential:
    """R-CD2: the learner's transcript as it stands; the existing one when nothing has changed."""
    badges = selectors.held_badges(learner)
    if not badges:
        raise NothingToIssue(
            "learner", "You hold no credit yet: a transcript lists the microcredentials you passed."
        )
    contents_key = _contents_key(learner, badges)
    issuer = platform_issuer()
    recipient = recipient_of(learner)
    with transaction.atomic():
        key = issuer_signing_key(issuer)
        existing = Credential.objects.filter(contents_key=contents_key).first()
        if existing is not None:
            return existing
        [(status_list, index)] = status_indexes_allocate(issuer=issuer, key=key, count=1)
        now = timezone.now()
        public_id = uuid.uuid4()
        list_url = status_list_url(issuer.slug, status_list.number)
        title, description = _wording(learner, badges, f"{timezone.localdate(now):%d %B %Y}")
        values = TranscriptValues(
            credential_id=f"urn:uuid:{public_id}",
            title=title,
            description=description,
            valid_from=xsd_date_time(now),
            subject_id=f"urn:uuid:{recipient.public_id}",
            identity_hash=identity_hash(getattr(learner, "email", ""), recipient.email_salt),
            salt=recipient.email_salt,
            status_id=f"{list_url}#{index}",
            status_list_url=list_url,
            status_index=str(index),
        )
        verification_method = verification_method_of(key)
        profile = issuer_profile(issuer, issuer_id=verification_method.partition("#")[0])
        document = clr_credential(profile, values, [json.loads(badge.document_json) for badge in badges])
        signed = create_proof(
            document, signing_key_of(key, verification_method=verification_method), ProofOptions(created=now)
        )
        return Credential.objects.create(
            public_id=public_id,
            kind=CredentialKind.TRANSCRIPT,
            learner_id=learner.pk,
            issuer=issuer,
            key=key,
            contents_key=contents_key,
            title=title,
            issued_at=now,
            document_json=json.dumps(signed, ensure_ascii=False),
            status_list=status_list,
            status_index=index,
        )
