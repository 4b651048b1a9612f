"""R-EN7: a payment confirmation processed twice changes nothing the second time: the same event delivered
again, another paid event for the same checkout, or the hand-off called again create no second enrolment."""

import time_machine
from tests.enrolment.purchase import PAYS, at, pay, place, uol_course

from microcred.accounts.models import User
from microcred.enrolment import services
from microcred.enrolment.models import Enrolment, EnrolmentStatus, Order
from microcred.payments import services as payment_services
from microcred.payments.models import LedgerEntry, Refund, RefundStatus
from microcred.payments.providers import sandbox


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_en7_a_replayed_paid_event_enrols_once(learner: User) -> None:
    # given
    services.cart_item_add(learner=learner, microcredential=uol_course(), track=None, cohort=None)
    order = place(learner)
    assert order.checkout is not None
    card = sandbox.sandbox_card_for(PAYS)
    assert card is not None
    body, headers = sandbox.payment_attempt_event(checkout=order.checkout, card=card)
    again, again_headers = sandbox.payment_attempt_event(checkout=order.checkout, card=card)
    # when
    results = [
        payment_services.provider_event_handle(provider_name="sandbox", body=body, headers=headers),
        payment_services.provider_event_handle(provider_name="sandbox", body=body, headers=headers),
        payment_services.provider_event_handle(provider_name="sandbox", body=again, headers=again_headers),
    ]
    order.checkout.refresh_from_db()
    services.order_fulfil(order.checkout)
    # then
    assert [result.value for result in results] == ["applied", "duplicate", "ignored"]
    assert (Enrolment.objects.count(), LedgerEntry.objects.count()) == (1, 1)
    order.refresh_from_db()
    assert order.fulfilled_at == at(2026, 3, 2)


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_en7_a_checkout_of_no_order_is_not_fulfilled(learner: User) -> None:
    from microcred.payments.checkout_lines import CheckoutLine
    from microcred.rules.money import Money

    checkout = payment_services.checkout_create(
        learner=learner,
        lines=(CheckoutLine("other:1", "Something else", Money(100, "GBP"), "1"),),
        order_reference="other:1",
        idempotency_key="other:1",
        success_url="/",
        cancel_url="/",
    )

    services.order_fulfil(checkout)

    assert (Order.objects.count(), Enrolment.objects.count()) == (0, 0)


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_en5_a_refund_confirmed_later_by_the_provider_ends_the_enrolment(learner: User) -> None:
    # given: a refund of the whole course line made at the provider (its dashboard), confirmed by an event
    services.cart_item_add(learner=learner, microcredential=uol_course(), track=None, cohort=None)
    order = place(learner)
    pay(order)
    enrolment = Enrolment.objects.get()
    line = enrolment.order_line
    refund = Refund.objects.create(
        checkout=order.checkout,
        reference=line.reference,
        amount_minor=line.amount_minor,
        currency=line.currency,
        reason="Refunded at the payment provider",
        status=RefundStatus.SUCCEEDED,
    )
    # when
    services.refund_settle(refund)
    # then
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.ended_at) == (EnrolmentStatus.REFUNDED, at(2026, 3, 2))
