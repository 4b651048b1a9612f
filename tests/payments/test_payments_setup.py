"""The payments settings check at start-up, and the read-only admin (entries are never changed, R-EN7)."""

from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.payments.builders import sandbox_pay

from microcred.accounts.models import User
from microcred.payments.checks import payments_settings_check
from microcred.payments.models import Checkout, LedgerEntry


def messages_of_check() -> list[tuple[str, str]]:
    return [(message.id or "", message.msg) for message in payments_settings_check()]


def test_the_test_settings_pass_the_check() -> None:
    assert messages_of_check() == []


def test_an_unknown_provider_stops_start_up(settings: SettingsWrapper) -> None:
    settings.PAYMENTS_PROVIDER = "paypal"

    assert messages_of_check() == [
        ("microcred.E101", "PAYMENTS_PROVIDER: 'paypal' is not one of sandbox, stripe")
    ]


def test_stripe_without_its_keys_stops_start_up(settings: SettingsWrapper) -> None:
    settings.PAYMENTS_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""

    assert messages_of_check() == [
        ("microcred.E102", "STRIPE_SECRET_KEY: must be set when PAYMENTS_PROVIDER is 'stripe'"),
        ("microcred.E102", "STRIPE_WEBHOOK_SECRET: must be set when PAYMENTS_PROVIDER is 'stripe'"),
    ]


def test_a_fulfilment_handler_that_cannot_be_imported_stops_start_up(settings: SettingsWrapper) -> None:
    settings.PAYMENTS_FULFILMENT_HANDLER = "tests.payments.handlers.no_such_handler"

    [(check_id, message)] = messages_of_check()

    assert check_id == "microcred.E103"
    assert message.startswith(
        "PAYMENTS_FULFILMENT_HANDLER: 'tests.payments.handlers.no_such_handler' cannot be imported"
    )


@pytest.mark.parametrize("model", ["ledgerentry", "checkout", "providerevent", "refund"])
def test_the_admin_shows_payments_records_but_cannot_add_change_or_delete_them(
    sandbox_checkout: Callable[..., Checkout],
    client_for: Callable[[User | None], Client],
    platform_admin: User,
    model: str,
) -> None:
    sandbox_pay(sandbox_checkout())
    entry = LedgerEntry.objects.get()
    client = client_for(platform_admin)
    object_id = {
        "ledgerentry": entry.pk,
        "checkout": entry.checkout_id,
        "providerevent": entry.provider_event_id,
    }

    listing = client.get(f"/admin/payments/{model}/")
    adding = client.get(f"/admin/payments/{model}/add/")

    assert (listing.status_code, adding.status_code) == (200, 403)
    if model in object_id:
        detail = client.get(f"/admin/payments/{model}/{object_id[model]}/change/")
        deleting = client.post(f"/admin/payments/{model}/{object_id[model]}/delete/", {"post": "yes"})
        assert (detail.status_code, deleting.status_code) == (200, 403)
    assert LedgerEntry.objects.count() == 1
    assert LedgerEntry.objects.get().amount_minor == 49500


def test_a_registry_officer_does_not_see_payments_in_the_admin(
    client_for: Callable[[User | None], Client], uol_registry: User
) -> None:
    assert client_for(uol_registry).get("/admin/payments/ledgerentry/").status_code == 403
