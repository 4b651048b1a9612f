"""Issuing a learner's badge for a released pass (R-CD1), one at a time or a cohort at once.

A pass's Credit row is made by the assessment release; :func:`credential_issue_enqueue` registers issuance
for after that commit, and :func:`credential_issue_for_credit` (the Celery task's body) signs it. Both are
idempotent by credit: the credit row is locked while its badge is made, and a unique constraint backs that.
"""

import datetime as dt
import hashlib
import json
import secrets
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Final

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from microcred.assessment.models import Credit
from microcred.catalog.course_facts import course_facts
from microcred.catalog.models import Microcredential
from microcred.common.hooks import hooks_call
from microcred.common.outbox import outbox_enqueue
from microcred.credentials.data_integrity import ProofOptions, create_proof, xsd_date_time
from microcred.credentials.documents import (
    AchievementFacts,
    EuElement,
    HolderValues,
    achievement_credential,
    criteria_narrative,
    level_alignments,
    outcome_alignments,
)
from microcred.credentials.models import Credential, CredentialKind, Issuer, IssuerKey, Recipient, StatusList
from microcred.credentials.selectors import recipients_by_learner
from microcred.credentials.services_issuers import (
    issuer_for_provider,
    issuer_profile,
    issuer_signing_key,
    signing_key_of,
    status_list_url,
    verification_method_of,
)
from microcred.credentials.services_status import status_indexes_allocate
from microcred.rules.credit import ects_credits, format_ects, level_of, notional_hours
from microcred.rules.grading import Grade
from microcred.rules.policy import GradingScheme, Policy

# R-AS4: the grades a passed result can carry under each scheme, lowest first.
PASSING_GRADES: Final = {
    GradingScheme.PASS_FAIL: (Grade.PASS,),
    GradingScheme.DISTINCTION_MERIT_PASS_FAIL: (Grade.PASS, Grade.MERIT, Grade.DISTINCTION),
}
ON_THE_CREDENTIAL: Final = {
    "Identification of the learner": "The subject of this credential: the learner's name, a stable "
    "identifier and their e-mail address, salted and hashed",
    "Date of issuing": "This credential's validFrom (issued) and awardedDate (awarded)",
}


def course_url(course: Microcredential) -> str:
    path = reverse("catalog:course", kwargs={"provider_slug": course.provider.slug, "slug": course.slug})
    return f"{settings.SITE_URL}{path}"


def _grade_element(grading: str, policy: Policy) -> str:
    if not policy.grading.show_mark_to_learner:
        # R-AS5: the outcome only, never the mark.
        return "Stated in this credential's result: pass or fail only; the mark is not given"
    return f"Stated in this credential's result, as a grade ({grading.lower()})"


def _eu_elements(credit: Credit, policy: Policy, today: dt.date) -> tuple[EuElement, ...]:
    """R-CA3: the catalogue's elements of the course, with what the credential itself states filled in and the
    credit and level as awarded."""
    level = level_of(credit.level, policy.credit)
    workload = (
        f"{format_ects(ects_credits(credit.credits, policy.credit))} ECTS "
        f"({notional_hours(credit.credits, policy.credit)} hours, {credit.credits} UK credits)"
    )
    facts = course_facts(credit.microcredential, today=today)
    replaced = {
        **{name: (value,) for name, value in ON_THE_CREDENTIAL.items()},
        "Notional workload": (workload,),
        "Level and cycle": (level.description,),
        "Grade achieved": (_grade_element(facts.grading, policy),),
    }
    return tuple(
        EuElement(element.name, replaced.get(element.name, element.values)) for element in facts.elements
    )


def achievement_facts(credit: Credit, *, today: dt.date) -> AchievementFacts:
    """What the badge says of the achievement: the course as it stands, the credit and level as awarded."""
    course = credit.microcredential
    policy = course.provider.policy
    level = level_of(credit.level, policy.credit)
    url = course_url(course)
    ects = format_ects(ects_credits(credit.credits, policy.credit))
    assessment = next(
        (kind.name for kind in policy.assessment.types if kind.id == course.assessment_type), None
    )
    summary = f"Awarded for passing the final assessment ({assessment or course.assessment_type})."
    return AchievementFacts(
        id=url,
        title=course.title,
        description=f"{credit.credits} UK credits ({ects} ECTS) at {level.description}, "
        f"awarded by {course.provider.awarding_body}.",
        narrative=criteria_narrative(summary, _eu_elements(credit, policy, today)),
        credits=credit.credits,
        field_of_study=credit.subject,
        alignments=level_alignments(level, course_url=url)
        + outcome_alignments(course.learning_outcome_list, course_url=url, title=course.title),
        allowed_results=tuple(grade.label for grade in PASSING_GRADES[policy.grading.scheme]),
        result_name=assessment or "Final assessment",
    )


