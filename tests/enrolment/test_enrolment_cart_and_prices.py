"""The cart: tracks and prices from the provider's policy (R-EN3), prices fixed at checkout (R-EN2), and
when a course can be booked and opens (R-CA2): at once, at the cohort start, never before the release date."""

import datetime as dt

import pytest
import time_machine
from tests.enrolment.purchase import at, buy, ibers_course, ou_cohort, pay, place, uol_course
from tests.factories.catalog import PriceFactory

from microcred.accounts.models import User
from microcred.enrolment import selectors, services
from microcred.enrolment.errors import CohortFull, EnrolmentError, NotBookable
from microcred.enrolment.models import CartItem, Enrolment
from microcred.payments.models import LedgerEntry


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_en3_ibers_tracks_and_prices_are_the_policy_s(learner: User) -> None:
    # given
    learning_only = ibers_course("Plant Breeding 1")
    credit_bearing = ibers_course("Plant Breeding 2")
    policy = learning_only.provider.policy
    # when
    services.cart_item_add(learner=learner, microcredential=learning_only, track="learning_only", cohort=None)
    services.cart_item_add(
        learner=learner, microcredential=credit_bearing, track="credit_bearing", cohort=None
    )
    cart = selectors.cart_of(learner)
    # then
    expected = [
        ("Plant Breeding 1", policy.track("learning_only").name, policy.track("learning_only").price_minor),
        ("Plant Breeding 2", policy.track("credit_bearing").name, policy.track("credit_bearing").price_minor),
    ]
    assert [
        (row.item.microcredential.title, row.track_name, row.price.amount_minor) for row in cart.rows
    ] == expected
    assert cart.total is not None
    assert cart.total.amount_minor == sum(track.price_minor for track in policy.tracks)
    assert [track.id for track in policy.tracks] == ["learning_only", "credit_bearing"]


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_en3_a_provider_with_two_tracks_needs_a_choice(learner: User) -> None:
    course = ibers_course()

    with pytest.raises(EnrolmentError) as refused:
        services.cart_item_add(learner=learner, microcredential=course, track=None, cohort=None)

    assert (refused.value.field, refused.value.message) == (
        "track",
        "Choose how to take the course: Learning only or Credit-bearing.",
    )
    assert CartItem.objects.count() == 0


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_en2_the_price_is_fixed_at_checkout_not_by_a_later_change(learner: User) -> None:
    # given: the course's own price list says £495 until further notice
    course = uol_course()
    PriceFactory(microcredential=course, track="credit_bearing", amount_minor=49500)
    services.cart_item_add(learner=learner, microcredential=course, track=None, cohort=None)
    order = place(learner)
    # when: a new price takes effect before the learner pays
    PriceFactory(
        microcredential=course, track="credit_bearing", amount_minor=59500, effective_from=dt.date(2026, 3, 2)
    )
    pay(order)
    # then
    assert order.checkout is not None
    assert order.checkout.amount_minor == 49500
    assert list(LedgerEntry.objects.values_list("kind", "amount_minor")) == [("charge", 49500)]
    assert selectors.price_of(course, track="credit_bearing", on=dt.date(2026, 3, 2)).amount_minor == 59500


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_ca2_a_release_course_cannot_be_added_before_its_release_date(learner: User) -> None:
    course = ibers_course(release_date=dt.date(2026, 4, 20))

    with pytest.raises(NotBookable) as refused:
        services.cart_item_add(learner=learner, microcredential=course, track="credit_bearing", cohort=None)

    assert refused.value.message == "This course can be booked from its release on 20 April 2026."
    assert CartItem.objects.count() == 0


def test_r_ca2_a_release_course_can_be_bought_from_its_release_date_and_opens_at_once(learner: User) -> None:
    course = ibers_course(release_date=dt.date(2026, 4, 20))

    with time_machine.travel(at(2026, 4, 20), tick=False):
        enrolment = buy(learner, course, track="credit_bearing")

    assert enrolment.access_starts_on == dt.date(2026, 4, 20)


@time_machine.travel(at(2026, 12, 1), tick=False)
def test_r_ca2_a_cohort_enrolment_opens_at_the_cohort_start(learner: User) -> None:
    # given
    cohort = ou_cohort(starts_on=dt.date(2027, 1, 11))
    # when
    enrolment = buy(learner, cohort.microcredential, cohort=cohort)
    # then
    assert (enrolment.cohort, enrolment.access_starts_on) == (cohort, dt.date(2027, 1, 11))
    before = selectors.access_of(enrolment, today=dt.date(2027, 1, 10))
    assert (before.has_access, before.reason) == (False, "Access begins on 11 January 2027.")
    assert selectors.access_of(enrolment, today=dt.date(2027, 1, 11)).has_access is True
    # R-EN5: the refund clock of a cohort course starts with the cohort
    assert selectors.refund_decision_of(enrolment, today=dt.date(2026, 12, 1)).deadline == dt.date(
        2027, 1, 25
    )


