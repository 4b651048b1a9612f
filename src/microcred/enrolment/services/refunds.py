"""R-EN5: refunds of an enrolment. A learner may ask within the window (and not after a summative submission);
a registry officer of the provider may refund at any time with a stated reason, kept with who and when.

A refund the payment provider refuses leaves the enrolment active; the learner is told on the page and the
provider's registry officers by e-mail. A refund that succeeds ends the enrolment."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from microcred.common.hooks import hooks_call
from microcred.common.outbox import outbox_enqueue
from microcred.enrolment import selectors, tasks
from microcred.enrolment.errors import EnrolmentError, NotAllowed
from microcred.enrolment.models import Enrolment, EnrolmentRefund, EnrolmentStatus, OrderLine, RefundOutcome
from microcred.enrolment.services.locks import enrolment_locked
from microcred.payments import services as payment_services
from microcred.payments.errors import PaymentInputError
from microcred.payments.models import Refund, RefundStatus
from microcred.rules.money import Money

LEARNER_REASON = "Requested by the learner within the refund period"
_OUTCOMES = {
    RefundStatus.SUCCEEDED: RefundOutcome.SUCCEEDED,
    RefundStatus.PENDING: RefundOutcome.PENDING,
    RefundStatus.REFUSED: RefundOutcome.REFUSED,
}


def enrolment_refund_request(*, learner: AbstractBaseUser, enrolment: Enrolment) -> EnrolmentRefund:
    """The learner asks for the full refund R-EN5 allows today. Raises NotAllowed, naming the deadline,
    when it is too late."""
    with transaction.atomic():
        locked = _refundable(enrolment)
        if locked.learner_id != learner.pk:
            raise NotAllowed("enrolment", "Only the learner enrolled can ask for this refund.")
        today = selectors.local_today(locked.microcredential.provider.policy)
        decision = selectors.refund_decision_of(locked, today=today)
        if not decision.allowed:
            raise NotAllowed("refund", decision.reason)
        return _refund(locked, requested_by=learner, reason=LEARNER_REASON, is_outside_window=False)


def enrolment_refund_grant(
    *, officer: AbstractBaseUser, enrolment: Enrolment, reason: str
) -> EnrolmentRefund:
    """A registry officer of the course's provider refunds in full, inside the window or outside it; the
    reason is required and kept with the officer and the time (audit)."""
    reason = reason.strip()
    if not reason:
        raise EnrolmentError("reason", "Give the reason for this refund.")
    if len(reason) > 300:
        raise EnrolmentError("reason", "Keep the reason to 300 characters.")
    with transaction.atomic():
        locked = _refundable(enrolment)
        provider = selectors.registry_provider_of(officer)
        if provider is None or provider.pk != locked.microcredential.provider_id:
            raise NotAllowed(
                "officer", "Only a registry officer of the course's provider can grant this refund."
            )
        today = selectors.local_today(provider.policy)
        is_outside = not selectors.refund_decision_of(locked, today=today).allowed
        return _refund(locked, requested_by=officer, reason=reason, is_outside_window=is_outside)


def _refundable(enrolment: Enrolment) -> Enrolment:
    locked = enrolment_locked(enrolment.pk)
    if locked.status == EnrolmentStatus.REFUNDED:
        raise NotAllowed("enrolment", "This enrolment has already been refunded.")
    return locked


def _refund(
    enrolment: Enrolment, *, requested_by: AbstractBaseUser, reason: str, is_outside_window: bool
) -> EnrolmentRefund:
    """Refund the course line, then its top-ups; stop at the first the provider does not refund at once."""
    policy = enrolment.microcredential.provider.policy
    paid = selectors.paid_for(enrolment)
    refunds: list[Refund] = []
    for line in selectors.paid_lines_of(enrolment):
        refund = _line_refund(line, reason, policy.version)
        refunds.append(refund)
        if refund.status != RefundStatus.SUCCEEDED:
            break
    last = refunds[-1]
    record = EnrolmentRefund.objects.create(
        enrolment=enrolment,
        requested_by_id=requested_by.pk,
        reason=reason,
        is_outside_window=is_outside_window,
        amount_minor=paid.amount_minor,
        currency=paid.currency,
        policy_version=policy.version,
        outcome=_OUTCOMES[RefundStatus(last.status)],
        refused_reason=last.refused_reason,
    )
    record.payment_refunds.set(refunds)
    if refunds[0].status == RefundStatus.SUCCEEDED:
        enrolment_end_by_refund(enrolment)
    if record.outcome == RefundOutcome.REFUSED:
        outbox_enqueue(
            tasks.refund_refused_notify.name,
            args=[record.pk],
            key=f"enrolment.refund_refused:{record.pk}",
        )
    return record


def _line_refund(line: OrderLine, reason: str, policy_version: str) -> Refund:
    checkout = line.order.checkout
    if checkout is None:
        raise EnrolmentError("refund", f"{line.reference} was never paid through a checkout.")
    try:
        return payment_services.refund_request(
            checkout=checkout,
            reference=line.reference,
            amount=Money(line.amount_minor, line.currency),
            reason=reason,
            policy_version=policy_version,
        )
    except PaymentInputError as error:
        raise EnrolmentError("refund", f"The payment cannot be refunded: {error.reason}") from None


def enrolment_end_by_refund(enrolment: Enrolment) -> None:
    """R-EN5: a refund ends the enrolment and revokes what it issued (ENROLMENT_REFUNDED_HANDLERS)."""
    enrolment.status = EnrolmentStatus.REFUNDED
    enrolment.ended_at = timezone.now()
    enrolment.save(update_fields=["status", "ended_at"])
    hooks_call("ENROLMENT_REFUNDED_HANDLERS", enrolment_id=enrolment.pk, note="Refunded")
