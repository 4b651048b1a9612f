"""R-AS3: how many attempts at the final assessment a learner has, and when the next may be made. UoL: a
first attempt and two resits, each in a later window; OU: one attempt, a Fail is final; IBERS: one resit."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from microcred.rules.dates import long_datetime, require_aware
from microcred.rules.errors import RuleInputError
from microcred.rules.policy import AttemptPolicy, Policy
from microcred.rules.windows import next_window, submission_window_decision, window_at


class AttemptResult(StrEnum):
    AWAITING = "awaiting"
    PASSED = "passed"
    FAILED = "failed"


@dataclass(frozen=True)
class Attempt:
    """A submitted attempt and what came of it so far."""

    submitted_at: datetime
    result: AttemptResult


@dataclass(frozen=True)
class AttemptDecision:
    allowed: bool
    # The number this attempt takes when allowed (1 = first attempt); None when refused.
    attempt_number: int | None
    attempts_remaining: int
    reason: str


def attempts_remaining(attempts_used: int, policy: AttemptPolicy) -> int:
    if attempts_used < 0:
        raise RuleInputError(f"attempts_used: 0 or more is required, got {attempts_used}")
    return max(policy.max_attempts - attempts_used, 0)


def is_fail_final(attempts_used: int, policy: AttemptPolicy) -> bool:
    """R-AS3: a Fail on the last allowed attempt is final (OU microcredentials: the only attempt)."""
    return attempts_remaining(attempts_used, policy) == 0


def _refused(reason: str, used: int, policy: AttemptPolicy) -> AttemptDecision:
    return AttemptDecision(False, None, attempts_remaining(used, policy), reason)


def _history_refusal(attempts: Sequence[Attempt], policy: AttemptPolicy) -> str | None:
    if any(attempt.result is AttemptResult.PASSED for attempt in attempts):
        return "The assessment has been passed."
    if any(attempt.result is AttemptResult.AWAITING for attempt in attempts):
        return "The last attempt is still being marked."
    if len(attempts) >= policy.max_attempts:
        if policy.max_attempts == 1:
            return "The only attempt has been used; the Fail is final."
        return f"All {policy.max_attempts} attempts have been used; the Fail is final."
    return None


def _later_window_refusal(attempts: Sequence[Attempt], at: datetime, policy: Policy) -> str | None:
    """R-AS3: a resit must be in a later window than the attempt before it."""
    if not attempts or not policy.assessment.attempts.later_window_required:
        return None
    last = max(attempt.submitted_at for attempt in attempts)
    last_window = window_at(last, policy)
    current = window_at(at, policy)
    if last_window is None or current is None or current.opens_at > last_window.opens_at:
        return None
    following = next_window(at, policy)
    opens = long_datetime(following.opens_at) if following else "a date not yet set"
    return f"A resit must be made in a later window than the last attempt; the next opens {opens}."


def attempt_decision(attempts: Sequence[Attempt], at: datetime, policy: Policy) -> AttemptDecision:
    """Whether a submission made at ``at`` may be taken as the next attempt, given the attempts so far."""
    require_aware(at)
    rules = policy.assessment.attempts
    used = len(attempts)
    window = submission_window_decision(at, policy)
    refusal = (
        _history_refusal(attempts, rules)
        or (None if window.allowed else window.reason)
        or _later_window_refusal(attempts, at, policy)
    )
    if refusal is not None:
        return _refused(refusal, used, rules)
    left = attempts_remaining(used + 1, rules)
    kind = "the first attempt" if used == 0 else f"resit {used} of {rules.max_attempts - 1}"
    reason = f"This is {kind}; {left} attempt{'' if left == 1 else 's'} left after it."
    return AttemptDecision(True, used + 1, attempts_remaining(used, rules), reason)
