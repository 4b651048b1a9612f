"""The values the award planner takes and returns (R-AW1 … R-AW4).

``HeldCredit`` checks itself once, where it is made; the planner then trusts it, so a batch of learners pays
for validation once per credit and never per call.
"""

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from microcred.rules.errors import RuleInputError

# R-CR2: FHEQ levels in England, Wales and Northern Ireland.
FHEQ_LEVELS = range(4, 9)


def _check_text(field: str, value: object) -> None:
    if not isinstance(value, str):
        raise RuleInputError(f"{field}: must be a string, got {type(value).__name__}")
    if not value.strip():
        raise RuleInputError(f"{field}: must not be empty")


def has_control_characters(text: str) -> bool:
    return any(unicodedata.category(character) == "Cc" for character in text)


def _check_whole_number(field: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RuleInputError(f"{field}: must be a whole number, got {type(value).__name__}")
    return value


@dataclass(frozen=True, slots=True)
class HeldCredit:
    """Credit a learner holds: one passed microcredential of ``credits`` UK credits at an FHEQ ``level``."""

    id: str
    provider: str
    subject: str
    credits: int
    level: int
    awarded_on: dt.date

    def __post_init__(self) -> None:
        _check_text("id", self.id)
        _check_text("provider", self.provider)
        _check_text("subject", self.subject)
        # Subject names go into award titles, which the planner joins with a control character.
        if has_control_characters(self.subject):
            raise RuleInputError(f"subject: must not contain control characters, got {self.subject!r}")
        credits = _check_whole_number("credits", self.credits)
        if credits < 0:
            raise RuleInputError(f"credits: must not be negative, got {credits}")
        if credits == 0:
            raise RuleInputError("credits: must be more than 0, got 0")
        level = _check_whole_number("level", self.level)
        if level not in FHEQ_LEVELS:
            raise RuleInputError(f"level: must be an FHEQ level from 4 to 8, got {level}")
        # A datetime is a date too; credit is awarded on a day, so a time of day is refused as a mix-up.
        if not isinstance(self.awarded_on, dt.date) or isinstance(self.awarded_on, dt.datetime):
            raise RuleInputError(f"awarded_on: must be a date, got {type(self.awarded_on).__name__}")


@dataclass(frozen=True, slots=True)
class ConferredAward:
    """An award the learner already holds and the credit that made it up (R-AW4)."""

    award: str
    uses: tuple[str, ...]


# AwardOption, Shortfall and AwardOptions are NamedTuples rather than frozen dataclasses: the planner makes
# millions of them a second in batch jobs (bench/award_options.py), and a frozen dataclass costs three times
# as much to make.
class AwardOption(NamedTuple):
    """An award and title that the credit ids in ``uses`` reach exactly (R-AW2, R-AW3)."""

    award: str
    title: str
    credits: int
    uses: tuple[str, ...]


class Shortfall(NamedTuple):
    """An award no choice of the credit reaches yet, and how much more credit it needs."""

    award: str
    credits_needed: int


class AwardOptions(NamedTuple):
    """Every award and title some choice of the credit reaches, in ladder order, and what the rest lack."""

    options: tuple[AwardOption, ...]
    shortfall: tuple[Shortfall, ...]


def check_unique_ids(held: Sequence[HeldCredit]) -> None:
    """A credit is held once: the same id twice is refused, naming the second."""
    if len({credit.id for credit in held}) == len(held):
        return
    seen: set[str] = set()
    for index, credit in enumerate(held):
        if credit.id in seen:
            raise RuleInputError(f"held[{index}].id: {credit.id!r} appears more than once")
        seen.add(credit.id)
