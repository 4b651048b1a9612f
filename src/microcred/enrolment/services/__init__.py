"""Every write of the enrolment app: one function per use case, each one transaction.

``order_fulfil`` and ``refund_settle`` are the payments app's hand-off handlers (settings
``PAYMENTS_FULFILMENT_HANDLER`` and ``PAYMENTS_REFUND_HANDLER``)."""

from microcred.enrolment.services.admission import programme_admission_record
from microcred.enrolment.services.cart import cart_item_add, cart_item_remove
from microcred.enrolment.services.fulfilment import order_fulfil, refund_settle
from microcred.enrolment.services.ordering import order_place, top_up_order_place
from microcred.enrolment.services.refunds import enrolment_refund_grant, enrolment_refund_request
from microcred.enrolment.services.registration import enrolment_re_register, registrations_pause

__all__ = [
    "cart_item_add",
    "cart_item_remove",
    "enrolment_re_register",
    "enrolment_refund_grant",
    "enrolment_refund_request",
    "order_fulfil",
    "order_place",
    "programme_admission_record",
    "refund_settle",
    "registrations_pause",
    "top_up_order_place",
]
