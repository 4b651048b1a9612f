"""What a profile reaches (R-AW1 … R-AW3), for credit that is all one size: the planner's fast path.

A profile is the number of credits held per subject, in profile order: the subject with most credit first,
ties by name. Which awards and titles are reachable, and which choice of credit the planner offers for each,
depend only on the profile (and, for titles with equal shares, on which name sorts first), so a profile is
worked out once per ladder. ``awards_search`` decides any pool by the same choice rules, and the tests hold
the two equal.

The choice for a title takes as much of the subject it names first as it can (for "Interdisciplinary
Studies", as much of each subject in profile order as still lets enough other subjects in).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from microcred.rules.awards_ladder import PROFILE_CACHE_LIMIT, AwardLadder
from microcred.rules.awards_values import Shortfall
from microcred.rules.titles import TitleKind, pair_kind


class Shape(NamedTuple):
    """A title a profile reaches: its kind; ((profile position, credits taken in units), …) in the order
    the title names the subjects; and an optional condition (a, b): the title is reached only when
    subject a's name sorts before subject b's."""

    kind: TitleKind
    parts: tuple[tuple[int, int], ...]
    condition: tuple[int, int] | None = None


class StepShapes(NamedTuple):
    """What a profile reaches towards one award: the titles' shapes, or what it lacks."""

    shapes: tuple[Shape, ...]
    shortfall: Shortfall | None


# (title kind, subject named first: 0 for i, 1 for j, 2 for equal shares) → (i's units, j's units)
_Splits = dict[tuple[TitleKind, int], tuple[int, int]]


def _pair_splits(counts: tuple[int, int], units: int, ladder: AwardLadder) -> _Splits:
    """Per (kind, subject named first: 0 for i, 1 for j, 2 for equal shares) the split (i's, j's) that gives
    the subject named first the most."""
    best: _Splits = {}
    for taken_i in range(max(1, units - counts[1]), min(counts[0], units - 1) + 1):
        taken_j = units - taken_i
        kind = pair_kind(min(taken_i, taken_j), units, ladder.rules)
        leader = 0 if taken_i > taken_j else 1 if taken_j > taken_i else 2
        # i first: the last split seen gives i the most; j first: the first split seen gives j the most.
        if leader == 0 or (kind, leader) not in best:
            best[(kind, leader)] = (taken_i, taken_j)
    return best


def _pair_shapes(pair: tuple[int, int], counts: Sequence[int], best: _Splits, kind: TitleKind) -> list[Shape]:
    """R-AW2: the titles of ``kind`` two subjects reach, subject i named first, then subject j first."""
    i, j = pair
    shapes: list[Shape] = []
    for leader, (first, second) in enumerate(((i, j), (j, i))):
        split = best.get((kind, leader))
        condition: tuple[int, int] | None = None
        if split is None:
            # Equal shares are named in alphabetical order: known here when the counts tie (profile order
            # is then by name), otherwise left to the learner's names as a condition.
            split = best.get((kind, 2))
            if split is None or (leader == 1 and counts[i] == counts[j]):
                continue
            condition = None if counts[i] == counts[j] else (first, second)
        parts = ((first, split[leader]), (second, split[1 - leader]))
        shapes.append(Shape(kind, parts, condition))
    return shapes


def _largest_take(count: int, remaining: int, needed: int, subjects_after: int, units_after: int) -> int:
    """The most one subject can give while the later subjects can still complete the choice."""
    for take in range(min(count, remaining), -1, -1):
        still_needed = max(0, needed - (1 if take else 0))
        if still_needed <= subjects_after and still_needed <= remaining - take <= units_after:
            return take
    raise AssertionError("the choice was checked to be completable")


def interdisciplinary_units(counts: Sequence[int], units: int, minimum: int) -> tuple[int, ...] | None:
    """Units taken per subject for "Interdisciplinary Studies": as many of each subject in profile order
    as still lets the rest bring the choice to ``minimum`` subjects; None if no choice reaches it."""
    after = [0] * (len(counts) + 1)
    for position in range(len(counts) - 1, -1, -1):
        after[position] = after[position + 1] + counts[position]
    if len(counts) < minimum or units < minimum or after[0] < units:
        return None
    taken: list[int] = []
    remaining, needed = units, minimum
    for position, count in enumerate(counts):
        take = _largest_take(count, remaining, needed, len(counts) - position - 1, after[position + 1])
        taken.append(take)
        remaining -= take
        needed = max(0, needed - (1 if take else 0))
    return tuple(taken)


def _step_shapes(ladder: AwardLadder, credits: int, size: int, counts: Sequence[int]) -> list[Shape]:
    """One award's shapes: singles, then "with", then "and", then interdisciplinary, by profile position."""
    if credits % size:
        return []
    units = credits // size
    shapes = [
        Shape(TitleKind.SINGLE, ((position, units),))
        for position, count in enumerate(counts)
        if count >= units
    ]
    minimum = ladder.rules.interdisciplinary_min_subjects
    pairs = [(i, j) for i in range(len(counts)) for j in range(i + 1, len(counts))] if minimum > 2 else []
    splits = [_pair_splits((counts[i], counts[j]), units, ladder) for i, j in pairs]
    for kind in (TitleKind.WITH, TitleKind.AND):
        for pair, best in zip(pairs, splits, strict=True):
            shapes.extend(_pair_shapes(pair, counts, best, kind))
    taken = interdisciplinary_units(counts, units, minimum)
    if taken is not None:
        parts = tuple((position, take) for position, take in enumerate(taken) if take)
        shapes.append(Shape(TitleKind.INTERDISCIPLINARY, parts))
    return shapes


def _shapes(ladder: AwardLadder, size: int, counts: tuple[int, ...]) -> tuple[StepShapes, ...]:
    total = sum(counts)
    found = []
    for award, credits in ladder.steps:
        shapes = tuple(_step_shapes(ladder, credits, size, counts))
        missing = None if shapes else Shortfall(award, credits - size * min(total, credits // size))
        found.append(StepShapes(shapes, missing))
    return tuple(found)


def profile_shapes(ladder: AwardLadder, size: int, counts: tuple[int, ...]) -> tuple[StepShapes, ...]:
    """What a profile (``counts`` credits of ``size`` per subject, in profile order) reaches, per award."""
    key = (size, counts)
    found = ladder.shapes.get(key)
    if found is None:
        if len(ladder.shapes) >= PROFILE_CACHE_LIMIT:
            ladder.shapes.clear()
        found = ladder.shapes[key] = _shapes(ladder, size, counts)
    return found
