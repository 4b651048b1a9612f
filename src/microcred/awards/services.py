"""Every write of the awards app, one entry point per use case (R-AW3, R-AW4):

- ``award_claim``: the learner claims one award from chosen credit; the credit is held for the claim;
- ``award_confer``: a registry officer of the provider confers it; a lower award it supersedes gives up its
  credit to it and is marked superseded, its credential too; the award's own credential is issued on commit;
- ``award_refuse``: the officer refuses it with a reason; the credit is free again.

Each runs in one transaction with its ``AwardEvent`` row, and asks the rules core for the decision.
"""

import datetime as dt
from collections.abc import Sequence

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from microcred.assessment.models import Credit
from microcred.awards import selectors
from microcred.awards.errors import ClaimRefused, CreditTaken, NotOpen, NotPermitted
from microcred.awards.models import AwardClaim, AwardEvent, AwardEventKind, ClaimStatus, CreditUse
from microcred.catalog.models import Provider
from microcred.common.hooks import hooks_call
from microcred.credentials.services import (
    AwardConferment,
    award_credential_enqueue,
    award_credential_supersede,
)
from microcred.enrolment.selectors import registry_provider_of
from microcred.rules.awards import ClaimDecision, claim_decision
from microcred.rules.errors import RuleInputError
from microcred.rules.policy import Policy

REASON_MAX_LENGTH = 500


def _decision(
    policy: Policy, state: selectors.LearnerCredit, award: str, uses: Sequence[str]
) -> ClaimDecision:
    if policy.awards is None:
        raise ClaimRefused("award", "This provider's policy makes no awards.")
    try:
        decision = claim_decision(policy, state.held, award, uses, conferred=state.conferred)
    except RuleInputError as error:
        # An unknown award, or credit that is not the learner's or already held by a claim.
        raise ClaimRefused("uses", str(error)) from None
    if not decision.is_accepted:
        raise ClaimRefused("uses", "; ".join(decision.reasons))
    return decision


def _state(learner_id: int, provider: Provider) -> selectors.LearnerCredit:
    credits = list(selectors.credit_held_by_id(learner_id))
    return selectors.learner_credit(credits, provider.pk)


def _step(policy: Policy, award: str) -> tuple[int, str]:
    assert policy.awards is not None
    step = next(step for step in policy.awards.ladder if step.name == award)
    return step.credits, step.achievement_type


def _claim_row(learner: AbstractBaseUser, provider: Provider, decision: ClaimDecision) -> AwardClaim:
    credits, achievement_type = _step(provider.policy, decision.award)
    try:
        with transaction.atomic():
            return AwardClaim.objects.create(
                learner_id=learner.pk,
                provider=provider,
                award=decision.award,
                title=decision.title or "",
                credits=credits,
                achievement_type=achievement_type,
                policy_version=decision.policy_version,
                chosen_credit_ids=list(decision.uses),
                claimed_at=timezone.now(),
            )
    except IntegrityError:
        raise NotOpen("award", "You already have a claim awaiting the registry.") from None


def _hold_credit(claim: AwardClaim, credit_ids: Sequence[int]) -> None:
    try:
        with transaction.atomic():
            CreditUse.objects.bulk_create([CreditUse(credit_id=pk, claim=claim) for pk in credit_ids])
    except IntegrityError:
        # R-AW4: another claim took one of these credits between our read and our write.
        raise CreditTaken("uses", "A credit you chose has just been claimed towards another award.") from None


def award_claim(
    *, learner: AbstractBaseUser, provider: Provider, award: str, credit_ids: Sequence[int]
) -> AwardClaim:
    """R-AW3, R-AW4: the learner claims ``award`` of ``provider`` from the credit ``credit_ids``."""
    with transaction.atomic():
        state = _state(learner.pk, provider)
        decision = _decision(provider.policy, state, award, [str(pk) for pk in credit_ids])
        claim = _claim_row(learner, provider, decision)
        # Credit of a lower award this one supersedes stays with it until conferment moves it.
        already_used = {credit_id for conferred in state.conferred for credit_id in conferred.uses}
        _hold_credit(claim, [pk for pk in credit_ids if str(pk) not in already_used])
        AwardEvent.objects.create(
            claim=claim,
            kind=AwardEventKind.CLAIMED,
            actor_id=learner.pk,
            at=claim.claimed_at,
            policy_version=claim.policy_version,
        )
        return claim


