"""Opening a checkout: R-EN2 the price is fixed at checkout, and a double-clicked "Pay" makes one checkout."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection
from tests.factories.accounts import UserFactory
from tests.payments.builders import course_line, sandbox_pay

from microcred.accounts.models import User
from microcred.payments import services
from microcred.payments.checkout_lines import CheckoutLine
from microcred.payments.errors import PaymentInputError
from microcred.payments.models import Checkout, CheckoutStatus, LedgerEntry, LedgerEntryKind
from microcred.rules.money import Money


def test_r_en2_a_checkout_is_the_sum_of_its_lines_and_sends_the_learner_to_the_sandbox_page(
    sandbox_checkout: Callable[..., Checkout], learner: User
) -> None:
    checkout = sandbox_checkout(
        lines=(course_line("enrolment:42", 49500), course_line("enrolment:43", 10000))
    )

    assert (checkout.learner_id, checkout.provider, checkout.status) == (
        learner.pk,
        "sandbox",
        CheckoutStatus.OPEN,
    )
    assert (checkout.amount_minor, checkout.currency) == (59500, "GBP")
    assert checkout.redirect_url == f"/payments/sandbox/{checkout.public_id}/"
    assert checkout.provider_session_id == f"sandbox_cs_{checkout.public_id.hex}"
    assert checkout.lines == [
        {
            "reference": "enrolment:42",
            "description": "Introduction to Data Science",
            "amount_minor": 49500,
            "policy_version": "uol-2025.1",
            "kind": "charge",
        },
        {
            "reference": "enrolment:43",
            "description": "Introduction to Data Science",
            "amount_minor": 10000,
            "policy_version": "uol-2025.1",
            "kind": "charge",
        },
    ]


def test_r_en2_a_double_clicked_pay_returns_the_same_checkout(
    sandbox_checkout: Callable[..., Checkout],
) -> None:
    first = sandbox_checkout(key="order:17:pay")

    second = sandbox_checkout(key="order:17:pay")

    assert second.pk == first.pk
    assert Checkout.objects.count() == 1


def test_r_en2_a_price_change_between_cart_and_payment_does_not_change_what_is_paid(
    sandbox_checkout: Callable[..., Checkout],
) -> None:
    # given: the checkout was opened at the introductory £495
    checkout = sandbox_checkout(key="order:17:pay", lines=(course_line("enrolment:42", 49500),))

    # when: the price list moves to £550 and the learner presses Pay again on the same order
    again = sandbox_checkout(key="order:17:pay", lines=(course_line("enrolment:42", 55000),))
    sandbox_pay(again)

    # then
    assert again.pk == checkout.pk
    assert again.amount_minor == 49500
    assert list(LedgerEntry.objects.values_list("amount_minor", flat=True)) == [49500]


def test_an_idempotency_key_of_another_learner_is_refused(sandbox_checkout: Callable[..., Checkout]) -> None:
    sandbox_checkout(key="order:17:pay")

    with pytest.raises(
        PaymentInputError, match=r"^idempotency_key: is already used by another learner's checkout$"
    ):
        services.checkout_create(
            learner=UserFactory(email="someone.else@example.org"),
            lines=(course_line(),),
            order_reference="order:17",
            idempotency_key="order:17:pay",
            success_url="/my/",
            cancel_url="/courses/",
        )


@pytest.mark.parametrize(
    ("lines", "field", "reason"),
    [
        ((), "lines", "a checkout needs at least one line"),
        ((course_line(amount_minor=0),), "lines[0].price", "must be more than nothing, got 0 minor units"),
        ((course_line(amount_minor=-5),), "lines[0].price", "must be more than nothing, got -5 minor units"),
        (
            (course_line("enrolment:1"), course_line("enrolment:2", currency="EUR")),
            "lines[1].price",
            "is in EUR, but the checkout is in GBP",
        ),
        (
            (course_line("enrolment:1"), course_line("enrolment:1")),
            "lines[1].reference",
            "'enrolment:1' appears twice",
        ),
        ((course_line(policy_version=""),), "lines[0].policy_version", "must not be empty"),
        ((course_line(reference=" "),), "lines[0].reference", "must not be empty"),
    ],
)
def test_a_checkout_that_cannot_be_made_names_the_field_and_keeps_nothing(
    learner: User, lines: tuple[CheckoutLine, ...], field: str, reason: str
) -> None:
    with pytest.raises(PaymentInputError) as raised:
        services.checkout_create(
            learner=learner,
            lines=lines,
            order_reference="order:17",
            idempotency_key="order:17:pay",
            success_url="/my/",
            cancel_url="/courses/",
        )

    assert (raised.value.field, raised.value.reason) == (field, reason)
    assert Checkout.objects.count() == 0


def test_a_top_up_line_posts_a_top_up_entry(sandbox_checkout: Callable[..., Checkout]) -> None:
    line = CheckoutLine(
        reference="top-up:7",
        description="Top up to credit-bearing",
        price=Money(15000, "GBP"),
        policy_version="ibers-2025.1",
        kind=LedgerEntryKind.TOP_UP,
    )
    checkout = sandbox_checkout(lines=(line,))

    sandbox_pay(checkout)

    assert list(LedgerEntry.objects.values_list("kind", "amount_minor", "reference")) == [
        ("top_up", 15000, "top-up:7")
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_r_en2_two_pay_clicks_at_the_same_moment_make_one_checkout_on_postgresql(learner: User) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write, so two requests cannot overlap")
    barrier = threading.Barrier(2)
    made: list[int] = []
    errors: list[BaseException] = []

    def click() -> None:
        try:
            barrier.wait(timeout=10)
            checkout = services.checkout_create(
                learner=learner,
                lines=(course_line(),),
                order_reference="order:17",
                idempotency_key="order:17:pay",
                success_url="/my/",
                cancel_url="/courses/",
            )
            made.append(checkout.pk)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(made) == 2
    assert made[0] == made[1]
    assert Checkout.objects.count() == 1
