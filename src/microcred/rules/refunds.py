"""R-EN5: a full refund may be asked for up to a number of days after the course starts (for ``anytime``
and ``release`` courses, after access began), and (interpretation) not once a summative attempt is in."""

from dataclasses import dataclass
from datetime import date, timedelta

from microcred.rules.dates import long_date
from microcred.rules.errors import RuleInputError
from microcred.rules.money import Money
from microcred.rules.policy import Policy
from microcred.rules.starts import StartMode


@dataclass(frozen=True)
class RefundDecision:
    allowed: bool
    amount: Money
    # The last day a request is accepted; None when the policy gives no refund right.
    deadline: date | None
    reason: str


def refund_clock_starts_on(
    start_mode: StartMode, course_starts_on: date | None, access_began_on: date | None
) -> date:
    """R-EN5: a cohort course's clock starts with the course; any other with the day access began."""
    if start_mode is StartMode.COHORT:
        if course_starts_on is None:
            raise RuleInputError("course_starts_on: a cohort enrolment needs its cohort's start date")
        return course_starts_on
    if access_began_on is None:
        raise RuleInputError(f"access_began_on: an {start_mode.value} enrolment needs the day access began")
    return access_began_on


def refund_due(
    *,
    paid: Money,
    start_mode: StartMode,
    course_starts_on: date | None,
    access_began_on: date | None,
    has_summative_submission: bool,
    today: date,
    policy: Policy,
) -> RefundDecision:
    """Whether ``paid`` is refunded in full on ``today``. The start day is day 0, so with a 14-day window a
    course starting 1 March may be refunded up to and including 15 March (as UK consumer law counts days)."""
    nothing = Money.zero(paid.currency)
    if policy.refunds is None:
        return RefundDecision(False, nothing, None, f"{policy.name} gives no refund right.")
    starts_on = refund_clock_starts_on(start_mode, course_starts_on, access_began_on)
    deadline = starts_on + timedelta(days=policy.refunds.window_days)
    if has_summative_submission and policy.refunds.refused_after_summative_submission:
        reason = "No refund once a final assessment has been submitted."
        return RefundDecision(False, nothing, deadline, reason)
    if today > deadline:
        return RefundDecision(False, nothing, deadline, f"The refund period ended on {long_date(deadline)}.")
    reason = f"A full refund of {paid} can be requested until {long_date(deadline)}."
    return RefundDecision(True, paid, deadline, reason)
