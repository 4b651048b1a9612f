"""R-AW1 … R-AW4: the awards a learner's credit stacks into, with their titles and the credit to choose.

``award_options`` lists one option per award and title that SOME choice of the held credit reaches exactly
(the credits add up to the award's size, no credit twice), and what each award not yet reachable lacks.
Only credit the policy lets count is used: the awards' level, and the provider's own when it says so. Credit
that made up an award already conferred counts towards no other award, except one that supersedes it (R-AW4).

Which credits an option uses is a fixed choice: as much of the subject the title names first as it can (for
"Interdisciplinary Studies", of the subjects with the most credit), and within a subject the oldest credit
first, then by id. The learner may choose other credit reaching the same title; ``claim_decision`` checks it.
"""

from collections.abc import Sequence

from microcred.rules.awards_claims import ClaimDecision, claim_decision
from microcred.rules.awards_conferred import closed_steps, conferred_steps, locked_ids
from microcred.rules.awards_ladder import AwardLadder, award_ladder
from microcred.rules.awards_profile import profile_options
from microcred.rules.awards_search import search_options, search_step_options
from microcred.rules.awards_values import (
    AwardOption,
    AwardOptions,
    ConferredAward,
    HeldCredit,
    Shortfall,
    check_unique_ids,
)
from microcred.rules.policy import Policy

__all__ = [
    "AwardOption",
    "AwardOptions",
    "ClaimDecision",
    "ConferredAward",
    "HeldCredit",
    "Shortfall",
    "award_options",
    "claim_decision",
    "superseded_awards",
]


def _step_options(
    ladder: AwardLadder, pool: list[HeldCredit], step: int
) -> tuple[list[AwardOption], Shortfall | None]:
    found = profile_options(ladder, pool)
    if found is None:
        return search_step_options(ladder, pool, step)
    award = ladder.steps[step][0]
    missing = next((item for item in found.shortfall if item.award == award), None)
    return [option for option in found.options if option.award == award], missing


def _gathered(results: Sequence[tuple[list[AwardOption], Shortfall | None]]) -> AwardOptions:
    options = tuple(option for step_options, _missing in results for option in step_options)
    return AwardOptions(options, tuple(missing for _options, missing in results if missing is not None))


def _options_after(
    ladder: AwardLadder, held: Sequence[HeldCredit], conferred: Sequence[ConferredAward]
) -> AwardOptions:
    """R-AW4: awards not yet held nor superseded, each from credit no other award of the learner uses."""
    steps = conferred_steps(ladder, {credit.id for credit in held}, conferred)
    closed = closed_steps(ladder, steps)
    eligible = ladder.eligible(held)
    results = []
    for step in range(len(ladder.steps)):
        if step in closed:
            continue
        locked = locked_ids(ladder, steps, step)
        results.append(
            _step_options(ladder, [credit for credit in eligible if credit.id not in locked], step)
        )
    return _gathered(results)


def award_options(
    policy: Policy, held: Sequence[HeldCredit], *, conferred: Sequence[ConferredAward] = ()
) -> AwardOptions:
    """R-AW1 … R-AW4: every award and title some choice of ``held`` reaches, and what the others lack.

    ``conferred`` are the awards the learner already holds; they are not offered again, nor are the awards
    they supersede. Raises RuleInputError for duplicate ids, unknown awards, or a policy without awards.
    """
    ladder = award_ladder(policy)
    if not conferred:
        # The common case: every credit counts and all are one size.
        found = profile_options(ladder, held)
        if found is not None:
            return found
    check_unique_ids(held)
    if conferred:
        return _options_after(ladder, held, conferred)
    pool = ladder.eligible(held)
    found = profile_options(ladder, pool)
    return search_options(ladder, pool) if found is None else found


def superseded_awards(policy: Policy, award: str) -> tuple[str, ...]:
    """R-AW4: the lower awards of the ladder that claiming ``award`` supersedes, in ladder order.

    Their credit may count towards ``award``, and their credentials are marked superseded when it is
    conferred. Empty when the policy does not let a higher award supersede a lower one.
    """
    ladder = award_ladder(policy)
    return tuple(ladder.steps[lower][0] for lower in ladder.superseded(ladder.step_index(award, "award")))
