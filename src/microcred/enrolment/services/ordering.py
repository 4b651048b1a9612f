"""Turning a cart (or a top-up) into an order and a checkout at the payment provider. The price of each line
is fixed here (R-EN2): a price change between the cart and the payment does not change what is paid."""

from collections.abc import Callable, Collection, Sequence

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from microcred.catalog.models import Cohort, Microcredential
from microcred.enrolment import selectors
from microcred.enrolment.errors import (
    AlreadyEnrolled,
    CohortFull,
    DeclarationsMissing,
    EnrolmentError,
    NotAllowed,
    PaymentUnavailable,
)
from microcred.enrolment.models import CartItem, Enrolment, EnrolmentStatus, Order, OrderKind, OrderLine
from microcred.enrolment.services.cart import booking_checked
from microcred.enrolment.services.locks import cohort_locked
from microcred.payments import services as payment_services
from microcred.payments.checkout_lines import CheckoutLine
from microcred.payments.errors import PaymentInputError, ProviderUnavailable
from microcred.payments.models import LedgerEntryKind
from microcred.rules.dates import long_date
from microcred.rules.money import Money

# (success URL, cancel URL) for an order: the pages are the web layer's, so it says where they are.
ReturnUrls = Callable[[Order], tuple[str, str]]
# R-EN1: a declaration ticked, as (provider slug, declaration id).
Declared = tuple[str, str]


def order_place(
    *,
    learner: AbstractBaseUser,
    idempotency_key: str,
    declared: Collection[Declared],
    return_urls: ReturnUrls,
) -> Order:
    """Order everything in the cart and open one checkout for it (R-EN2). The same ``idempotency_key`` (one
    per cart page shown) returns the order it first made, so a double click orders once."""
    with transaction.atomic():
        order = _order_new(learner, OrderKind.PURCHASE, idempotency_key)
        if order.checkout_id is not None:
            return order
        items = list(selectors.cart_items_of(learner))
        if not items:
            raise EnrolmentError("cart", "Your cart is empty.")
        _declarations_check(items, declared)
        lines = [_line_for(order, item) for item in items]
        _checkout_open(order, lines, return_urls)
    return order


def top_up_order_place(
    *, learner: AbstractBaseUser, enrolment: Enrolment, idempotency_key: str, return_urls: ReturnUrls
) -> Order:
    """R-EN3: order the top-up of a learning-only enrolment to the credit-bearing track, for the policy's
    top-up price, before the registration expires."""
    with transaction.atomic():
        order = _order_new(learner, OrderKind.TOP_UP, idempotency_key)
        if order.checkout_id is not None:
            return order
        if enrolment.learner_id != learner.pk or enrolment.status == EnrolmentStatus.REFUNDED:
            raise NotAllowed("enrolment", "Only an enrolment of yours that has not ended can be topped up.")
        policy = enrolment.microcredential.provider.policy
        decision = selectors.top_up_decision_of(enrolment, today=selectors.local_today(policy))
        if not decision.allowed or decision.price is None or decision.to_track is None:
            raise NotAllowed("track", decision.reason)
        line = _line_new(
            order,
            enrolment.microcredential,
            track=decision.to_track,
            price=decision.price,
            top_up_of=enrolment,
            cohort=enrolment.cohort,
        )
        _checkout_open(order, [line], return_urls)
    return order


