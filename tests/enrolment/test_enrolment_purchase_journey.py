"""A whole purchase through the pages with Django's test client (R-EN1, R-EN2): cart → declarations →
checkout → the sandbox payment page → the order page → the enrolment in My learning. And the ways it stops:
a declined card, a cancelled payment and bad input leave no enrolment, no access and no ledger entry."""

from collections.abc import Callable

import time_machine
from django.core import mail
from django.test import Client
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks
from tests.enrolment.purchase import DECLINED, at, ibers_course, uol_course

from microcred.accounts.models import User
from microcred.catalog.models import Microcredential
from microcred.enrolment.models import CartItem, Enrolment, EnrolmentStatus, Order
from microcred.payments.models import CheckoutStatus, LedgerEntry

DECLARATIONS = {
    "declaration-uol-degree_or_experience": "on",
    "declaration-uol-english_level": "on",
}


def _to_payment_page(client: Client, course: Microcredential) -> str:
    """Add the course, tick the declarations and press Pay; returns the sandbox page's URL."""
    added = client.post(f"/courses/uol/{course.slug}/enrol/", {})
    assert (added.status_code, added["Location"]) == (302, "/cart/")
    cart = client.get("/cart/")
    key = cart.context["form"].initial["idempotency_key"]
    paid = client.post("/cart/checkout/", {"idempotency_key": key, **DECLARATIONS})
    assert paid.status_code == 302
    return str(paid["Location"])


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_en2_whole_purchase_from_cart_to_access_in_my_learning(
    learner: User,
    client_for: Callable[[User | None], Client],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    # given
    course = uol_course()
    policy = course.provider.policy
    client = client_for(learner)
    # when
    payment_page = _to_payment_page(client, course)
    order = Order.objects.get(learner=learner)
    assert payment_page == f"/payments/sandbox/{order.checkout.public_id}/"
    assert client.get(payment_page).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        paid = client.post(payment_page, {"card_number": "4242 4242 4242 4242", "pay": "pay"})
    # then
    assert paid["Location"] == f"http://testserver/orders/{order.public_id}/"
    done = client.get(paid["Location"])
    assert "You are enrolled" in done.content.decode()
    enrolment = Enrolment.objects.get(learner=learner)
    assert (enrolment.microcredential, enrolment.status, enrolment.track) == (
        course,
        EnrolmentStatus.ACTIVE,
        "credit_bearing",
    )
    assert (str(enrolment.access_starts_on), enrolment.policy_version) == ("2026-03-02", policy.version)
    assert enrolment.declarations == [{"id": item.id, "text": item.text} for item in policy.declarations]
    assert (enrolment.declarations_version, enrolment.declared_at) == (
        policy.declarations_version,
        at(2026, 3, 2),
    )
    assert list(LedgerEntry.objects.values_list("kind", "amount_minor", "reference")) == [
        ("charge", policy.tracks[0].price_minor, enrolment.order_line.reference)
    ]
    assert CartItem.objects.count() == 0
    assert [message.subject for message in mail.outbox] == ["[microcred] Your order is confirmed"]
    assert mail.outbox[0].to == [learner.email]
    my_learning = client.get("/my/").content.decode()
    assert course.title in my_learning
    assert "Active" in my_learning


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_en1_checkout_without_the_declarations_is_a_form_error_and_orders_nothing(
    learner: User, client_for: Callable[[User | None], Client]
) -> None:
    course = uol_course()
    client = client_for(learner)
    client.post(f"/courses/uol/{course.slug}/enrol/", {})
    key = client.get("/cart/").context["form"].initial["idempotency_key"]

    response = client.post(
        "/cart/checkout/", {"idempotency_key": key, "declaration-uol-degree_or_experience": "on"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"declaration-uol-english_level": ["This field is required."]}
    assert Order.objects.count() == 0


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_en2_a_declined_card_leaves_no_enrolment_no_access_and_no_ledger_entry(
    learner: User, client_for: Callable[[User | None], Client]
) -> None:
    course = uol_course()
    client = client_for(learner)
    payment_page = _to_payment_page(client, course)

    declined = client.post(payment_page, {"card_number": DECLINED, "pay": "pay"}, follow=True)

    assert "Your card was declined." in declined.content.decode()
    order = Order.objects.get(learner=learner)
    assert (order.checkout.status, order.fulfilled_at) == (CheckoutStatus.DECLINED, None)
    page = client.get(f"/orders/{order.public_id}/").content.decode()
    assert "Payment declined" in page
    assert "You have not been charged and you are not enrolled." in page
    assert (Enrolment.objects.count(), LedgerEntry.objects.count(), CartItem.objects.count()) == (0, 0, 1)
    assert course.title not in client.get("/my/").content.decode()


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_en2_a_cancelled_payment_says_so_and_keeps_the_cart(
    learner: User, client_for: Callable[[User | None], Client]
) -> None:
    course = uol_course()
    client = client_for(learner)
    payment_page = _to_payment_page(client, course)

    cancelled = client.post(payment_page, {"cancel": "cancel"}, follow=True)

    assert "You have not been charged and you are not enrolled." in cancelled.content.decode()
    assert Order.objects.get().checkout.status == CheckoutStatus.CANCELLED
    assert (Enrolment.objects.count(), LedgerEntry.objects.count(), CartItem.objects.count()) == (0, 0, 1)


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_en2_a_double_clicked_pay_places_one_order(
    learner: User, client_for: Callable[[User | None], Client]
) -> None:
    course = uol_course()
    client = client_for(learner)
    client.post(f"/courses/uol/{course.slug}/enrol/", {})
    key = client.get("/cart/").context["form"].initial["idempotency_key"]

    first = client.post("/cart/checkout/", {"idempotency_key": key, **DECLARATIONS})
    second = client.post("/cart/checkout/", {"idempotency_key": key, **DECLARATIONS})

    assert first["Location"] == second["Location"]
    assert Order.objects.count() == 1


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_en3_an_unknown_track_is_a_form_error_never_a_500(
    learner: User, client_for: Callable[[User | None], Client]
) -> None:
    course = ibers_course()

    response = client_for(learner).post(f"/courses/ibers/{course.slug}/enrol/", {"track": "gold"})

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["track"]
    assert CartItem.objects.count() == 0


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_a_checkout_form_without_its_key_is_a_form_error_never_a_500(
    learner: User, client_for: Callable[[User | None], Client]
) -> None:
    course = uol_course()
    client = client_for(learner)
    client.post(f"/courses/uol/{course.slug}/enrol/", {})

    response = client.post("/cart/checkout/", DECLARATIONS)

    assert response.status_code == 400
    assert response.context["form"].errors == {"idempotency_key": ["This field is required."]}
    assert (Order.objects.count(), LedgerEntry.objects.count()) == (0, 0)


def test_the_cart_needs_a_login(client_for: Callable[[User | None], Client]) -> None:
    assert client_for(None).get("/cart/")["Location"] == "/accounts/login/?next=/cart/"
