"""Builders of the enrolment tests: courses of the three providers, and a purchase through the real services
and the sandbox provider's signed events (the path the sandbox page and a webhook take)."""

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from tests.factories.catalog import CohortFactory, MicrocredentialFactory, ProviderFactory

from microcred.accounts.models import User
from microcred.catalog.models import Cohort, Microcredential, StartMode
from microcred.enrolment import selectors, services
from microcred.enrolment.models import Enrolment, Order
from microcred.payments import services as payment_services
from microcred.payments.providers import sandbox

LONDON = ZoneInfo("Europe/London")
PAYS = "4242424242424242"
DECLINED = "4000000000000002"
PAYS_REFUSES_REFUNDS = "4000000000000341"


def at(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    """A moment in London, for time_machine."""
    return dt.datetime(year, month, day, hour, tzinfo=LONDON)


def uol_course(title: str = "Global Health Policy") -> Microcredential:
    return MicrocredentialFactory(
        provider=ProviderFactory(slug="uol"), title=title, start_mode=StartMode.ANYTIME
    )


def ibers_course(
    title: str = "Plant Breeding 1", release_date: dt.date = dt.date(2026, 1, 15)
) -> Microcredential:
    return MicrocredentialFactory(
        provider=ProviderFactory(slug="ibers"),
        title=title,
        credits=5,
        start_mode=StartMode.RELEASE,
        release_date=release_date,
        assessment_type="report",
    )


def ou_cohort(starts_on: dt.date = dt.date(2027, 1, 11), capacity: int | None = None) -> Cohort:
    course = MicrocredentialFactory(
        provider=ProviderFactory(slug="ou"),
        title="Digital Leadership",
        start_mode=StartMode.COHORT,
        assessment_type="final_assessment",
    )
    return CohortFactory(microcredential=course, starts_on=starts_on, capacity=capacity)


def all_declarations(learner: User) -> set[tuple[str, str]]:
    """R-EN1: every declaration the providers in the learner's cart ask for, ticked."""
    cart = selectors.cart_of(learner)
    return {(group.provider.slug, item.id) for group in cart.declarations for item in group.declarations}


def place(learner: User, key: str | None = None) -> Order:
    return services.order_place(
        learner=learner,
        idempotency_key=key or uuid.uuid4().hex,
        declared=all_declarations(learner),
        return_urls=lambda order: (f"/orders/{order.public_id}/", f"/orders/{order.public_id}/cancelled/"),
    )


def pay(order: Order, card_number: str = PAYS) -> payment_services.EventResult:
    """What the sandbox page does with a test card: a signed event through the webhook's own service."""
    card = sandbox.sandbox_card_for(card_number)
    assert card is not None
    assert order.checkout is not None
    body, headers = sandbox.payment_attempt_event(checkout=order.checkout, card=card)
    return payment_services.provider_event_handle(provider_name="sandbox", body=body, headers=headers)


def buy(
    learner: User,
    course: Microcredential,
    *,
    track: str | None = None,
    cohort: Cohort | None = None,
    card_number: str = PAYS,
) -> Enrolment:
    services.cart_item_add(learner=learner, microcredential=course, track=track, cohort=cohort)
    order = place(learner)
    pay(order, card_number)
    return Enrolment.objects.get(order_line__order=order)


def top_up(learner: User, enrolment: Enrolment, card_number: str = PAYS) -> Order:
    order = services.top_up_order_place(
        learner=learner,
        enrolment=enrolment,
        idempotency_key=uuid.uuid4().hex,
        return_urls=lambda placed: ("/done/", "/cancelled/"),
    )
    pay(order, card_number)
    return order
