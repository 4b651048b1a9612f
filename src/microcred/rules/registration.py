"""R-EN4: a registration lasts a set number of months (IBERS: one year). One that runs past the start of
the next academic year (1 September) must be renewed then; until it is, access is paused and
nothing is lost."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from microcred.rules.dates import add_months, long_date
from microcred.rules.errors import RuleInputError
from microcred.rules.policy import RegistrationPolicy


class AccessState(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    EXPIRED = "expired"
    NOT_STARTED = "not_started"


@dataclass(frozen=True)
class RegistrationAccess:
    state: AccessState
    expires_on: date
    re_registration_due_on: date | None
    reason: str

    @property
    def has_access(self) -> bool:
        return self.state is AccessState.ACTIVE


def registration_expires_on(registered_on: date, policy: RegistrationPolicy) -> date:
    """The first day the registration no longer gives access (registered 15 March 2026 → 15 March 2027)."""
    return add_months(registered_on, policy.duration_months)


def academic_year_starts_spanned(registered_on: date, policy: RegistrationPolicy) -> tuple[date, ...]:
    """Academic-year starts that fall inside the registration, after the day it was made."""
    expires_on = registration_expires_on(registered_on, policy)
    month, day = policy.academic_year_start_month, policy.academic_year_start_day
    candidates = (date(year, month, day) for year in range(registered_on.year, expires_on.year + 1))
    return tuple(start for start in candidates if registered_on < start < expires_on)


def re_registration_due_on(registered_on: date, policy: RegistrationPolicy) -> date | None:
    """The first academic-year start at which the learner must re-register, or None if none is spanned."""
    if not policy.re_registration_required:
        return None
    spanned = academic_year_starts_spanned(registered_on, policy)
    return spanned[0] if spanned else None


def registration_access(
    registered_on: date, last_re_registered_on: date | None, today: date, policy: RegistrationPolicy
) -> RegistrationAccess:
    """Whether the registration gives access on ``today``. A re-registration counts for the academic year
    whose start it was made on or after."""
    if last_re_registered_on is not None and last_re_registered_on < registered_on:
        raise RuleInputError("last_re_registered_on: cannot be before the registration was made")
    expires_on = registration_expires_on(registered_on, policy)
    due_on = re_registration_due_on(registered_on, policy)
    if today < registered_on:
        return RegistrationAccess(
            AccessState.NOT_STARTED, expires_on, due_on, "The registration has not begun."
        )
    if today >= expires_on:
        reason = f"The registration expired on {long_date(expires_on)}."
        return RegistrationAccess(AccessState.EXPIRED, expires_on, due_on, reason)
    pending = _unrenewed_start(registered_on, last_re_registered_on, today, policy)
    if pending is not None:
        reason = (
            f"Access is paused until you re-register for the academic year that began {long_date(pending)}."
        )
        return RegistrationAccess(AccessState.PAUSED, expires_on, pending, reason)
    reason = f"Registered until {long_date(expires_on)}."
    return RegistrationAccess(AccessState.ACTIVE, expires_on, due_on, reason)


def _unrenewed_start(
    registered_on: date, last_re_registered_on: date | None, today: date, policy: RegistrationPolicy
) -> date | None:
    if not policy.re_registration_required:
        return None
    passed = [start for start in academic_year_starts_spanned(registered_on, policy) if start <= today]
    if not passed:
        return None
    latest = passed[-1]
    if last_re_registered_on is not None and last_re_registered_on >= latest:
        return None
    return latest
