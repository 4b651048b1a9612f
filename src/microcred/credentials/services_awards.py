"""The credential of a conferred award (R-AW4): an Open Badges 3.0 ``AchievementCredential`` of the award's
own achievement type (``Certificate``, ``Diploma``, ``MasterDegree`` …, from the provider's policy), signed
by the awarding provider, built and signed by the same code as a pass's badge.

Awards sit above credentials, so the awards app tells what was conferred as an :class:`AwardConferment` of
plain values: ``award_confer`` enqueues :func:`credential_issue_for_award` through the outbox, to run once
the conferment has committed, and a lower award it supersedes has its credential marked superseded in the
status list in the same transaction (:func:`award_credential_supersede`). One credential per claim: a
retried task, or a replayed conferment, finds it issued and signs nothing.
"""

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from microcred.accounts.models import User
from microcred.assessment.models import Credit
from microcred.catalog.models import Provider
from microcred.common.hooks import hooks_call
from microcred.common.outbox import JsonArgument, outbox_enqueue
from microcred.credentials.data_integrity import ProofOptions, create_proof, xsd_date_time
from microcred.credentials.documents import (
    AchievementFacts,
    HolderValues,
    achievement_credential,
    level_alignments,
)
from microcred.credentials.models import Credential, CredentialKind, Recipient, RevocationReason, StatusList
from microcred.credentials.services_issuance import identity_hash, learner_name, recipient_of
from microcred.credentials.services_issuers import (
    issuer_for_provider,
    issuer_profile,
    issuer_signing_key,
    signing_key_of,
    status_list_url,
    verification_method_of,
)
from microcred.credentials.services_status import credentials_revoke_for_award, status_indexes_allocate
from microcred.rules.credit import ects_credits, format_ects, level_of

# Where the achievement of an award names its identity: one id per provider and title, the same for every
# learner conferred it, as a badge's achievement is its course page.
_ACHIEVEMENT_NAMESPACE = uuid.UUID("6f1c2a4e-58d3-4b7a-9d0e-2c5b8f3a7e91")


@dataclass(frozen=True)
class AwardConferment:
    """What the awards app tells of a conferred award: the claim, and the award as it was conferred."""

    claim_id: int
    learner_id: int
    provider_id: int
    award: str
    title: str
    credits: int
    achievement_type: str
    conferred_at: dt.datetime
    credit_ids: tuple[int, ...]

    def as_args(self) -> list[JsonArgument]:
        """The task's arguments: every field in order, the credit it was built from last."""
        head: list[JsonArgument] = [
            self.claim_id,
            self.learner_id,
            self.provider_id,
            self.award,
            self.title,
            self.credits,
            self.achievement_type,
            self.conferred_at.isoformat(),
        ]
        return head + list(self.credit_ids)

    @classmethod
    def from_args(cls, *args: JsonArgument) -> "AwardConferment":
        claim_id, learner_id, provider_id, award, title, credits, achievement_type, conferred_at, *ids = args
        return cls(
            claim_id=int(str(claim_id)),
            learner_id=int(str(learner_id)),
            provider_id=int(str(provider_id)),
            award=str(award),
            title=str(title),
            credits=int(str(credits)),
            achievement_type=str(achievement_type),
            conferred_at=dt.datetime.fromisoformat(str(conferred_at)),
            credit_ids=tuple(int(str(pk)) for pk in ids),
        )


def award_achievement_id(provider: Provider, title: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_ACHIEVEMENT_NAMESPACE, f'{provider.slug}:{title}')}"


def _field_of_study(conferment: AwardConferment) -> str:
    """ "PGCert in Data Science with Cyber Security" studies "Data Science with Cyber Security"."""
    prefix = f"{conferment.award} in "
    return conferment.title.removeprefix(prefix) if conferment.title.startswith(prefix) else conferment.title


def _credit_line(credit: Credit) -> str:
    line = (
        f"{credit.microcredential.title}: {credit.credits} UK credits in {credit.subject}, "
        f"FHEQ level {credit.level}, awarded {credit.awarded_on:%-d %B %Y}"
    )
    badge = getattr(credit, "credential", None)
    return f"{line} (badge {badge.credential_id})" if badge is not None else line


def award_narrative(conferment: AwardConferment, provider: Provider, credits: Sequence[Credit]) -> str:
    """R-AW4: how the award was earned, naming every credit it was built from, each of which counts towards
    this award only."""
    conferred_on = conferment.conferred_at.astimezone(provider.policy.zone)
    lines = [
        f"Conferred by {provider.awarding_body} on {conferred_on:%-d %B %Y} for {conferment.credits} UK "
        "credits stacked from the microcredentials below; each counts towards this award only.",
        "",
        "## Credit it was built from",
        "",
    ]
    lines += [f"{number}. {_credit_line(credit)}" for number, credit in enumerate(credits, start=1)]
    return "\n".join(lines)


