"""R-EN3: a learning-only IBERS learner tops up to credit-bearing for the policy's top-up price, before the
registration expires; the top-up is a checkout and a ledger entry of its own."""

import datetime as dt

import pytest
import time_machine
from tests.enrolment.purchase import at, buy, ibers_course, top_up, uol_course

from microcred.accounts.models import User
from microcred.enrolment import selectors
from microcred.enrolment.errors import NotAllowed
from microcred.enrolment.models import Order
from microcred.payments.models import LedgerEntry


def test_r_en3_top_up_moves_the_enrolment_to_credit_bearing_for_the_policy_price(learner: User) -> None:
    # given
    course = ibers_course()
    policy = course.provider.policy
    assert policy.top_up is not None
    with time_machine.travel(at(2026, 3, 2), tick=False):
        enrolment = buy(learner, course, track=policy.top_up.from_track)
    # when
    with time_machine.travel(at(2026, 6, 1), tick=False):
        top_up(learner, enrolment)
    # then
    enrolment.refresh_from_db()
    assert enrolment.track == policy.top_up.to_track
    assert list(LedgerEntry.objects.order_by("id").values_list("kind", "amount_minor")) == [
        ("charge", policy.track(policy.top_up.from_track).price_minor),
        ("top_up", policy.top_up.price_minor),
    ]
    assert selectors.paid_for(enrolment).amount_minor == (
        policy.track(policy.top_up.from_track).price_minor + policy.top_up.price_minor
    )


def test_r_en3_no_top_up_once_the_registration_has_expired(learner: User) -> None:
    course = ibers_course()
    with time_machine.travel(at(2026, 3, 2), tick=False):
        enrolment = buy(learner, course, track="learning_only")
    assert enrolment.registration_expires_on == dt.date(2027, 3, 2)

    with time_machine.travel(at(2027, 3, 2), tick=False), pytest.raises(NotAllowed) as refused:
        top_up(learner, enrolment)

    assert refused.value.message == "The registration expired on 2 March 2027."
    assert (Order.objects.count(), LedgerEntry.objects.count()) == (1, 1)


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_en3_a_credit_bearing_enrolment_has_nothing_to_top_up(learner: User) -> None:
    enrolment = buy(learner, uol_course())

    with pytest.raises(NotAllowed) as refused:
        top_up(learner, enrolment)

    assert refused.value.message == "University of London offers no top-up."


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_en3_a_declined_top_up_changes_nothing(learner: User) -> None:
    enrolment = buy(learner, ibers_course(), track="learning_only")

    top_up(learner, enrolment, card_number="4000000000000002")

    enrolment.refresh_from_db()
    assert enrolment.track == "learning_only"
    assert list(LedgerEntry.objects.values_list("kind", flat=True)) == ["charge"]


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_en3_someone_else_s_enrolment_cannot_be_topped_up(learner: User, other_learner: User) -> None:
    enrolment = buy(learner, ibers_course(), track="learning_only")

    with pytest.raises(NotAllowed):
        top_up(other_learner, enrolment)

    assert Order.objects.count() == 1
