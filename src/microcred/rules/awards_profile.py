"""The planner's hot path (R-AW1 … R-AW3) for credit that is all one size, the common case.

A learner's credits are reduced to their subjects in alphabetical order and the number of credits in each.
That key finds a template, worked out once per ladder from the profile's shapes (``awards_shapes``): for
every option, its title as a format over the subject names and which of the learner's credit ids it uses.
The template with its titles is kept per sorted subject column too, which learners often share. Filling a
template in for a learner is a handful of C-level calls, with no Python step per credit or per option.

Within a subject the offered choice takes the oldest credit first, then by id.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from itertools import accumulate, repeat
from operator import attrgetter, call, itemgetter
from typing import NamedTuple

from microcred.rules.awards_ladder import LEARNER_CACHE_LIMIT, PROFILE_CACHE_LIMIT, AwardLadder
from microcred.rules.awards_shapes import Shape, profile_shapes
from microcred.rules.awards_values import AwardOption, AwardOptions, HeldCredit, Shortfall, check_unique_ids
from microcred.rules.titles import TitleKind

# A template's titles are formatted in one call and split on this character, which no subject name
# (HeldCredit refuses control characters) and no award name (AwardLadder does too) contains.
TITLE_SEPARATOR = "\x1f"

OLDEST_FIRST = attrgetter("awarded_on", "id")
_SUBJECT_OLDEST_FIRST_AND_KIND = attrgetter("subject", "awarded_on", "id", "level", "provider", "credits")
_NEW_TUPLE = tuple.__new__

# Takes an option's credit ids from the learner's ids.
Picker = Callable[[tuple[str, ...]], tuple[str, ...]]


class ProfileTemplate(NamedTuple):
    """Options ready to fill in for one key (credit size, credits per subject in alphabetical order): their
    titles as one format over the subject names, and pickers of their credit ids."""

    awards: tuple[str, ...]
    credits: tuple[int, ...]
    titles: str
    pickers: tuple[Picker, ...]
    shortfall: tuple[Shortfall, ...]


def _escaped(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _title_format(award: str, shape: Shape, places: Sequence[int], ladder: AwardLadder) -> str:
    """The title of ``shape`` as a format over the subject names in alphabetical order."""
    prefix = f"{_escaped(award)} in "
    if shape.kind is TitleKind.INTERDISCIPLINARY:
        return prefix + _escaped(ladder.rules.interdisciplinary_title)
    named = [f"{{{places[position]}}}" for position, _taken in shape.parts]
    if shape.kind is TitleKind.SINGLE:
        return prefix + named[0]
    joiner = " with " if shape.kind is TitleKind.WITH else " and "
    return prefix + named[0] + joiner + named[1]


def _picker(shape: Shape, place_starts: Sequence[int]) -> Picker:
    """Takes an option's credit ids from the learner's ids (each subject's oldest first)."""
    if len(shape.parts) == 1:
        # One subject's ids are a run: a slice, which itemgetter returns as a tuple even for one id.
        ((position, taken),) = shape.parts
        return itemgetter(slice(place_starts[position], place_starts[position] + taken))
    # Two subjects or more give two ids or more, which itemgetter returns as a tuple.
    indices: list[int] = []
    for position, taken in shape.parts:
        indices.extend(range(place_starts[position], place_starts[position] + taken))
    return itemgetter(*indices)


def _template(ladder: AwardLadder, size: int, counts: tuple[int, ...]) -> ProfileTemplate:
    """The template for ``counts`` credits of ``size`` per subject, subjects in alphabetical order."""
    # places[p]: the alphabetical place of the subject at profile position p (most credit, then by name).
    places = sorted(range(len(counts)), key=lambda subject: (-counts[subject], subject))
    found = profile_shapes(ladder, size, tuple(counts[subject] for subject in places))
    kept = [
        (step, shape)
        for step, item in enumerate(found)
        for shape in item.shapes
        if shape.condition is None or places[shape.condition[0]] < places[shape.condition[1]]
    ]
    starts = [0, *accumulate(counts)]
    # Where the ids of the subject at each profile position start among the learner's ids.
    place_starts = [starts[place] for place in places]
    template = ProfileTemplate(
        awards=tuple(ladder.steps[step][0] for step, _shape in kept),
        credits=tuple(ladder.steps[step][1] for step, _shape in kept),
        titles=TITLE_SEPARATOR.join(
            _title_format(ladder.steps[step][0], shape, places, ladder) for step, shape in kept
        ),
        pickers=tuple(_picker(shape, place_starts) for _step, shape in kept),
        shortfall=tuple(item.shortfall for item in found if item.shortfall is not None),
    )
    if len(ladder.profiles) >= PROFILE_CACHE_LIMIT:
        ladder.profiles.clear()
    ladder.profiles[(size, counts)] = template
    return template


def _titled_template(
    ladder: AwardLadder, key: tuple[int, tuple[str, ...]]
) -> tuple[ProfileTemplate, tuple[str, ...]]:
    """The template for one credit size and sorted subject column, with its titles."""
    size, subjects = key
    names = tuple(dict.fromkeys(subjects))
    counts = tuple(map(subjects.count, names))
    template = ladder.profiles.get((size, counts)) or _template(ladder, size, counts)
    # Titles repeat across learners (a few hundred in all): interned, the cache keeps one copy of each.
    titles = (
        tuple(map(sys.intern, template.titles.format(*names).split(TITLE_SEPARATOR)))
        if template.awards
        else ()
    )
    if len(ladder.learners) >= LEARNER_CACHE_LIMIT:
        ladder.learners.clear()
    titled = ladder.learners[key] = (template, titles)
    return titled


def profile_options(ladder: AwardLadder, held: Sequence[HeldCredit]) -> AwardOptions | None:
    """Every award of the ladder, when every held credit counts and all are one size; None otherwise.

    One sort gives, column by column, the learner's subjects and ids (by subject alphabetically, the oldest
    first within a subject) and what decides whether this path applies.
    """
    if not held:
        template = ladder.profiles.get((1, ())) or _template(ladder, 1, ())
        return AwardOptions((), template.shortfall)
    columns = zip(*sorted(map(_SUBJECT_OLDEST_FIRST_AND_KIND, held)), strict=True)
    subjects, _days, ids, levels, providers, sizes = columns
    count, size = len(ids), sizes[0]
    if levels.count(ladder.level) != count or sizes.count(size) != count:
        return None
    if ladder.own_provider_only and providers.count(ladder.provider) != count:
        return None
    if len(set(ids)) != count:
        check_unique_ids(held)
    key = (size, subjects)
    template, titles = ladder.learners.get(key) or _titled_template(ladder, key)
    uses = map(call, template.pickers, repeat(ids))
    fields = zip(template.awards, titles, template.credits, uses, strict=True)
    # tuple.__new__ makes the NamedTuples without a Python-level call per option.
    return _NEW_TUPLE(AwardOptions, (tuple(map(_NEW_TUPLE, repeat(AwardOption), fields)), template.shortfall))
