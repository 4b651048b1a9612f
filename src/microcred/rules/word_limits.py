"""R-AS6: a report's word count is shown on submission and to the marker; one over the limit by more than
the policy's tolerance (10%) is flagged to the marker, never refused."""

import re
from dataclasses import dataclass

from microcred.rules.errors import RuleInputError
from microcred.rules.policy import AssessmentPolicy

_WORD = re.compile(r"\S+")


def count_words(text: str) -> int:
    """Words as a word processor counts them: runs of non-space characters (``data-set`` is one word)."""
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class WordCount:
    words: int
    limit: int | None
    is_flagged: bool
    reason: str


def word_count_check(words: int, limit: int | None, assessment: AssessmentPolicy) -> WordCount:
    if words < 0:
        raise RuleInputError(f"words: 0 or more is required, got {words}")
    if limit is None:
        return WordCount(words, None, False, f"{words} words; no word limit.")
    tolerance = assessment.word_limit_tolerance_percent
    # Integer arithmetic: over by more than tolerance% means words/limit > (100 + tolerance)/100.
    is_flagged = words * 100 > limit * (100 + tolerance)
    if is_flagged:
        reason = f"{words} words: more than {tolerance}% over the {limit}-word limit, flagged to the marker."
    elif words > limit:
        reason = f"{words} words: over the {limit}-word limit, but within the {tolerance}% tolerance."
    else:
        reason = f"{words} words of a {limit}-word limit."
    return WordCount(words, limit, is_flagged, reason)
