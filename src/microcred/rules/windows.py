"""R-AS2: monthly submission windows. A window opens at 00:00 local time on its first day and closes at the
policy's closing time (23:59) on its last day; a submission made during the closing minute still counts.
Times are aware datetimes and all comparisons are made in UTC, so windows are right across clock changes."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from microcred.rules.dates import long_datetime, require_aware
from microcred.rules.policy import Policy, WindowMode

_CLOSING_MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class Window:
    """One occurrence of a window, in the provider's time zone."""

    opens_at: datetime
    closes_at: datetime

    def contains(self, at: datetime) -> bool:
        moment = require_aware(at).astimezone(UTC)
        end = self.closes_at.astimezone(UTC) + _CLOSING_MINUTE
        return self.opens_at.astimezone(UTC) <= moment < end

    @property
    def description(self) -> str:
        """``1 April 2026 at 00:00 to 7 April 2026 at 23:59``."""
        return f"{long_datetime(self.opens_at)} to {long_datetime(self.closes_at)}"


@dataclass(frozen=True)
class WindowDecision:
    allowed: bool
    window: Window | None
    next_window: Window | None
    reason: str


def windows_in_month(year: int, month: int, policy: Policy) -> tuple[Window, ...]:
    """The month's windows in order (none when submissions are continuous)."""
    windows = policy.assessment.windows
    zone = policy.zone
    spans = sorted(windows.spans, key=lambda span: span.first_day)
    return tuple(
        Window(
            datetime.combine(date(year, month, span.first_day), time(0, 0), tzinfo=zone),
            datetime.combine(date(year, month, span.last_day), windows.closes_at, tzinfo=zone),
        )
        for span in spans
    )


def _months_from(at: datetime, policy: Policy, count: int) -> list[Window]:
    local = at.astimezone(policy.zone)
    index = local.year * 12 + local.month - 1
    result: list[Window] = []
    for offset in range(-1, count):
        year, month = divmod(index + offset, 12)
        result.extend(windows_in_month(year, month + 1, policy))
    return result


def window_at(at: datetime, policy: Policy) -> Window | None:
    """The window open at ``at``, if any (always None when submissions are continuous)."""
    require_aware(at)
    return next((window for window in _months_from(at, policy, 1) if window.contains(at)), None)


def is_window_open(at: datetime, policy: Policy) -> bool:
    if policy.assessment.windows.mode is WindowMode.CONTINUOUS:
        return True
    return window_at(at, policy) is not None


def next_window(at: datetime, policy: Policy) -> Window | None:
    """The first window that opens after ``at`` (None when submissions are continuous)."""
    require_aware(at)
    moment = at.astimezone(UTC)
    return next((window for window in _months_from(at, policy, 2) if window.opens_at > moment), None)


def submission_window_decision(at: datetime, policy: Policy) -> WindowDecision:
    """R-AS2: a submission outside an open window is refused with the date the next one opens."""
    require_aware(at)
    if policy.assessment.windows.mode is WindowMode.CONTINUOUS:
        return WindowDecision(True, None, None, "Submissions are open at any time.")
    current = window_at(at, policy)
    upcoming = next_window(at, policy)
    if current is not None:
        reason = f"The window is open until {long_datetime(current.closes_at)}."
        return WindowDecision(True, current, upcoming, reason)
    opens = long_datetime(upcoming.opens_at) if upcoming else "a date not yet set"
    return WindowDecision(False, None, upcoming, f"No submission window is open; the next opens {opens}.")
