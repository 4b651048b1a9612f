"""The checks every attempt passes before it is taken, shared by file, text and test submissions: the
enrolment may sit the assessment (R-EN3), a window is open (R-AS2), and an attempt is left (R-AS3)."""

import datetime as dt

from microcred.assessment import selectors
from microcred.assessment.errors import AttemptRefused, NotEligible
from microcred.enrolment.models import Enrolment
from microcred.rules.policy import Policy


def next_attempt_number(enrolment: Enrolment, *, now: dt.datetime, policy: Policy) -> int:
    """The number the attempt made at ``now`` takes; raises NotEligible or AttemptRefused with the reason,
    which names the date the next window opens when none is open."""
    eligibility = selectors.eligibility_of(enrolment, today=now.astimezone(policy.zone).date())
    if not eligibility.is_eligible:
        raise NotEligible("enrolment", eligibility.reason)
    submissions = selectors.submissions_of_enrolment(enrolment)
    decision = selectors.attempt_decision_for(submissions, at=now, policy=policy)
    if not decision.allowed or decision.attempt_number is None:
        raise AttemptRefused("submission", decision.reason)
    return decision.attempt_number
