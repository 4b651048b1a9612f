"""The planner's general path (R-AW1 … R-AW3): credit of mixed sizes, e.g. 5-credit and 15-credit courses.

A bounded subset-sum: the sums each subject's credits reach, up to the award's size, are the set bits of an
int, so a title is reachable when the subjects it names have sums that add up to the award exactly. The
choice for each title follows the rules of ``awards_profile`` (as much of the first-named subject as it can,
oldest credit first within a subject), which decides the one-size case from the profile alone; the tests
hold the two equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from microcred.rules.awards_ladder import AwardLadder
from microcred.rules.awards_profile import OLDEST_FIRST
from microcred.rules.awards_values import AwardOption, AwardOptions, HeldCredit, Shortfall
from microcred.rules.titles import TitleKind, title_shape, title_text

# (title kind, lower profile position, higher profile position, position of the subject named first)
_OrderKey = tuple[int, int, int, int]
# ((profile position, credits taken), …) in the order the title names them
_Choice = tuple[tuple[int, int], ...]


class _Subject(NamedTuple):
    name: str
    credits: tuple[HeldCredit, ...]  # oldest first
    sums: int  # bit s is set when some of the credits add up to s


def _sums(sizes: Iterable[int], limit: int) -> int:
    mask = (1 << (limit + 1)) - 1
    bits = 1
    for size in sizes:
        bits = (bits | bits << size) & mask
    return bits


def _bits_down(bits: int, low: int, high: int) -> Iterator[int]:
    return (value for value in range(high, low - 1, -1) if bits >> value & 1)


def pool_subjects(pool: Sequence[HeldCredit], limit: int) -> list[_Subject]:
    """The pool's subjects in profile order (most credit first, then by name), credits oldest first."""
    groups: dict[str, list[HeldCredit]] = {}
    for credit in sorted(pool, key=OLDEST_FIRST):
        groups.setdefault(credit.subject, []).append(credit)
    ordered = sorted(groups.items(), key=lambda item: (-sum(c.credits for c in item[1]), item[0]))
    return [
        _Subject(name, tuple(credits), _sums((credit.credits for credit in credits), limit))
        for name, credits in ordered
    ]


def _oldest_choice(credits: Sequence[HeldCredit], target: int) -> list[str]:
    """The ids of the credits adding up to ``target``, preferring older ones (the earliest in order)."""
    after = [1] * (len(credits) + 1)
    for index in range(len(credits) - 1, -1, -1):
        after[index] = after[index + 1] | after[index + 1] << credits[index].credits
    chosen: list[str] = []
    for index, credit in enumerate(credits):
        left = target - credit.credits
        if left >= 0 and after[index + 1] >> left & 1:
            chosen.append(credit.id)
            target = left
    return chosen


def _pair_choices(
    subjects: Sequence[_Subject], pair: tuple[int, int], credits: int, ladder: AwardLadder
) -> dict[_OrderKey, _Choice]:
    """R-AW2: per two-subject title, the split with the most credit in the subject named first."""
    i, j = pair
    found: dict[_OrderKey, _Choice] = {}
    for taken in _bits_down(subjects[i].sums, 1, credits - 1):
        if not subjects[j].sums >> (credits - taken) & 1:
            continue
        kind, named = title_shape({subjects[i].name: taken, subjects[j].name: credits - taken}, ladder.rules)
        first = i if named[0] == subjects[i].name else j
        split = ((i, taken), (j, credits - taken)) if first == i else ((j, credits - taken), (i, taken))
        key = (int(kind), i, j, first)
        if key not in found or split[0][1] > found[key][0][1]:
            found[key] = split
    return found


def _reach(subjects: Sequence[_Subject], credits: int, minimum: int) -> list[list[int]]:
    """reach[s][c]: the sums the subjects from s on give with min(c, minimum) of them taking part."""
    mask = (1 << (credits + 1)) - 1
    reach = [[0] * (minimum + 1) for _ in range(len(subjects) + 1)]
    reach[len(subjects)][0] = 1
    for position in range(len(subjects) - 1, -1, -1):
        later, here = reach[position + 1], list(reach[position + 1])
        for taken in _bits_down(subjects[position].sums, 1, credits):
            for count, bits in enumerate(later):
                here[min(count + 1, minimum)] |= (bits << taken) & mask
        reach[position] = here
    return reach


def _interdisciplinary_choice(subjects: Sequence[_Subject], credits: int, minimum: int) -> _Choice | None:
    """As much of each subject in profile order as still lets the choice bring in ``minimum`` subjects."""
    reach = _reach(subjects, credits, minimum)
    if not reach[0][minimum] >> credits & 1:
        return None
    choice: list[tuple[int, int]] = []
    remaining, needed = credits, minimum
    for position, subject in enumerate(subjects):
        later = reach[position + 1]
        taken = next(
            taken
            for taken in _bits_down(subject.sums, 0, remaining)
            if _completes(later, remaining - taken, max(0, needed - (1 if taken else 0)))
        )
        if taken:
            choice.append((position, taken))
        remaining, needed = remaining - taken, max(0, needed - (1 if taken else 0))
    return tuple(choice)


def _completes(later: Sequence[int], remaining: int, needed: int) -> bool:
    return any(bits >> remaining & 1 for bits in later[needed:])


def _choices(subjects: Sequence[_Subject], credits: int, ladder: AwardLadder) -> dict[_OrderKey, _Choice]:
    found: dict[_OrderKey, _Choice] = {
        (int(TitleKind.SINGLE), position, position, position): ((position, credits),)
        for position, subject in enumerate(subjects)
        if subject.sums >> credits & 1
    }
    minimum = ladder.rules.interdisciplinary_min_subjects
    if minimum > 2:
        for i in range(len(subjects)):
            for j in range(i + 1, len(subjects)):
                found.update(_pair_choices(subjects, (i, j), credits, ladder))
    choice = _interdisciplinary_choice(subjects, credits, minimum)
    if choice is not None:
        found[(int(TitleKind.INTERDISCIPLINARY), 0, 0, 0)] = choice
    return found


def _option(
    award: str, credits: int, subjects: Sequence[_Subject], choice: _Choice, ladder: AwardLadder
) -> AwardOption:
    uses: list[str] = []
    for position, taken in choice:
        uses.extend(_oldest_choice(subjects[position].credits, taken))
    kind, named = title_shape({subjects[position].name: taken for position, taken in choice}, ladder.rules)
    return AwardOption(award, title_text(award, kind, named, ladder.rules), credits, tuple(uses))


def search_step_options(
    ladder: AwardLadder, pool: Sequence[HeldCredit], step: int
) -> tuple[list[AwardOption], Shortfall | None]:
    """Every title one award of the ladder reaches from ``pool``, or what it lacks."""
    award, credits = ladder.steps[step]
    subjects = pool_subjects(pool, credits)
    found = _choices(subjects, credits, ladder)
    if not found:
        best = _sums((credit.credits for credit in pool), credits).bit_length() - 1
        return [], Shortfall(award, credits - best)
    return [_option(award, credits, subjects, found[key], ladder) for key in sorted(found)], None


def search_options(ladder: AwardLadder, pool: Sequence[HeldCredit]) -> AwardOptions:
    """Every award of the ladder from ``pool``: the general path, for credit of any sizes."""
    results = [search_step_options(ladder, pool, step) for step in range(len(ladder.steps))]
    options = tuple(option for step_options, _missing in results for option in step_options)
    return AwardOptions(options, tuple(missing for _options, missing in results if missing is not None))
