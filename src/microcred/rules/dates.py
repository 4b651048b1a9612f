"""Calendar arithmetic the rules share: whole months and years added to a date, dates written for people,
and aware datetimes checked and turned into a provider's local time."""

import calendar
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from microcred.rules.errors import RuleInputError


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months; a day the month lacks becomes its last day (31 Jan + 1 → 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def long_date(day: date) -> str:
    """``1 April 2026``: how a page writes a date."""
    return f"{day.day} {day:%B %Y}"


def long_datetime(moment: datetime) -> str:
    """``7 April 2026 at 23:59``, in the zone ``moment`` carries."""
    return f"{long_date(moment.date())} at {moment:%H:%M}"


def require_aware(moment: datetime, name: str = "at") -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise RuleInputError(f"{name}: a timezone-aware datetime is required, got {moment.isoformat()}")
    return moment


def local_datetime(day: date, wall_time: time, zone: ZoneInfo) -> datetime:
    """The aware instant at which the clocks in ``zone`` show ``wall_time`` on ``day``."""
    return datetime.combine(day, wall_time, tzinfo=zone)
