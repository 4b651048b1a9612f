"""R-AW4: a credit counts towards one award only, and a higher award supersedes the lower ones it includes.

The awards a learner already holds close their own step of the ladder and every step they supersede, and
lock their credit against every award that does not supersede them.
"""

from collections.abc import Collection, Sequence

from microcred.rules.awards_ladder import AwardLadder
from microcred.rules.awards_values import ConferredAward
from microcred.rules.errors import RuleInputError

# (ladder step of a conferred award, the ids of the credit it uses)
ConferredSteps = tuple[tuple[int, frozenset[str]], ...]


def conferred_steps(
    ladder: AwardLadder, held_ids: Collection[str], conferred: Sequence[ConferredAward]
) -> ConferredSteps:
    """The conferred awards as ladder steps; an unknown award or credit id is refused naming its place."""
    steps = []
    for index, award in enumerate(conferred):
        step = ladder.step_index(award.award, f"conferred[{index}].award")
        for credit_id in award.uses:
            if credit_id not in held_ids:
                raise RuleInputError(f"conferred[{index}].uses: {credit_id!r} is not the id of a held credit")
        steps.append((step, frozenset(award.uses)))
    return tuple(steps)


def closed_steps(ladder: AwardLadder, steps: ConferredSteps) -> dict[int, int]:
    """Steps not to be offered again, each with the conferred step that closes it (itself, or a higher
    award that supersedes it)."""
    closed: dict[int, int] = {}
    for step, _uses in steps:
        closed.setdefault(step, step)
        for lower in ladder.superseded(step):
            closed.setdefault(lower, step)
    return closed


def locked_ids(ladder: AwardLadder, steps: ConferredSteps, step: int) -> dict[str, int]:
    """Credit that may not count towards the award at ``step``: each id with the conferred step using it.
    Credit of an award that ``step`` supersedes is free for it."""
    freed = ladder.superseded(step)
    return {credit_id: other for other, uses in steps if other not in freed for credit_id in uses}
