"""R-AS6: word count shown; more than 10% over the limit is flagged to the marker, never refused."""

import pytest
from policy_builders import shipped_policy

from microcred.rules.word_limits import WordCount, count_words, word_count_check

ASSESSMENT = shipped_policy("ibers").assessment


def test_r_as6_words_are_runs_of_non_space_characters() -> None:
    assert count_words("A data-set analysis,\n  in   1,500 words.") == 6
    assert count_words("   ") == 0


@pytest.mark.parametrize(
    ("words", "is_flagged", "reason"),
    [
        (1400, False, "1400 words of a 1500-word limit."),
        (1500, False, "1500 words of a 1500-word limit."),
        (1650, False, "1650 words: over the 1500-word limit, but within the 10% tolerance."),
        (1651, True, "1651 words: more than 10% over the 1500-word limit, flagged to the marker."),
    ],
)
def test_r_as6_over_the_limit_by_more_than_10_percent_is_flagged(
    words: int, is_flagged: bool, reason: str
) -> None:
    assert word_count_check(words, 1500, ASSESSMENT) == WordCount(words, 1500, is_flagged, reason)


def test_r_as6_an_assessment_without_a_limit_is_never_flagged() -> None:
    assert word_count_check(9000, None, ASSESSMENT) == WordCount(
        9000, None, False, "9000 words; no word limit."
    )
