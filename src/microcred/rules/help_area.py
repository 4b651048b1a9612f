"""R-LE3 (interpretation): a mentor answers help-area questions within a target (OU: 48 hours); staff see
the questions nearing or past it."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from microcred.rules.dates import require_aware
from microcred.rules.errors import RuleInputError
from microcred.rules.policy import HelpPolicy


class AnswerState(StrEnum):
    ANSWERED = "answered"
    WAITING = "waiting"
    NEARING = "nearing"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class AnswerStatus:
    state: AnswerState
    due_at: datetime


def answer_due_at(asked_at: datetime, policy: HelpPolicy) -> datetime:
    # Elapsed hours, counted in UTC: a clock change does not stretch or shrink the target.
    return require_aware(asked_at, "asked_at").astimezone(UTC) + timedelta(hours=policy.answer_target_hours)


def answer_status(asked_at: datetime, answered: bool, now: datetime, policy: HelpPolicy) -> AnswerStatus:
    due_at = answer_due_at(asked_at, policy)
    moment = require_aware(now, "now").astimezone(UTC)
    if moment < asked_at:
        raise RuleInputError("now: cannot be before the question was asked")
    if answered:
        return AnswerStatus(AnswerState.ANSWERED, due_at)
    if moment >= due_at:
        return AnswerStatus(AnswerState.OVERDUE, due_at)
    if moment >= due_at - timedelta(hours=policy.warn_before_hours):
        return AnswerStatus(AnswerState.NEARING, due_at)
    return AnswerStatus(AnswerState.WAITING, due_at)
