"""Badges for passes recorded elsewhere (a partner platform's completions), many at once, for the API.

Each row carries the caller's own key for it. A row is recorded as a released pass with its Credit (by the
assessment app), its key kept in :class:`ExternalCompletion` (unique per provider), and the badges of the
new credits are signed after commit by one Celery task through the outbox, with the cohort signer. The same
key sent again finds its row and issues nothing more; a refused row leaves nothing behind."""

import datetime as dt
import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction

from microcred.assessment.errors import AssessmentError, NotEligible, NotPermitted, NotReady
from microcred.assessment.models import Credit
from microcred.assessment.services.external import pass_record_external
from microcred.catalog.models import Provider
from microcred.common.outbox import outbox_enqueue
from microcred.credentials.models import Credential, ExternalCompletion
from microcred.enrolment.models import Enrolment


class CompletionOutcome(enum.StrEnum):
    ISSUED = "issued"
    ALREADY_ISSUED = "already_issued"
    REFUSED = "refused"


@dataclass(frozen=True)
class CompletionRow:
    external_key: str
    enrolment_public_id: uuid.UUID
    mark: int
    completed_at: dt.datetime


@dataclass(frozen=True)
class CompletionResult:
    external_key: str
    outcome: CompletionOutcome
    credit: Credit | None = None
    credential_public_id: uuid.UUID | None = None
    code: str = ""
    reason: str = ""


def _refused(row: CompletionRow, code: str, reason: str) -> CompletionResult:
    return CompletionResult(row.external_key, CompletionOutcome.REFUSED, code=code, reason=reason)


REFUSAL_CODES: tuple[tuple[type[AssessmentError], str], ...] = (
    (NotEligible, "not_eligible"),
    (NotReady, "not_ready"),
    (NotPermitted, "unknown_enrolment"),
)


def _refusal_code(error: AssessmentError) -> str:
    return next((code for kind, code in REFUSAL_CODES if isinstance(error, kind)), f"invalid_{error.field}")


@dataclass(frozen=True)
class _Caller:
    provider: Provider
    actor: AbstractBaseUser | None
    actor_label: str


def _replayed(row: CompletionRow, enrolment: Enrolment | None, found: ExternalCompletion) -> CompletionResult:
    same = enrolment is not None and (found.credit.learner_id, found.credit.microcredential_id) == (
        enrolment.learner_id,
        enrolment.microcredential_id,
    )
    if not same:
        return _refused(row, "key_reused", "This key was sent before for another enrolment.")
    return CompletionResult(row.external_key, CompletionOutcome.ALREADY_ISSUED, credit=found.credit)


def _record(row: CompletionRow, enrolment: Enrolment, caller: _Caller) -> CompletionResult:
    recorded = pass_record_external(
        enrolment_id=enrolment.pk,
        provider_id=caller.provider.pk,
        actor=caller.actor,
        actor_label=caller.actor_label,
        mark=row.mark,
        completed_at=row.completed_at,
    )
    ExternalCompletion.objects.create(
        provider=caller.provider,
        external_key=row.external_key,
        credit=recorded.credit,
        recorded_by_id=caller.actor.pk if caller.actor is not None else None,
        recorded_by_label=caller.actor_label,
    )
    outcome = CompletionOutcome.ISSUED if recorded.is_new else CompletionOutcome.ALREADY_ISSUED
    return CompletionResult(row.external_key, outcome, credit=recorded.credit)


def _found(row: CompletionRow, caller: _Caller) -> ExternalCompletion | None:
    return (
        ExternalCompletion.objects.select_related("credit")
        .filter(provider=caller.provider, external_key=row.external_key)
        .first()
    )


def _one(row: CompletionRow, caller: _Caller) -> CompletionResult:
    enrolment = Enrolment.objects.filter(
        public_id=row.enrolment_public_id, microcredential__provider=caller.provider
    ).first()
    found = _found(row, caller)
    if found is not None:
        return _replayed(row, enrolment, found)
    if enrolment is None:
        return _refused(row, "unknown_enrolment", "Your provider has no enrolment with this id.")
    try:
        with transaction.atomic():
            return _record(row, enrolment, caller)
    except AssessmentError as error:
        return _refused(row, _refusal_code(error), error.message)
    except IntegrityError:
        # The same key sent at the same moment by another request, which recorded it first.
        found = _found(row, caller)
        if found is None:
            raise
        return _replayed(row, enrolment, found)


def _with_credentials(results: list[CompletionResult]) -> list[CompletionResult]:
    credit_ids = [result.credit.pk for result in results if result.credit is not None]
    issued = dict(Credential.objects.filter(credit_id__in=credit_ids).values_list("credit_id", "public_id"))
    return [
        result
        if result.credit is None
        else CompletionResult(
            result.external_key, result.outcome, result.credit, issued.get(result.credit.pk)
        )
        for result in results
    ]


def completions_issue(
    *,
    provider: Provider,
    rows: Sequence[CompletionRow],
    actor: AbstractBaseUser | None,
    actor_label: str = "",
) -> list[CompletionResult]:
    """R-CD1: a badge for each passed completion, with an outcome per row, in the order sent: issued (the
    badge is signed after commit: its id is given once it exists), already issued, or refused and why."""
    from microcred.credentials import tasks

    caller = _Caller(provider, actor, actor_label)
    with transaction.atomic():
        results = [_one(row, caller) for row in rows]
        new_ids = [r.credit.pk for r in results if r.outcome == CompletionOutcome.ISSUED and r.credit]
        if new_ids:
            outbox_enqueue(
                tasks.credentials_issue_for_credits.name,
                args=new_ids,
                key=f"credentials.issue_completions:{min(new_ids)}",
            )
    return _with_credentials(results)
