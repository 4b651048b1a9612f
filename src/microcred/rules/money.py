"""R-EN7: money is an integer number of minor units with a currency. No floats anywhere."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import total_ordering

from microcred.rules.errors import RuleInputError

# ISO 4217 symbols and minor-unit exponents of the currencies a page writes with a symbol; any other code is
# written after the amount with two decimals (12.50 CHF).
_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}
_EXPONENTS = {"JPY": 0, "KRW": 0, "ISK": 0}
_CURRENCY = re.compile(r"[A-Z]{3}")


@total_ordering
@dataclass(frozen=True)
class Money:
    amount_minor: int
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.amount_minor, bool) or not isinstance(self.amount_minor, int):
            raise RuleInputError(
                f"amount_minor: an integer number of minor units is required, got {self.amount_minor!r}"
            )
        if not isinstance(self.currency, str) or not _CURRENCY.fullmatch(self.currency):
            raise RuleInputError(f"currency: an ISO 4217 code such as GBP is required, got {self.currency!r}")

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    def _same_currency(self, other: Money) -> None:
        if self.currency != other.currency:
            raise RuleInputError(f"cannot combine {self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount_minor + other.amount_minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount_minor - other.amount_minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount_minor, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same_currency(other)
        return self.amount_minor < other.amount_minor

    @property
    def is_zero(self) -> bool:
        return self.amount_minor == 0

    def __str__(self) -> str:
        return format_money(self)


def total(amounts: Iterable[Money], currency: str) -> Money:
    """The sum of ``amounts``, all in ``currency`` (an empty sum is zero)."""
    result = Money.zero(currency)
    for amount in amounts:
        result += amount
    return result


def format_money(money: Money) -> str:
    """``£495.00``, ``-£5.50``, ``£1,200.00``; a currency without a symbol: ``12.50 CHF``."""
    exponent = _EXPONENTS.get(money.currency, 2)
    major, minor = divmod(abs(money.amount_minor), 10**exponent)
    number = f"{major:,}.{minor:0{exponent}d}" if exponent else f"{major:,}"
    sign = "-" if money.amount_minor < 0 else ""
    symbol = _SYMBOLS.get(money.currency)
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{number} {money.currency}"
