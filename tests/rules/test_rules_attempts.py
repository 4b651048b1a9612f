"""R-AS3: UoL three attempts each in a later window; OU one attempt, a Fail is final; IBERS one resit."""

from datetime import UTC, datetime

import pytest
from policy_builders import shipped_policy

from microcred.rules.attempts import (
    Attempt,
    AttemptDecision,
    AttemptResult,
    attempt_decision,
    attempts_remaining,
    is_fail_final,
)
from microcred.rules.errors import RuleInputError

UOL = shipped_policy("uol")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def failed(text: str) -> Attempt:
    return Attempt(at(text), AttemptResult.FAILED)


def test_r_as3_uol_first_attempt_in_a_window() -> None:
    assert attempt_decision([], at("2026-04-02 10:00"), UOL) == AttemptDecision(
        True, 1, 3, "This is the first attempt; 2 attempts left after it."
    )


def test_r_as3_uol_resit_in_the_same_window_is_refused_with_the_next_window() -> None:
    assert attempt_decision([failed("2026-04-02 10:00")], at("2026-04-06 10:00"), UOL) == AttemptDecision(
        False,
        None,
        2,
        "A resit must be made in a later window than the last attempt; the next opens 1 May 2026 at 00:00.",
    )


def test_r_as3_uol_resit_in_a_later_window() -> None:
    assert attempt_decision([failed("2026-04-02 10:00")], at("2026-05-01 10:00"), UOL) == AttemptDecision(
        True, 2, 2, "This is resit 1 of 2; 1 attempt left after it."
    )


def test_r_as3_uol_last_allowed_resit_then_the_fail_is_final() -> None:
    history = [failed("2026-04-02 10:00"), failed("2026-05-03 10:00")]

    assert attempt_decision(history, at("2026-07-01 10:00"), UOL) == AttemptDecision(
        True, 3, 1, "This is resit 2 of 2; 0 attempts left after it."
    )
    assert attempt_decision([*history, failed("2026-07-01 10:00")], at("2026-08-01 10:00"), UOL) == (
        AttemptDecision(False, None, 0, "All 3 attempts have been used; the Fail is final.")
    )
    assert is_fail_final(3, UOL.assessment.attempts) is True


def test_r_as3_a_resit_outside_any_window_is_refused_by_the_window() -> None:
    decision = attempt_decision([failed("2026-04-02 10:00")], at("2026-04-20 10:00"), UOL)

    assert decision.reason == "No submission window is open; the next opens 1 May 2026 at 00:00."


def test_r_as3_ou_one_attempt_and_a_fail_is_final() -> None:
    ou = shipped_policy("ou")

    assert attempt_decision([failed("2026-05-10 10:00")], at("2026-05-11 10:00"), ou) == AttemptDecision(
        False, None, 0, "The only attempt has been used; the Fail is final."
    )
    assert is_fail_final(1, ou.assessment.attempts) is True


def test_r_as3_ibers_one_resit_at_any_time() -> None:
    ibers = shipped_policy("ibers")

    assert attempt_decision([failed("2026-05-10 10:00")], at("2026-05-10 11:00"), ibers) == AttemptDecision(
        True, 2, 1, "This is resit 1 of 1; 0 attempts left after it."
    )
    assert attempt_decision(
        [failed("2026-05-10 10:00"), failed("2026-05-10 11:00")], at("2026-05-11 10:00"), ibers
    ) == (AttemptDecision(False, None, 0, "All 2 attempts have been used; the Fail is final."))


@pytest.mark.parametrize(
    ("result", "reason"),
    [
        (AttemptResult.PASSED, "The assessment has been passed."),
        (AttemptResult.AWAITING, "The last attempt is still being marked."),
    ],
)
def test_r_as3_no_new_attempt_after_a_pass_or_while_one_is_being_marked(
    result: AttemptResult, reason: str
) -> None:
    decision = attempt_decision([Attempt(at("2026-04-02 10:00"), result)], at("2026-05-02 10:00"), UOL)

    assert (decision.allowed, decision.reason) == (False, reason)


def test_r_as3_attempts_remaining_never_goes_below_zero() -> None:
    assert [attempts_remaining(used, UOL.assessment.attempts) for used in range(5)] == [3, 2, 1, 0, 0]
    with pytest.raises(RuleInputError, match="attempts_used"):
        attempts_remaining(-1, UOL.assessment.attempts)
