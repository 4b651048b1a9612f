"""Reads of the awards app. Those that feed the rules core return its values (``HeldCredit``,
``ConferredAward``); pages get plain rows built with a fixed number of queries."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from microcred.assessment.models import Credit
from microcred.awards.models import AwardClaim, ClaimStatus, CreditUse
from microcred.catalog.models import Provider
from microcred.rules.awards import AwardOptions, ConferredAward, HeldCredit, award_options


def credit_held(learner: AbstractBaseUser) -> QuerySet[Credit]:
    """ "My credit": every credit of the learner across providers, with its badge and the award it counts
    towards (and that award's credential, R-AW4), in one query however many there are."""
    return credit_held_by_id(learner.pk)


def credit_held_by_id(learner_id: int) -> QuerySet[Credit]:
    return (
        Credit.objects.filter(learner_id=learner_id)
        .select_related("provider", "microcredential", "credential", "award_use__claim__award_credential")
        .order_by("awarded_on", "id")
    )


def held_credit_of(credit: Credit, provider_slug: str) -> HeldCredit:
    return HeldCredit(
        id=str(credit.pk),
        provider=provider_slug,
        subject=credit.subject,
        credits=credit.credits,
        level=credit.level,
        awarded_on=credit.awarded_on,
    )


def conferred_of(uses: Iterable[CreditUse]) -> tuple[ConferredAward, ...]:
    """R-AW4: the conferred awards among the uses, each with the credit that makes it up."""
    by_claim: dict[int, list[str]] = defaultdict(list)
    awards: dict[int, str] = {}
    for use in uses:
        if use.claim.status == ClaimStatus.CONFERRED:
            by_claim[use.claim_id].append(str(use.credit_id))
            awards[use.claim_id] = use.claim.award
    return tuple(ConferredAward(awards[claim_id], tuple(ids)) for claim_id, ids in sorted(by_claim.items()))


@dataclass(frozen=True)
class LearnerCredit:
    """What the rules core needs of one learner at one provider: the credit free to count (not held by an
    open claim, nor by another provider's award) and this provider's awards conferred, with their credit."""

    held: tuple[HeldCredit, ...]
    conferred: tuple[ConferredAward, ...]


def _is_free(use: CreditUse | None, provider_id: int, open_claim_id: int | None) -> bool:
    if use is None or use.claim_id == open_claim_id:
        return True
    return use.claim.provider_id == provider_id and use.claim.status == ClaimStatus.CONFERRED


def learner_credit(
    credits: Sequence[Credit], provider_id: int, *, open_claim_id: int | None = None
) -> LearnerCredit:
    """From rows of :func:`credit_held` (provider and use already joined). The credit of the open claim
    ``open_claim_id`` counts as free: it is the claim about to be decided."""
    own_uses = []
    held = []
    for credit in credits:
        use = getattr(credit, "award_use", None)
        if not _is_free(use, provider_id, open_claim_id):
            continue
        if use is not None and use.claim_id != open_claim_id:
            own_uses.append(use)
        held.append(held_credit_of(credit, credit.provider.policy_slug))
    return LearnerCredit(held=tuple(held), conferred=conferred_of(own_uses))


@dataclass(frozen=True)
class ProviderPlan:
    """R-AW3: what one provider's awards offer the learner now."""

    provider: Provider
    options: AwardOptions
    open_claim: AwardClaim | None
    course_titles: dict[str, str]


def award_plans(learner: AbstractBaseUser) -> list[ProviderPlan]:
    """R-AW3: per provider whose policy has awards and whose credit the learner holds, every award and title
    claimable now (through the rules core's ``award_options``) and what the others lack."""
    credits = list(credit_held(learner))
    open_claims = {
        claim.provider_id: claim
        for claim in AwardClaim.objects.filter(learner_id=learner.pk, status=ClaimStatus.CLAIMED)
    }
    providers = {credit.provider_id: credit.provider for credit in credits}
    plans = []
    for provider_id, provider in sorted(providers.items(), key=lambda item: item[1].name):
        policy = provider.policy
        if policy.awards is None:
            continue
        state = learner_credit(credits, provider_id)
        options = award_options(policy, state.held, conferred=state.conferred)
        titles = {str(credit.pk): credit.microcredential.title for credit in credits}
        plans.append(ProviderPlan(provider, options, open_claims.get(provider_id), titles))
    return plans


def open_claims_of(provider: Provider) -> QuerySet[AwardClaim]:
    """The registry's queue: claims awaiting a decision, oldest first, with the credit each uses."""
    return (
        AwardClaim.objects.filter(provider=provider, status=ClaimStatus.CLAIMED)
        .select_related("learner")
        .prefetch_related("credit_uses__credit")
        .order_by("claimed_at", "id")
    )


def decided_claims_of(provider: Provider) -> QuerySet[AwardClaim]:
    return (
        AwardClaim.objects.filter(provider=provider)
        .exclude(status=ClaimStatus.CLAIMED)
        .select_related("learner", "decided_by")
        .order_by("-decided_at", "-id")
    )