def _locked_open_claim(officer: AbstractBaseUser, claim_id: int) -> AwardClaim:
    claim = AwardClaim.objects.select_for_update().select_related("provider").filter(pk=claim_id).first()
    provider = registry_provider_of(officer)
    if claim is None or provider is None or provider.pk != claim.provider_id:
        raise NotPermitted("claim", "Only a registry officer of the claim's provider may decide it.")
    if claim.status != ClaimStatus.CLAIMED:
        raise NotOpen("claim", f"This claim has already been decided: {claim.get_status_display()}.")
    return claim


def _conferment(claim: AwardClaim) -> AwardConferment:
    """What the credentials app needs of a conferred award to issue its credential."""
    assert claim.decided_at is not None
    return AwardConferment(
        claim_id=claim.pk,
        learner_id=claim.learner_id,
        provider_id=claim.provider_id,
        award=claim.award,
        title=claim.title,
        credits=claim.credits,
        achievement_type=claim.achievement_type,
        conferred_at=claim.decided_at,
        credit_ids=tuple(int(pk) for pk in claim.chosen_credit_ids),
    )


def _supersede(
    claim: AwardClaim, decision: ClaimDecision, officer: AbstractBaseUser, now: dt.datetime
) -> None:
    """R-AW4: the lower awards give their credit to ``claim`` and are marked superseded, in the status list
    too."""
    lower = list(
        AwardClaim.objects.select_for_update().filter(
            learner_id=claim.learner_id,
            provider_id=claim.provider_id,
            status=ClaimStatus.CONFERRED,
            award__in=decision.supersedes,
        )
    )
    chosen = [int(pk) for pk in claim.chosen_credit_ids]
    for old in lower:
        CreditUse.objects.filter(claim=old, credit_id__in=chosen).update(claim=claim)
        # Credit of the lower award that the learner did not choose for the higher one is free again.
        Credit.objects.filter(award_use__claim=old).update(used_by_award_id=None)
        CreditUse.objects.filter(claim=old).delete()
        old.status = ClaimStatus.SUPERSEDED
        old.superseded_by = claim
        old.save(update_fields=["status", "superseded_by"])
        AwardEvent.objects.create(
            claim=old,
            kind=AwardEventKind.SUPERSEDED,
            actor_id=officer.pk,
            at=now,
            reason=f"superseded by {claim.title}",
            policy_version=decision.policy_version,
        )
        award_credential_supersede(conferment=_conferment(old), note=f"Superseded by {claim.title}.")


def award_confer(*, officer: AbstractBaseUser, claim_id: int) -> AwardClaim:
    """R-AW4: a registry officer confers a claim, once the rules core still accepts its credit."""
    with transaction.atomic():
        claim = _locked_open_claim(officer, claim_id)
        credits = list(selectors.credit_held_by_id(claim.learner_id))
        state = selectors.learner_credit(credits, claim.provider_id, open_claim_id=claim.pk)
        decision = _decision(claim.provider.policy, state, claim.award, claim.chosen_credit_ids)
        now = timezone.now()
        claim.status = ClaimStatus.CONFERRED
        claim.decided_at = now
        claim.decided_by_id = officer.pk
        claim.save(update_fields=["status", "decided_at", "decided_by"])
        _supersede(claim, decision, officer, now)
        Credit.objects.filter(award_use__claim=claim).update(used_by_award_id=claim.pk)
        AwardEvent.objects.create(
            claim=claim,
            kind=AwardEventKind.CONFERRED,
            actor_id=officer.pk,
            at=now,
            policy_version=decision.policy_version,
        )
        hooks_call("AWARD_CONFERRED_HANDLERS", claim_id=claim.pk)
        award_credential_enqueue(conferment=_conferment(claim))
        return claim


def checked_reason(reason: str) -> str:
    cleaned = " ".join(str(reason).split())
    if not cleaned:
        raise ClaimRefused("reason", "Say why the claim is refused.")
    if len(cleaned) > REASON_MAX_LENGTH:
        raise ClaimRefused("reason", f"Keep the reason to {REASON_MAX_LENGTH} characters.")
    return cleaned


def award_refuse(*, officer: AbstractBaseUser, claim_id: int, reason: str) -> AwardClaim:
    """A registry officer refuses a claim, saying why; its credit is free to claim again."""
    with transaction.atomic():
        claim = _locked_open_claim(officer, claim_id)
        now = timezone.now()
        claim.reason = checked_reason(reason)
        claim.status = ClaimStatus.REFUSED
        claim.decided_at = now
        claim.decided_by_id = officer.pk
        claim.save(update_fields=["reason", "status", "decided_at", "decided_by"])
        CreditUse.objects.filter(claim=claim).delete()
        AwardEvent.objects.create(
            claim=claim,
            kind=AwardEventKind.REFUSED,
            actor_id=officer.pk,
            at=now,
            reason=claim.reason,
            policy_version=claim.policy_version,
        )
        return claim
