"""R-AW3, R-AW4: the credit a learner chose to make up an award, checked before the award is conferred.

``award_options`` offers one choice per title; the learner may choose any other credit that adds up. The
decision names every reason a choice is refused, and the conferred awards the claim supersedes.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from microcred.rules.awards_conferred import ConferredSteps, closed_steps, conferred_steps, locked_ids
from microcred.rules.awards_ladder import AwardLadder, award_ladder
from microcred.rules.awards_values import ConferredAward, HeldCredit, check_unique_ids
from microcred.rules.errors import RuleInputError
from microcred.rules.policy import Policy
from microcred.rules.titles import award_title


@dataclass(frozen=True)
class ClaimDecision:
    """Whether ``uses`` makes up ``award``: its title when it does, every reason when it does not, and the
    conferred awards it supersedes (their credentials are to be marked superseded)."""

    award: str
    uses: tuple[str, ...]
    title: str | None
    reasons: tuple[str, ...]
    supersedes: tuple[str, ...]
    policy_version: str

    @property
    def is_accepted(self) -> bool:
        return not self.reasons


def _chosen(held: Sequence[HeldCredit], uses: Sequence[str]) -> list[HeldCredit]:
    by_id = {credit.id: credit for credit in held}
    if len(set(uses)) != len(uses):
        raise RuleInputError("uses: names a credit more than once")
    for credit_id in uses:
        if credit_id not in by_id:
            raise RuleInputError(f"uses: {credit_id!r} is not the id of a held credit")
    return [by_id[credit_id] for credit_id in uses]


def _eligibility_reasons(ladder: AwardLadder, chosen: Sequence[HeldCredit]) -> list[str]:
    reasons = []
    for credit in chosen:
        if credit.level != ladder.level:
            reasons.append(f"{credit.id} is at level {credit.level}; awards count level {ladder.level}")
        if ladder.own_provider_only and credit.provider != ladder.provider:
            reasons.append(f"{credit.id} is from {credit.provider}; only {ladder.provider} credit counts")
    return reasons


def _conferred_reasons(
    ladder: AwardLadder, step: int, steps: ConferredSteps, chosen: Sequence[HeldCredit]
) -> list[str]:
    award = ladder.steps[step][0]
    reasons = []
    closing = closed_steps(ladder, steps).get(step)
    if closing == step:
        reasons.append(f"{award} is already held")
    elif closing is not None:
        reasons.append(f"{award} is superseded by the {ladder.steps[closing][0]} already held")
    locked = locked_ids(ladder, steps, step)
    reasons += [
        f"{credit.id} already counts towards {ladder.steps[locked[credit.id]][0]}"
        for credit in chosen
        if credit.id in locked
    ]
    return reasons


def claim_decision(
    policy: Policy,
    held: Sequence[HeldCredit],
    award: str,
    uses: Sequence[str],
    *,
    conferred: Sequence[ConferredAward] = (),
) -> ClaimDecision:
    """R-AW3, R-AW4: may the credit ``uses`` (ids of ``held``) be conferred as ``award``?

    ``conferred`` are the awards the learner already holds, each with the credit it used.
    """
    ladder = award_ladder(policy)
    step = ladder.step_index(award, "award")
    check_unique_ids(held)
    steps = conferred_steps(ladder, {credit.id for credit in held}, conferred)
    chosen = _chosen(held, uses)
    reasons = _eligibility_reasons(ladder, chosen) + _conferred_reasons(ladder, step, steps, chosen)
    credits = ladder.steps[step][1]
    total = sum(credit.credits for credit in chosen)
    if total != credits:
        reasons.append(f"the credits add up to {total}, not {credits}")
    balance: dict[str, int] = defaultdict(int)
    for credit in chosen:
        balance[credit.subject] += credit.credits
    superseded = ladder.superseded(step)
    return ClaimDecision(
        award=award,
        uses=tuple(uses),
        title=None if reasons else award_title(award, balance, ladder.rules),
        reasons=tuple(reasons),
        supersedes=tuple(ladder.steps[other][0] for other, _uses in steps if other in superseded),
        policy_version=policy.version,
    )