def award_facts(
    conferment: AwardConferment, provider: Provider, credits: Sequence[Credit]
) -> AchievementFacts:
    """What the award's credential says of the achievement: its title, type, credits and level."""
    policy = provider.policy
    level = level_of(policy.awards.level if policy.awards else credits[0].level, policy.credit)
    ects = format_ects(ects_credits(conferment.credits, policy.credit))
    return AchievementFacts(
        id=award_achievement_id(provider, conferment.title),
        title=conferment.title,
        description=f"{conferment.credits} UK credits ({ects} ECTS) at {level.description}, "
        f"conferred by {provider.awarding_body}.",
        narrative=award_narrative(conferment, provider, credits),
        credits=conferment.credits,
        field_of_study=_field_of_study(conferment),
        alignments=level_alignments(level, course_url=f"{settings.SITE_URL}{reverse('catalog:list')}"),
        allowed_results=(),
        result_name="",
        achievement_type=conferment.achievement_type,
    )


def _holder_values(
    public_id: uuid.UUID,
    slot: tuple[StatusList, int],
    learner: User,
    recipient: Recipient,
    *,
    conferred_at: dt.datetime,
    now: dt.datetime,
) -> HolderValues:
    status_list, index = slot
    list_url = status_list_url(status_list.issuer.slug, status_list.number)
    return HolderValues(
        credential_id=f"urn:uuid:{public_id}",
        valid_from=xsd_date_time(now),
        awarded_date=xsd_date_time(conferred_at),
        subject_id=f"urn:uuid:{recipient.public_id}",
        name=learner_name(learner),
        identity_hash=identity_hash(learner.email, recipient.email_salt),
        salt=recipient.email_salt,
        result=None,
        status_id=f"{list_url}#{index}",
        status_list_url=list_url,
        status_index=str(index),
    )


def _built_from(conferment: AwardConferment) -> list[Credit]:
    credits = Credit.objects.filter(pk__in=conferment.credit_ids, learner_id=conferment.learner_id)
    return list(credits.select_related("microcredential", "credential").order_by("awarded_on", "id"))


def credential_issue_for_award(*, conferment: AwardConferment) -> Credential:
    """R-AW4: the conferred award's own credential, signed by the awarding provider; the existing one if it
    was issued."""
    existing = Credential.objects.filter(award_claim_id=conferment.claim_id).first()
    if existing is not None:
        return existing
    provider = Provider.objects.get(pk=conferment.provider_id)
    learner = User.objects.get(pk=conferment.learner_id)
    issuer = issuer_for_provider(provider)
    recipient = recipient_of(learner)
    facts = award_facts(conferment, provider, _built_from(conferment))
    with transaction.atomic():
        # The issuer's row lock (taken here) orders two issuances of one award; the second finds the first.
        key = issuer_signing_key(issuer)
        existing = Credential.objects.filter(award_claim_id=conferment.claim_id).first()
        if existing is not None:
            return existing
        [slot] = status_indexes_allocate(issuer=issuer, key=key, count=1)
        public_id, now = uuid.uuid4(), timezone.now()
        verification_method = verification_method_of(key)
        profile = issuer_profile(issuer, issuer_id=verification_method.partition("#")[0])
        holder = _holder_values(
            public_id, slot, learner, recipient, conferred_at=conferment.conferred_at, now=now
        )
        signed = create_proof(
            achievement_credential(profile, facts, holder),
            signing_key_of(key, verification_method=verification_method),
            ProofOptions(created=now),
        )
        row = Credential(
            public_id=public_id,
            kind=CredentialKind.AWARD,
            learner_id=learner.pk,
            issuer=issuer,
            key=key,
            award_claim_id=conferment.claim_id,
            title=conferment.title,
            issued_at=now,
            document_json=json.dumps(signed, ensure_ascii=False),
            status_list=slot[0],
            status_index=slot[1],
        )
        row.save(force_insert=True)
        hooks_call("CREDENTIAL_ISSUED_HANDLERS", public_ids=[row.public_id])
        return row


def award_credential_enqueue(*, conferment: AwardConferment) -> None:
    """For ``award_confer``: issue the award's credential once the conferment has committed (a Celery task,
    run inline when no broker is configured)."""
    from microcred.credentials import tasks

    # Through the outbox, keyed by claim: a broker outage delays the credential instead of losing it.
    outbox_enqueue(
        tasks.credential_issue_for_award.name,
        args=conferment.as_args(),
        key=f"credentials.issue_for_award:{conferment.claim_id}",
    )


def award_credential_supersede(*, conferment: AwardConferment, note: str) -> Credential:
    """R-AW4, R-CD4: a higher award supersedes ``conferment``'s: its credential's status bit is set, with
    the superseded reason, in the caller's transaction. A credential still waiting for its task is issued
    first, so it can never appear later as valid; calling twice changes nothing."""
    credential = credential_issue_for_award(conferment=conferment)
    credentials_revoke_for_award(claim_id=conferment.claim_id, reason=RevocationReason.SUPERSEDED, note=note)
    credential.refresh_from_db(fields=["is_revoked", "revoked_at"])
    return credential
