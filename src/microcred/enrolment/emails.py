"""The e-mails the enrolment app sends, as plain text. Sent by the tasks in ``tasks.py``, never inside a
request's transaction."""

from django.conf import settings
from django.core.mail import send_mail

from microcred.enrolment.models import Enrolment, EnrolmentRefund, Order
from microcred.enrolment.selectors import registry_officers_of
from microcred.rules.dates import long_date
from microcred.rules.money import Money, total

PLACE_LOST = "the cohort filled up before your payment arrived, so this has been refunded in full"


def _my_learning_url() -> str:
    return f"{settings.SITE_URL}/my/"


def order_confirmation_send(order: Order) -> None:
    lines = list(order.lines.select_related("microcredential", "top_up_of"))
    paid = total((Money(line.amount_minor, line.currency) for line in lines), lines[0].currency)
    rows = []
    for line in lines:
        price = Money(line.amount_minor, line.currency)
        if line.top_up_of_id is not None:
            rows.append(f"- Top-up of {line.microcredential.title} to the credit-bearing track: {price}")
            continue
        enrolment = Enrolment.objects.filter(order_line=line).first()
        if enrolment is None:
            # R-CA2: the place was lost after the seat hold lapsed; order_fulfil refunded the line.
            rows.append(f"- {line.microcredential.title}: {price}; {PLACE_LOST}")
            continue
        rows.append(
            f"- {line.microcredential.title}: {price}; access from {long_date(enrolment.access_starts_on)}"
        )
    body = "\n".join(
        [
            "Thank you: your payment has been received and your order is confirmed."
            if any(PLACE_LOST not in row for row in rows)
            else "Your payment has been received, but the place was taken before it arrived.",
            "",
            *rows,
            "",
            f"Total paid: {paid}",
            f"Order reference: {order.reference}",
            "",
            f"Your courses are in My learning: {_my_learning_url()}",
        ]
    )
    send_mail("[microcred] Your order is confirmed", body, None, [order.learner.email])


def refund_refused_send(record: EnrolmentRefund) -> None:
    """R-EN5: the provider's registry officers hear of every refund the payment provider refused."""
    enrolment = record.enrolment
    provider = enrolment.microcredential.provider
    officers = list(registry_officers_of(provider).values_list("email", flat=True))
    if not officers:
        return
    body = "\n".join(
        [
            f"The payment provider refused a refund of {Money(record.amount_minor, record.currency)}.",
            "",
            f"Learner: {enrolment.learner.email}",
            f"Course: {enrolment.microcredential.title}",
            f"Requested by: {record.requested_by.email} at {record.created_at:%Y-%m-%d %H:%M %Z}",
            f"Reason given: {record.reason}",
            f"Provider's answer: {record.refused_reason or 'no reason given'}",
            "",
            "The enrolment is still active. Refund it by another route, or tell the learner why not.",
        ]
    )
    send_mail(f"[microcred] Refund refused: {enrolment.microcredential.title}", body, None, officers)


def registration_paused_send(enrolment: Enrolment) -> None:
    """R-EN4: the learner must re-register for the new academic year to keep access."""
    body = "\n".join(
        [
            f"Your registration for {enrolment.microcredential.title} runs into a new academic year, so it",
            "needs renewing. Until you re-register, access is paused; nothing you have done is lost.",
            "",
            f"Re-register in My learning: {_my_learning_url()}",
        ]
    )
    send_mail(
        f"[microcred] Re-register for {enrolment.microcredential.title}",
        body,
        None,
        [enrolment.learner.email],
    )