@time_machine.travel(at(2026, 12, 1), tick=False)
def test_r_ca2_a_full_cohort_cannot_be_chosen(learner: User, other_learner: User) -> None:
    cohort = ou_cohort(capacity=1)
    buy(other_learner, cohort.microcredential, cohort=cohort)

    with pytest.raises(CohortFull) as refused:
        services.cart_item_add(
            learner=learner, microcredential=cohort.microcredential, track=None, cohort=cohort
        )

    assert (refused.value.field, refused.value.message) == (
        "cohort",
        "The cohort starting 11 January 2027 is full.",
    )
    assert selectors.open_cohorts(cohort.microcredential, today=dt.date(2026, 12, 1)) == []


@time_machine.travel(at(2026, 12, 1), tick=False)
def test_r_ca2_an_order_waiting_for_payment_holds_the_last_place(learner: User, other_learner: User) -> None:
    # given: both put the last place in their carts
    cohort = ou_cohort(capacity=1)
    for person in (learner, other_learner):
        services.cart_item_add(
            learner=person, microcredential=cohort.microcredential, track=None, cohort=cohort
        )
    # when: one goes to payment first
    place(other_learner)
    # then
    with pytest.raises(CohortFull) as refused:
        place(learner)
    assert refused.value.message == (
        "Digital Leadership: The cohort starting 11 January 2027 is full. Choose another start date."
    )
    assert Enrolment.objects.count() == 0


def test_r_ca2_an_unpaid_order_stops_holding_the_place_after_the_hold(
    learner: User, other_learner: User
) -> None:
    with time_machine.travel(at(2026, 12, 1, 10), tick=False):
        cohort = ou_cohort(capacity=1)
        services.cart_item_add(
            learner=other_learner, microcredential=cohort.microcredential, track=None, cohort=cohort
        )
        place(other_learner)

    with time_machine.travel(at(2026, 12, 1, 11), tick=False):
        services.cart_item_add(
            learner=learner, microcredential=cohort.microcredential, track=None, cohort=cohort
        )
        order = place(learner)

    assert order.lines.get().cohort == cohort


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_a_course_held_already_cannot_go_in_the_cart_again(learner: User) -> None:
    course = uol_course()
    buy(learner, course)

    with pytest.raises(EnrolmentError) as refused:
        services.cart_item_add(learner=learner, microcredential=course, track=None, cohort=None)

    assert refused.value.message == "You are already enrolled on Global Health Policy."


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_en2_one_checkout_for_courses_of_two_providers(learner: User) -> None:
    uol = uol_course()
    ibers = ibers_course()
    services.cart_item_add(learner=learner, microcredential=uol, track=None, cohort=None)
    services.cart_item_add(learner=learner, microcredential=ibers, track="learning_only", cohort=None)

    order = place(learner)
    pay(order)

    expected_total = (
        uol.provider.policy.tracks[0].price_minor + ibers.provider.policy.track("learning_only").price_minor
    )
    assert order.checkout is not None
    assert order.checkout.amount_minor == expected_total
    assert sorted(Enrolment.objects.values_list("microcredential__title", "track")) == [
        ("Global Health Policy", "credit_bearing"),
        ("Plant Breeding 1", "learning_only"),
    ]
    # R-EN1: UoL asks for declarations, IBERS for none
    by_title = {e.microcredential.title: e for e in Enrolment.objects.select_related("microcredential")}
    assert len(by_title["Global Health Policy"].declarations) == 2
    assert by_title["Plant Breeding 1"].declarations == []


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_en2_a_course_priced_at_nothing_is_refused_at_checkout_not_a_500(learner: User) -> None:
    course = uol_course()
    PriceFactory(microcredential=course, track="credit_bearing", amount_minor=0)
    services.cart_item_add(learner=learner, microcredential=course, track=None, cohort=None)

    with pytest.raises(EnrolmentError) as refused:
        place(learner)

    assert (
        refused.value.message
        == "Global Health Policy has no price to pay at the moment; remove it from the cart."
    )
    assert Enrolment.objects.count() == 0
