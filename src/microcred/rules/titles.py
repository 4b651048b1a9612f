"""R-AW2: an award's title follows the balance of subjects in the credit that makes it up.

One subject gives "PGCert in a"; two subjects give "PGCert in a with b" when the smaller holds at most
``minor_share_max_percent`` of the award's credits, otherwise "PGCert in a and b" (the larger first, ties
alphabetical); ``interdisciplinary_min_subjects`` or more give "PGCert in Interdisciplinary Studies".
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TYPE_CHECKING

from microcred.rules.errors import RuleInputError

if TYPE_CHECKING:
    from microcred.rules.policy import TitleRules


class TitleKind(enum.IntEnum):
    """The shape of a title; the order is the order in which options list them."""

    SINGLE = 0
    WITH = 1
    AND = 2
    INTERDISCIPLINARY = 3


def check_title_rules(rules: TitleRules) -> None:
    """Refuse thresholds under which some choice of credit would have no title.

    With two subjects as the interdisciplinary minimum every choice of two or more subjects is
    interdisciplinary; with three, R-AW2's own rule. A higher minimum would leave three-subject choices
    untitled, which R-AW2 does not allow.
    """
    if rules.interdisciplinary_min_subjects not in (2, 3):
        raise RuleInputError(
            "awards.titles.interdisciplinary_min_subjects: must be 2 or 3, "
            f"got {rules.interdisciplinary_min_subjects}"
        )
    if not 0 <= rules.minor_share_max_percent <= 100:
        raise RuleInputError(
            f"awards.titles.minor_share_max_percent: must be 0–100, got {rules.minor_share_max_percent}"
        )


def pair_kind(minor_credits: int, award_credits: int, rules: TitleRules) -> TitleKind:
    """Two subjects: "with" when the smaller share is at most the policy's percentage, else "and"."""
    if minor_credits * 100 <= rules.minor_share_max_percent * award_credits:
        return TitleKind.WITH
    return TitleKind.AND


def title_shape(
    credits_by_subject: Mapping[str, int], rules: TitleRules
) -> tuple[TitleKind, tuple[str, ...]]:
    """The kind of title and the subjects it names, in the order it names them.

    ``credits_by_subject`` holds the credit each subject gives to the award; the award's size is their sum.
    """
    for subject, credits in credits_by_subject.items():
        if credits < 0:
            raise RuleInputError(f"credits_by_subject[{subject!r}]: must not be negative, got {credits}")
    subjects = [(-credits, subject) for subject, credits in credits_by_subject.items() if credits > 0]
    if not subjects:
        raise RuleInputError("credits_by_subject: must give credit in at least one subject")
    if len(subjects) >= rules.interdisciplinary_min_subjects:
        return TitleKind.INTERDISCIPLINARY, ()
    if len(subjects) == 1:
        return TitleKind.SINGLE, (subjects[0][1],)
    # Larger share first; equal shares in alphabetical order.
    (major_negative, major), (minor_negative, minor) = sorted(subjects)
    kind = pair_kind(-minor_negative, -(major_negative + minor_negative), rules)
    return kind, (major, minor)


def title_text(award: str, kind: TitleKind, subjects: tuple[str, ...], rules: TitleRules) -> str:
    """The title as shown: the award's name heads it ("Master's in a with b")."""
    if kind is TitleKind.INTERDISCIPLINARY:
        return f"{award} in {rules.interdisciplinary_title}"
    if kind is TitleKind.SINGLE:
        return f"{award} in {subjects[0]}"
    joiner = " with " if kind is TitleKind.WITH else " and "
    return f"{award} in {subjects[0]}{joiner}{subjects[1]}"


def award_title(award: str, credits_by_subject: Mapping[str, int], rules: TitleRules) -> str:
    """R-AW2: the title of ``award`` made up of ``credits_by_subject`` (subject → credits)."""
    kind, subjects = title_shape(credits_by_subject, rules)
    return title_text(award, kind, subjects, rules)
