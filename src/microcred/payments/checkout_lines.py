"""What the layer above asks a learner to pay for, and the checks on it before anything is written."""

from collections.abc import Sequence
from dataclasses import dataclass

from microcred.payments.errors import PaymentInputError
from microcred.payments.models import POSITIVE_KINDS, LedgerEntryKind
from microcred.rules.money import Money, total


@dataclass(frozen=True)
class CheckoutLine:
    """One thing paid for. ``reference`` is the layer above's own name for it (``enrolment:42``); the ledger
    entry posted when it is paid carries it, with ``policy_version`` (R-PO1). ``kind`` is ``charge`` or
    ``top_up`` (R-EN3)."""

    reference: str
    description: str
    price: Money
    policy_version: str
    kind: LedgerEntryKind = LedgerEntryKind.CHARGE

    def as_json(self) -> dict[str, str | int]:
        return {
            "reference": self.reference,
            "description": self.description,
            "amount_minor": self.price.amount_minor,
            "policy_version": self.policy_version,
            "kind": self.kind.value,
        }


def checked_text(field: str, value: str, *, max_length: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PaymentInputError(field, "must not be empty")
    if len(value) > max_length:
        raise PaymentInputError(field, f"must be at most {max_length} characters")
    return value


def checked_amount(field: str, amount: Money, *, currency: str | None = None) -> Money:
    """A positive amount of money, in ``currency`` when one is given."""
    if not isinstance(amount, Money):
        raise PaymentInputError(field, f"must be a Money, got {amount!r}")
    if amount.amount_minor <= 0:
        raise PaymentInputError(field, f"must be more than nothing, got {amount.amount_minor} minor units")
    if currency is not None and amount.currency != currency:
        raise PaymentInputError(field, f"is in {amount.currency}, but the checkout is in {currency}")
    return amount


def checked_lines(lines: Sequence[CheckoutLine]) -> Money:
    """The total of the lines, which must all be in one currency and name distinct references."""
    if not lines:
        raise PaymentInputError("lines", "a checkout needs at least one line")
    currency = lines[0].price.currency if isinstance(lines[0].price, Money) else None
    seen: set[str] = set()
    for index, line in enumerate(lines):
        _checked_line(f"lines[{index}]", line, currency)
        if line.reference in seen:
            raise PaymentInputError(f"lines[{index}].reference", f"{line.reference!r} appears twice")
        seen.add(line.reference)
    return total((line.price for line in lines), lines[0].price.currency)


def _checked_line(where: str, line: CheckoutLine, currency: str | None) -> None:
    checked_text(f"{where}.reference", line.reference, max_length=100)
    checked_text(f"{where}.description", line.description, max_length=200)
    checked_text(f"{where}.policy_version", line.policy_version, max_length=50)
    checked_amount(f"{where}.price", line.price, currency=currency)
    if line.kind not in POSITIVE_KINDS:
        raise PaymentInputError(f"{where}.kind", "must be charge or top_up")
