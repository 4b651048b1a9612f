"""Provider events through ``provider_event_handle``, with the sandbox's signed events (the same path as a
webhook): R-EN7 a payment confirmation processed twice changes nothing the second time."""

import json
import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.db.models import Sum
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.payments import handlers
from tests.payments.builders import course_line, sandbox_pay
from tests.payments.payment_factories import CheckoutFactory

from microcred.accounts.models import User
from microcred.payments import services
from microcred.payments.errors import InvalidSignature, MalformedEvent
from microcred.payments.models import Checkout, CheckoutStatus, EventOutcome, LedgerEntry, ProviderEvent
from microcred.payments.providers import sandbox
from microcred.payments.services import EventResult


def ledger_rows() -> list[tuple[str, int, str, str, str, str]]:
    return list(
        LedgerEntry.objects.order_by("id").values_list(
            "kind", "amount_minor", "currency", "reference", "order_reference", "policy_version"
        )
    )


def ledger_sum() -> int:
    return LedgerEntry.objects.aggregate(total=Sum("amount_minor"))["total"] or 0


def paid_event(checkout: Checkout, card_number: str = "4242424242424242") -> tuple[bytes, dict[str, str]]:
    card = sandbox.sandbox_card_for(card_number)
    assert card is not None
    return sandbox.payment_attempt_event(checkout=checkout, card=card)


def test_r_en7_paid_event_marks_paid_posts_one_charge_and_calls_the_handler_once(
    sandbox_checkout: Callable[..., Checkout],
) -> None:
    checkout = sandbox_checkout()

    result = sandbox_pay(checkout)

    checkout.refresh_from_db()
    assert result == EventResult.APPLIED
    assert checkout.status == CheckoutStatus.PAID
    assert checkout.paid_at is not None
    assert checkout.provider_payment_id.startswith("sandbox_pay_4242_")
    assert ledger_rows() == [("charge", 49500, "GBP", "enrolment:42", "order:17", "uol-2025.1")]
    assert handlers.fulfilled == [str(checkout.public_id)]
    event = ProviderEvent.objects.get()
    assert (event.provider, event.event_type, event.outcome, event.checkout_id) == (
        "sandbox",
        "payment.succeeded",
        EventOutcome.APPLIED,
        checkout.pk,
    )
    assert LedgerEntry.objects.get().provider_event_id == event.pk


def test_r_en7_a_checkout_of_two_lines_posts_one_charge_per_line(
    sandbox_checkout: Callable[..., Checkout],
) -> None:
    checkout = sandbox_checkout(
        lines=(course_line("enrolment:42", 49500), course_line("enrolment:43", 10000))
    )

    sandbox_pay(checkout)

    assert checkout.amount_minor == 59500
    assert ledger_rows() == [
        ("charge", 49500, "GBP", "enrolment:42", "order:17", "uol-2025.1"),
        ("charge", 10000, "GBP", "enrolment:43", "order:17", "uol-2025.1"),
    ]
    assert handlers.fulfilled == [str(checkout.public_id)]


def test_r_en7_the_same_event_delivered_twice_changes_the_ledger_once(
    sandbox_checkout: Callable[..., Checkout],
) -> None:
    checkout = sandbox_checkout()
    body, headers = paid_event(checkout)
    first = services.provider_event_handle(provider_name="sandbox", body=body, headers=headers)

    second = services.provider_event_handle(provider_name="sandbox", body=body, headers=headers)

    assert (first, second) == (EventResult.APPLIED, EventResult.DUPLICATE)
    assert LedgerEntry.objects.count() == 1
    assert ledger_sum() == 49500
    assert ProviderEvent.objects.count() == 1
    assert handlers.fulfilled == [str(checkout.public_id)]


def test_r_en7_a_second_payment_of_a_paid_checkout_is_recorded_but_posts_nothing(
    sandbox_checkout: Callable[..., Checkout],
) -> None:
    # A double-submitted sandbox form: two different events, both saying "paid".
    checkout = sandbox_checkout()
    sandbox_pay(checkout)

    result = sandbox_pay(checkout)

    assert result == EventResult.IGNORED
    assert LedgerEntry.objects.count() == 1
    assert ledger_sum() == 49500
    assert handlers.fulfilled == [str(checkout.public_id)]
    ignored = ProviderEvent.objects.get(outcome=EventOutcome.IGNORED)
    assert ignored.note == "the checkout is already paid"