def recipients_of(learner_ids: Collection[int]) -> dict[int, Recipient]:
    """The learners' recipients by learner id, made on first use: a read, and for those still missing one
    insert and a second read, however many learners. A row another worker inserted meanwhile is kept (the
    learner's unique constraint, conflicts ignored), so every learner has one recipient and one salt."""
    recipients = recipients_by_learner(learner_ids)
    # In learner order, so two transactions inserting some of the same learners wait for each other rather
    # than deadlock.
    missing = sorted(learner_id for learner_id in learner_ids if learner_id not in recipients)
    if missing:
        Recipient.objects.bulk_create(
            [Recipient(learner_id=learner_id, email_salt=secrets.token_hex(16)) for learner_id in missing],
            ignore_conflicts=True,
        )
        recipients |= recipients_by_learner(missing)
    return recipients


def recipient_of(learner: AbstractBaseUser) -> Recipient:
    return recipients_of([learner.pk])[learner.pk]


def identity_hash(email: str, salt: str) -> str:
    """OB 3.0 IdentityHash: ``sha256$`` + hex SHA-256 of the address (in lower case) and the salt."""
    return "sha256$" + hashlib.sha256(f"{email.strip().lower()}{salt}".encode()).hexdigest()


def learner_name(learner: AbstractBaseUser) -> str | None:
    full_name = learner.get_full_name().strip() if hasattr(learner, "get_full_name") else ""
    return full_name or None


@dataclass(frozen=True)
class Issuance:
    """One badge about to be signed: its credit, its id and its status bit."""

    credit: Credit
    public_id: uuid.UUID
    status_list: StatusList
    status_index: int


def holder_values(issuance: Issuance, recipient: Recipient, *, now: dt.datetime) -> HolderValues:
    credit = issuance.credit
    zone = credit.provider.policy.zone
    list_url = status_list_url(issuance.status_list.issuer.slug, issuance.status_list.number)
    awarded = dt.datetime.combine(credit.awarded_on, dt.time(), tzinfo=zone)
    return HolderValues(
        credential_id=f"urn:uuid:{issuance.public_id}",
        valid_from=xsd_date_time(now),
        awarded_date=awarded.isoformat(),
        subject_id=f"urn:uuid:{recipient.public_id}",
        name=learner_name(credit.learner),
        identity_hash=identity_hash(credit.learner.email, recipient.email_salt),
        salt=recipient.email_salt,
        # R-AS5: the outcome only; a badge never carries a mark.
        result=Grade(credit.grade).label,
        status_id=f"{list_url}#{issuance.status_index}",
        status_list_url=list_url,
        status_index=str(issuance.status_index),
    )


def badge_row(
    issuance: Issuance, *, issuer: Issuer, key: IssuerKey, document_json: str, now: dt.datetime
) -> Credential:
    return Credential(
        public_id=issuance.public_id,
        kind=CredentialKind.BADGE,
        learner_id=issuance.credit.learner_id,
        issuer=issuer,
        key=key,
        credit=issuance.credit,
        title=issuance.credit.microcredential.title,
        issued_at=now,
        document_json=document_json,
        status_list=issuance.status_list,
        status_index=issuance.status_index,
    )


def _credit_locked(credit_id: int) -> Credit:
    # Only the credit's row: its course, provider and learner are shared with other credits' tasks.
    return (
        Credit.objects.select_for_update(of=("self",))
        .select_related(
            "learner", "provider", "microcredential__provider", "microcredential__primary_subject"
        )
        .get(pk=credit_id)
    )


def credential_issue_for_credit(*, credit_id: int) -> Credential:
    """R-CD1: the badge of a credit, signed by the awarding provider; the existing one if it was issued."""
    with transaction.atomic():
        # A second task for the credit waits on its row, then finds the badge (a unique constraint backs it).
        credit = _credit_locked(credit_id)
        existing = Credential.objects.filter(credit_id=credit_id).first()
        if existing is not None:
            return existing
        issuer = issuer_for_provider(credit.provider)
        # The issuer's profile reads its provider, which is the credit's, already read.
        issuer.provider = credit.provider
        recipient = recipient_of(credit.learner)
        facts = achievement_facts(credit, today=timezone.localdate())
        key = issuer_signing_key(issuer)
        [(status_list, index)] = status_indexes_allocate(issuer=issuer, key=key, count=1)
        issuance = Issuance(credit, uuid.uuid4(), status_list, index)
        now = timezone.now()
        verification_method = verification_method_of(key)
        profile = issuer_profile(issuer, issuer_id=verification_method.partition("#")[0])
        document = achievement_credential(profile, facts, holder_values(issuance, recipient, now=now))
        signed = create_proof(
            document, signing_key_of(key, verification_method=verification_method), ProofOptions(created=now)
        )
        row = badge_row(
            issuance, issuer=issuer, key=key, document_json=json.dumps(signed, ensure_ascii=False), now=now
        )
        row.save(force_insert=True)
        hooks_call("CREDENTIAL_ISSUED_HANDLERS", public_ids=[row.public_id])
        return row


def credential_issue_enqueue(*, credit_id: int) -> None:
    """For the assessment release: issue the credit's badge once the release has committed (a Celery task,
    run inline when no broker is configured)."""
    from microcred.credentials import tasks

    # Through the outbox: a broker outage at this moment delays the badge instead of losing it.
    outbox_enqueue(
        tasks.credential_issue_for_credit.name,
        args=[credit_id],
        key=f"credentials.issue_for_credit:{credit_id}",
    )
