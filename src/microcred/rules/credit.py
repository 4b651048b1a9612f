"""R-CR1 credit, notional hours and ECTS; R-CR2 levels in EQF and the QF-EHEA; R-CR4 credit validity."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from microcred.rules.dates import add_years
from microcred.rules.errors import RuleInputError
from microcred.rules.policy import CreditPolicy, Cycle


def _require_credits(credits: int) -> int:
    if isinstance(credits, bool) or not isinstance(credits, int) or credits < 0:
        raise RuleInputError(f"credits: a whole number of 0 or more is required, got {credits!r}")
    return credits


def notional_hours(credits: int, credit: CreditPolicy) -> int:
    """R-CR1: 1 credit = ``hours_per_credit`` notional hours of learning (10 in the UK)."""
    return _require_credits(credits) * credit.hours_per_credit


def ects_credits(credits: int, credit: CreditPolicy) -> Fraction:
    """R-CR1: the exact ECTS value of UK credits (15 UK credits = 15/2 ECTS)."""
    return _require_credits(credits) / credit.uk_credits_per_ects


def _has_finite_decimal(value: Fraction) -> bool:
    denominator = value.denominator
    for factor in (2, 5):
        while denominator % factor == 0:
            denominator //= factor
    return denominator == 1


def format_ects(value: Fraction) -> str:
    """``7.5``, ``30``; a value with no finite decimal is rounded to two places (``3.33``)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    if _has_finite_decimal(value):
        return f"{exact.normalize():f}"
    return f"{exact.quantize(Decimal('0.01')):f}"


@dataclass(frozen=True)
class Level:
    """R-CR2: a level in the provider's framework and where it sits in EQF and the QF-EHEA."""

    framework: str
    level: int
    eqf_level: int
    cycle: Cycle | None

    @property
    def description(self) -> str:
        """``FHEQ level 7 (EQF level 7, QF-EHEA second cycle)``."""
        cycle = f", QF-EHEA {self.cycle.value} cycle" if self.cycle else ""
        return f"{self.framework} level {self.level} (EQF level {self.eqf_level}{cycle})"


def level_of(level: int, credit: CreditPolicy) -> Level:
    for mapping in credit.levels:
        if mapping.level == level:
            return Level(credit.level_framework, level, mapping.eqf_level, mapping.cycle)
    known = ", ".join(str(mapping.level) for mapping in credit.levels)
    raise RuleInputError(f"level: {credit.level_framework} has no level {level!r} (known: {known})")


def credit_expires_on(awarded_on: date, credit: CreditPolicy) -> date | None:
    """R-CR4: the first day credit is no longer valid, or None when it stays valid (UoL)."""
    if credit.validity_years is None:
        return None
    return add_years(awarded_on, credit.validity_years)


def is_credit_valid(awarded_on: date, today: date, credit: CreditPolicy) -> bool:
    expires_on = credit_expires_on(awarded_on, credit)
    return expires_on is None or today < expires_on


def is_credit_within_years(awarded_on: date, today: date, years: int) -> bool:
    """R-CR4/R-AW6: whether credit is no older than ``years`` (a qualification's study duration)."""
    if years < 0:
        raise RuleInputError(f"years: 0 or more is required, got {years}")
    return awarded_on <= today < add_years(awarded_on, years)