@pytest.mark.parametrize(
    ("card_number", "reason"),
    [
        ("4000000000000002", "Your card was declined."),
        ("4000 0000 0000 9995", "Your card has insufficient funds."),
    ],
)
def test_a_declined_card_posts_nothing_and_says_why(
    sandbox_checkout: Callable[..., Checkout], card_number: str, reason: str
) -> None:
    checkout = sandbox_checkout()

    result = sandbox_pay(checkout, card_number)

    checkout.refresh_from_db()
    assert result == EventResult.APPLIED
    assert (checkout.status, checkout.decline_reason) == (CheckoutStatus.DECLINED, reason)
    assert LedgerEntry.objects.count() == 0
    assert handlers.fulfilled == []


def test_after_a_decline_another_card_can_still_pay(sandbox_checkout: Callable[..., Checkout]) -> None:
    checkout = sandbox_checkout()
    sandbox_pay(checkout, "4000000000000002")

    sandbox_pay(checkout, "4242424242424242")

    checkout.refresh_from_db()
    assert (checkout.status, checkout.decline_reason) == (CheckoutStatus.PAID, "")
    assert ledger_rows() == [("charge", 49500, "GBP", "enrolment:42", "order:17", "uol-2025.1")]


def test_a_cancelled_checkout_posts_nothing(sandbox_checkout: Callable[..., Checkout]) -> None:
    checkout = sandbox_checkout()
    body, headers = sandbox.cancellation_event(checkout=checkout)

    result = services.provider_event_handle(provider_name="sandbox", body=body, headers=headers)

    checkout.refresh_from_db()
    assert result == EventResult.APPLIED
    assert checkout.status == CheckoutStatus.CANCELLED
    assert LedgerEntry.objects.count() == 0
    assert handlers.fulfilled == []


def test_a_payment_after_cancelling_is_ignored(sandbox_checkout: Callable[..., Checkout]) -> None:
    checkout = sandbox_checkout()
    body, headers = sandbox.cancellation_event(checkout=checkout)
    services.provider_event_handle(provider_name="sandbox", body=body, headers=headers)

    result = sandbox_pay(checkout)

    checkout.refresh_from_db()
    assert (result, checkout.status) == (EventResult.IGNORED, CheckoutStatus.CANCELLED)
    assert LedgerEntry.objects.count() == 0


def test_a_tampered_sandbox_event_is_refused_and_nothing_is_recorded(
    sandbox_checkout: Callable[..., Checkout],
) -> None:
    checkout = sandbox_checkout()
    body, headers = paid_event(checkout)
    tampered = body.replace(b'"amount_minor": 49500', b'"amount_minor": 1')

    with pytest.raises(InvalidSignature, match="does not match the body"):
        services.provider_event_handle(provider_name="sandbox", body=tampered, headers=headers)

    assert ProviderEvent.objects.count() == 0
    assert Checkout.objects.get().status == CheckoutStatus.OPEN


def test_an_unsigned_sandbox_event_is_refused(sandbox_checkout: Callable[..., Checkout]) -> None:
    body, _ = paid_event(sandbox_checkout())

    with pytest.raises(InvalidSignature, match="no X-Sandbox-Signature header"):
        services.provider_event_handle(provider_name="sandbox", body=body, headers={})

    assert ProviderEvent.objects.count() == 0


def test_a_signed_event_missing_a_field_is_malformed_and_names_it(
    sandbox_checkout: Callable[..., Checkout],
) -> None:
    checkout = sandbox_checkout()
    body = json.dumps(
        {"id": "evt_sandbox_1", "type": "payment.succeeded", "checkout": str(checkout.public_id)}
    )
    signed = body.encode()

    with pytest.raises(MalformedEvent, match=r"^amount_minor: Field required$"):
        services.provider_event_handle(
            provider_name="sandbox",
            body=signed,
            headers={"X-Sandbox-Signature": sandbox.signature_for(signed)},
        )

    assert ProviderEvent.objects.count() == 0