def _order_new(learner: AbstractBaseUser, kind: OrderKind, idempotency_key: str) -> Order:
    """A new order, or the one this key already made. The savepoint keeps the transaction usable when a
    concurrent double click inserted the same key first."""
    key = idempotency_key.strip()
    if not key or len(key) > 100:
        raise EnrolmentError("idempotency_key", "The form has expired: reload the page and try again.")
    existing = Order.objects.filter(learner_id=learner.pk, idempotency_key=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Order.objects.create(learner_id=learner.pk, kind=kind, idempotency_key=key)
    except IntegrityError:
        return Order.objects.get(learner_id=learner.pk, idempotency_key=key)


def _declarations_check(items: Sequence[CartItem], declared: Collection[Declared]) -> None:
    providers = {item.microcredential.provider_id: item.microcredential.provider for item in items}
    for group in selectors.declarations_of(providers.values()):
        for declaration in group.declarations:
            if (group.provider.slug, declaration.id) not in declared:
                raise DeclarationsMissing(
                    f"declaration-{group.provider.slug}-{declaration.id}",
                    f"Confirm this to buy courses of {group.provider.name}: {declaration.text}",
                )


def _line_for(order: Order, item: CartItem) -> OrderLine:
    """The line of one cart item, re-checked now: the course may have filled up or started since."""
    course = item.microcredential
    if selectors.live_enrolment_exists(order.learner, course):
        raise AlreadyEnrolled("cart", f"You are already enrolled on {course.title}: remove it from the cart.")
    cohort = cohort_locked(item.cohort_id) if item.cohort_id is not None else None
    try:
        booking_checked(course, cohort)
    except CohortFull as error:
        raise CohortFull("cart", f"{course.title}: {error.message} Choose another start date.") from None
    except EnrolmentError as error:
        raise EnrolmentError("cart", f"{course.title}: {error.message}") from None
    policy = course.provider.policy
    price = selectors.price_of(course, track=item.track, on=selectors.local_today(policy))
    if price.amount_minor <= 0:
        # Free places are not sold through a checkout; a zero price list entry is a catalogue mistake.
        raise EnrolmentError(
            "cart", f"{course.title} has no price to pay at the moment; remove it from the cart."
        )
    return _line_new(order, course, track=item.track, price=price, cohort=cohort)


def _line_new(
    order: Order,
    course: Microcredential,
    *,
    track: str,
    price: Money,
    cohort: Cohort | None,
    top_up_of: Enrolment | None = None,
) -> OrderLine:
    kind = "line" if top_up_of is None else "top-up"
    line = OrderLine(
        order=order,
        microcredential=course,
        provider=course.provider,
        track=track,
        cohort=cohort,
        top_up_of=top_up_of,
        amount_minor=price.amount_minor,
        currency=price.currency,
        policy_version=course.provider.policy.version,
    )
    line.reference = f"{course.provider.slug}:{kind}:{line.public_id}"
    group = next(iter(selectors.declarations_of([course.provider])), None)
    if group is not None and top_up_of is None:
        # R-EN1: the exact text ticked, its version and when.
        line.declarations = [{"id": item.id, "text": item.text} for item in group.declarations]
        line.declarations_version = group.version
        line.declared_at = timezone.now()
    line.save(force_insert=True)
    return line


def _description(line: OrderLine) -> str:
    policy = line.provider.policy
    track = policy.track(line.track)
    track_name = track.name if track else line.track
    if line.top_up_of_id is not None:
        text = f"Top-up to {track_name}: {line.microcredential.title}"
    elif line.cohort is not None:
        text = f"{line.microcredential.title} ({track_name}, starting {long_date(line.cohort.starts_on)})"
    else:
        text = f"{line.microcredential.title} ({track_name})"
    return text[:200]


def _checkout_open(order: Order, lines: Sequence[OrderLine], return_urls: ReturnUrls) -> None:
    success_url, cancel_url = return_urls(order)
    checkout_lines = [
        CheckoutLine(
            reference=line.reference,
            description=_description(line),
            price=Money(line.amount_minor, line.currency),
            policy_version=line.policy_version,
            kind=LedgerEntryKind.TOP_UP if line.top_up_of_id else LedgerEntryKind.CHARGE,
        )
        for line in lines
    ]
    try:
        checkout = payment_services.checkout_create(
            learner=order.learner,
            lines=checkout_lines,
            order_reference=order.reference,
            idempotency_key=order.reference,
            success_url=success_url,
            cancel_url=cancel_url,
        )
    except ProviderUnavailable:
        raise PaymentUnavailable(
            "payment",
            "The payment provider cannot be reached just now. Nothing was charged; try again shortly.",
        ) from None
    except PaymentInputError as error:
        raise EnrolmentError("cart", f"These courses cannot be paid for together: {error.reason}") from None
    order.checkout = checkout
    order.save(update_fields=["checkout"])
