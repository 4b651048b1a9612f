"""R-EN6: a learner who moves to a full postgraduate programme has what they paid for microcredentials
(top-ups included, refunds excluded) taken off the fee of their first module, capped at one module's fee."""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from microcred.rules.money import Money, total
from microcred.rules.policy import Policy, UpgradeDeductionPolicy


class PaymentKind(StrEnum):
    COURSE = "course"
    TOP_UP = "top_up"


@dataclass(frozen=True)
class MicrocredentialPayment:
    amount: Money
    kind: PaymentKind
    refunded: bool = False


@dataclass(frozen=True)
class DeductionDecision:
    allowed: bool
    amount: Money
    counted: Money
    cap: Money | None
    reason: str


def _counts(payment: MicrocredentialPayment, rules: UpgradeDeductionPolicy) -> bool:
    if payment.refunded and rules.excludes_refunded:
        return False
    return payment.kind is PaymentKind.COURSE or rules.includes_top_ups


def upgrade_deduction(payments: Sequence[MicrocredentialPayment], policy: Policy) -> DeductionDecision:
    """How much comes off the first module's fee of a learner who upgrades."""
    nothing = Money.zero(policy.currency)
    rules = policy.upgrade_deduction
    if rules is None:
        return DeductionDecision(False, nothing, nothing, None, f"{policy.name} makes no upgrade deduction.")
    counted = total((payment.amount for payment in payments if _counts(payment, rules)), policy.currency)
    cap = Money(rules.module_fee_minor, policy.currency)
    amount = min(counted, cap)
    if amount == cap and counted > cap:
        reason = (
            f"{counted} paid for microcredentials; the deduction is capped at {cap}, "
            f"the fee of one {rules.module_credits}-credit module."
        )
    else:
        reason = f"{amount} comes off the fee of the first {rules.module_credits}-credit module."
    return DeductionDecision(amount.amount_minor > 0, amount, counted, cap, reason)