def test_a_failing_fulfilment_handler_keeps_nothing_so_the_redelivery_applies(
    sandbox_checkout: Callable[..., Checkout], settings: SettingsWrapper
) -> None:
    checkout = sandbox_checkout()
    body, headers = paid_event(checkout)
    settings.PAYMENTS_FULFILMENT_HANDLER = "tests.payments.handlers.fail_fulfilment"
    with pytest.raises(RuntimeError, match="enrolment could not be created"):
        services.provider_event_handle(provider_name="sandbox", body=body, headers=headers)
    assert (ProviderEvent.objects.count(), LedgerEntry.objects.count()) == (0, 0)
    assert Checkout.objects.get().status == CheckoutStatus.OPEN

    settings.PAYMENTS_FULFILMENT_HANDLER = "tests.payments.handlers.record_fulfilment"
    result = services.provider_event_handle(provider_name="sandbox", body=body, headers=headers)

    assert result == EventResult.APPLIED
    assert ledger_sum() == 49500
    assert handlers.fulfilled == [str(checkout.public_id)]


def test_without_a_fulfilment_handler_the_payment_is_still_recorded(
    sandbox_checkout: Callable[..., Checkout], settings: SettingsWrapper
) -> None:
    settings.PAYMENTS_FULFILMENT_HANDLER = ""
    checkout = sandbox_checkout()

    sandbox_pay(checkout)

    assert Checkout.objects.get().status == CheckoutStatus.PAID
    assert ledger_sum() == 49500
    assert handlers.fulfilled == []


def test_a_sandbox_event_cannot_pay_a_stripe_checkout(learner: User) -> None:
    stripe_checkout = CheckoutFactory(learner=learner, provider="stripe")

    result = sandbox_pay(stripe_checkout)

    stripe_checkout.refresh_from_db()
    assert (result, stripe_checkout.status) == (EventResult.IGNORED, CheckoutStatus.OPEN)
    assert ProviderEvent.objects.get().note == "no checkout of this provider matches the event"
    assert LedgerEntry.objects.count() == 0


def test_r_en2_a_payment_of_another_amount_is_not_taken_as_paying_the_checkout(
    sandbox_checkout: Callable[..., Checkout],
) -> None:
    checkout = sandbox_checkout()
    payload = {
        "id": "evt_sandbox_wrong_amount",
        "type": "payment.succeeded",
        "checkout": str(checkout.public_id),
        "amount_minor": 100,
        "currency": "GBP",
        "payment_id": "sandbox_pay_4242_x",
    }
    body = json.dumps(payload).encode()

    result = services.provider_event_handle(
        provider_name="sandbox", body=body, headers={"X-Sandbox-Signature": sandbox.signature_for(body)}
    )

    assert result == EventResult.IGNORED
    assert Checkout.objects.get().status == CheckoutStatus.OPEN
    assert ProviderEvent.objects.get().note == "paid 100 GBP, but the checkout is for 49500 GBP"
    assert LedgerEntry.objects.count() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_r_en7_two_deliveries_of_one_event_at_the_same_moment_post_once_on_postgresql(
    sandbox_checkout: Callable[..., Checkout], settings: SettingsWrapper
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write, so two deliveries cannot overlap")
    # given: a handler slow enough that the first delivery's transaction is still open when the second
    # tries to record the same event id
    settings.PAYMENTS_FULFILMENT_HANDLER = "tests.payments.handlers.record_fulfilment_slowly"
    checkout = sandbox_checkout()
    body, headers = paid_event(checkout)
    barrier = threading.Barrier(2)
    results: list[EventResult] = []
    errors: list[BaseException] = []

    def deliver() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(
                services.provider_event_handle(provider_name="sandbox", body=body, headers=headers)
            )
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # then
    assert errors == []
    assert sorted(results) == [EventResult.APPLIED, EventResult.DUPLICATE]
    assert ProviderEvent.objects.count() == 1
    assert LedgerEntry.objects.count() == 1
    assert ledger_sum() == 49500
    assert handlers.fulfilled == [str(checkout.public_id)]
