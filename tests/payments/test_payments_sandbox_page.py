"""The sandbox's local checkout page, driven end to end with Django's test client (R-EN2): a TEST page that
shows the lines and total, takes a test card number, and goes through the webhook's own event path."""

from collections.abc import Callable

import pytest
from django.test import Client
from tests.payments import handlers
from tests.payments.builders import course_line

from microcred.accounts.models import User
from microcred.payments.models import Checkout, CheckoutStatus, LedgerEntry, ProviderEvent


def page_text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_r_en2_the_sandbox_page_takes_a_learner_from_checkout_to_paid(
    sandbox_checkout: Callable[..., Checkout], client_for: Callable[[User | None], Client], learner: User
) -> None:
    # given: the enrolment app opened a checkout for two courses and sent the learner to its page
    checkout = sandbox_checkout(
        lines=(
            course_line("enrolment:42", 49500, description="Introduction to Data Science"),
            course_line("enrolment:43", 10000, description="Research Methods"),
        )
    )
    client = client_for(learner)
    page = page_text(client, checkout.redirect_url)
    assert "TEST payment page" in page
    assert "Introduction to Data Science</td><td>£495.00" in page
    assert "Research Methods</td><td>£100.00" in page
    assert "<strong>£595.00</strong>" in page
    assert "4242 4242 4242 4242" in page

    # when: the learner pays with the test card that succeeds
    response = client.post(
        checkout.redirect_url, {"card_number": "4242 4242 4242 4242", "pay": "pay"}, follow=True
    )

    # then
    checkout.refresh_from_db()
    assert response.redirect_chain == [("/my/", 302)]
    assert (
        "Payment of £595.00 received. This was a sandbox test payment: no money moved."
        in response.content.decode()
    )
    assert checkout.status == CheckoutStatus.PAID
    assert list(LedgerEntry.objects.order_by("id").values_list("kind", "amount_minor", "reference")) == [
        ("charge", 49500, "enrolment:42"),
        ("charge", 10000, "enrolment:43"),
    ]
    assert handlers.fulfilled == [str(checkout.public_id)]
    assert ProviderEvent.objects.get().provider == "sandbox"


def test_any_other_card_number_is_a_form_error_and_records_nothing(
    sandbox_checkout: Callable[..., Checkout], client_for: Callable[[User | None], Client], learner: User
) -> None:
    checkout = sandbox_checkout()

    response = client_for(learner).post(
        checkout.redirect_url, {"card_number": "1234 5678 9012 3456", "pay": "pay"}
    )

    assert response.status_code == 400
    assert "Enter one of the test card numbers listed on this page." in response.content.decode()
    assert ProviderEvent.objects.count() == 0
    assert Checkout.objects.get().status == CheckoutStatus.OPEN


def test_a_declined_card_comes_back_to_the_page_with_a_plain_message(
    sandbox_checkout: Callable[..., Checkout], client_for: Callable[[User | None], Client], learner: User
) -> None:
    checkout = sandbox_checkout()
    client = client_for(learner)

    response = client.post(
        checkout.redirect_url, {"card_number": "4000000000009995", "pay": "pay"}, follow=True
    )

    assert response.redirect_chain == [(checkout.redirect_url, 302)]
    assert "Your card has insufficient funds. You have not been charged." in response.content.decode()
    assert Checkout.objects.get().status == CheckoutStatus.DECLINED
    assert LedgerEntry.objects.count() == 0
    assert handlers.fulfilled == []


def test_cancel_goes_back_to_the_cancel_url_with_a_plain_message(
    sandbox_checkout: Callable[..., Checkout], client_for: Callable[[User | None], Client], learner: User
) -> None:
    checkout = sandbox_checkout()

    response = client_for(learner).post(checkout.redirect_url, {"cancel": "cancel"}, follow=True)

    assert response.redirect_chain[0] == ("/courses/", 302)
    assert "Payment cancelled. You have not been charged." in response.content.decode()
    assert Checkout.objects.get().status == CheckoutStatus.CANCELLED
    assert LedgerEntry.objects.count() == 0


def test_a_paid_checkout_page_has_nothing_left_to_pay(
    sandbox_checkout: Callable[..., Checkout], client_for: Callable[[User | None], Client], learner: User
) -> None:
    checkout = sandbox_checkout()
    client = client_for(learner)
    client.post(checkout.redirect_url, {"card_number": "4242424242424242", "pay": "pay"})

    response = client.post(checkout.redirect_url, {"card_number": "4242424242424242", "pay": "pay"})

    assert response.status_code == 200
    assert "This checkout is paid: there is nothing to pay here." in response.content.decode()
    assert ProviderEvent.objects.count() == 1
    assert LedgerEntry.objects.count() == 1


@pytest.mark.parametrize("persona", ["other_learner", "anonymous"], indirect=True)
def test_only_the_learner_who_owns_a_checkout_can_open_its_page(
    sandbox_checkout: Callable[..., Checkout],
    client_for: Callable[[User | None], Client],
    persona: User | None,
) -> None:
    checkout = sandbox_checkout()
    client = client_for(persona)

    page = client.get(checkout.redirect_url)
    posted = client.post(checkout.redirect_url, {"card_number": "4242424242424242", "pay": "pay"})

    expected = 404 if persona is not None else 302
    assert (page.status_code, posted.status_code) == (expected, expected)
    assert ProviderEvent.objects.count() == 0
    assert Checkout.objects.get().status == CheckoutStatus.OPEN
