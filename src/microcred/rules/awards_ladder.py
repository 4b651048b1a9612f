"""A provider's award ladder made ready for the planner, once per policy (R-AW1, R-AW4).

The planner is asked about many learners under one policy, so what depends only on the policy (the steps,
which credit counts, which award supersedes which, the title formats) is worked out here once, and the
ladder keeps the per-profile results the fast path has already worked out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from microcred.rules.awards_values import HeldCredit, has_control_characters
from microcred.rules.errors import RuleInputError
from microcred.rules.titles import check_title_rules

if TYPE_CHECKING:
    from microcred.rules.awards_profile import ProfileTemplate
    from microcred.rules.awards_shapes import StepShapes
    from microcred.rules.policy import AwardStep, Policy, TitleRules

# Profiles are few (a few thousand for up to 14 credits in up to 6 subjects), so this bound is only a guard
# against odd inputs. An entry per sorted subject column costs about half a kilobyte: that cache stays ~25 MB.
PROFILE_CACHE_LIMIT = 100_000
LEARNER_CACHE_LIMIT = 50_000
_LADDER_CACHE_LIMIT = 64


class AwardLadder:
    """The awards part of one policy, with what the planner derives from it."""

    __slots__ = (
        "higher_supersedes_lower",
        "learners",
        "level",
        "own_provider_only",
        "policy",
        "profiles",
        "provider",
        "rules",
        "shapes",
        "steps",
    )

    def __init__(self, policy: Policy) -> None:
        awards = policy.awards
        if awards is None:
            raise RuleInputError(f"policy.awards: the {policy.provider} policy has no awards")
        check_title_rules(awards.titles)
        _check_names(awards.ladder, awards.titles)
        self.policy = policy
        self.provider = policy.provider
        self.level = awards.level
        self.own_provider_only = awards.own_provider_only
        self.higher_supersedes_lower = awards.higher_supersedes_lower
        self.rules: TitleRules = awards.titles
        self.steps: tuple[tuple[str, int], ...] = tuple((step.name, step.credits) for step in awards.ladder)
        # Keyed by (credit size, credits per subject): in profile order for shapes, alphabetical for
        # profiles, whose templates are the shapes with the subjects' alphabetical places filled in.
        self.shapes: dict[tuple[int, tuple[int, ...]], tuple[StepShapes, ...]] = {}
        self.profiles: dict[tuple[int, tuple[int, ...]], ProfileTemplate] = {}
        # A template with its titles, by credit size and a learner's sorted subject column.
        self.learners: dict[tuple[int, tuple[str, ...]], tuple[ProfileTemplate, tuple[str, ...]]] = {}

    def eligible(self, held: Iterable[HeldCredit]) -> list[HeldCredit]:
        """The credit the policy lets count: at the awards' level, and the provider's own if it says so."""
        level = self.level
        if self.own_provider_only:
            provider = self.provider
            return [credit for credit in held if credit.level == level and credit.provider == provider]
        return [credit for credit in held if credit.level == level]

    def step_index(self, award: str, field: str) -> int:
        for index, (name, _credits) in enumerate(self.steps):
            if name == award:
                return index
        raise RuleInputError(f"{field}: {award!r} is not an award of the {self.provider} policy")

    def superseded(self, index: int) -> tuple[int, ...]:
        """R-AW4: the lower steps of the ladder that the award at ``index`` supersedes."""
        if not self.higher_supersedes_lower:
            return ()
        credits = self.steps[index][1]
        return tuple(lower for lower, (_name, size) in enumerate(self.steps) if size < credits)


def _check_names(ladder: Sequence[AwardStep], rules: TitleRules) -> None:
    # Titles are joined with a control character on the planner's fast path (awards_profile).
    for index, step in enumerate(ladder):
        if has_control_characters(step.name):
            raise RuleInputError(f"awards.ladder[{index}].name: must not contain control characters")
    if has_control_characters(rules.interdisciplinary_title):
        raise RuleInputError("awards.titles.interdisciplinary_title: must not contain control characters")


_LADDERS: dict[int, tuple[Policy, AwardLadder]] = {}


def award_ladder(policy: Policy) -> AwardLadder:
    """The ladder of ``policy``, built on first use and kept while the policy object lives."""
    # Keyed by identity, not by hash: hashing a whole policy on every call would cost more than planning.
    entry = _LADDERS.get(id(policy))
    if entry is not None and entry[0] is policy:
        return entry[1]
    ladder = AwardLadder(policy)
    if len(_LADDERS) >= _LADDER_CACHE_LIMIT:
        _LADDERS.clear()
    _LADDERS[id(policy)] = (policy, ladder)
    return ladder
