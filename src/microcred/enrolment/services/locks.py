"""The enrolment app's row locks, in one place: cohorts (places), orders (fulfilment) and enrolments (every
later change). On SQLite ``select_for_update`` is a no-op and writes are serialised by the database itself."""

from django.db.models import QuerySet

from microcred.catalog.models import Cohort
from microcred.enrolment.errors import EnrolmentError
from microcred.enrolment.models import Enrolment, Order


def cohort_locked(cohort_id: int) -> Cohort:
    """Two checkouts racing for the last place take turns here; the second counts the first's order."""
    try:
        return Cohort.objects.select_for_update().get(pk=cohort_id)
    except Cohort.DoesNotExist:
        raise EnrolmentError("cohort", "That cohort no longer exists.") from None


def order_of_checkout_locked(checkout_id: int) -> Order | None:
    return Order.objects.select_for_update().filter(checkout_id=checkout_id).first()


def enrolments_locked() -> QuerySet[Enrolment]:
    return Enrolment.objects.select_for_update(of=("self",))


def enrolment_locked(enrolment_id: int) -> Enrolment:
    return (
        enrolments_locked()
        .select_related("microcredential__provider", "cohort", "order_line")
        .get(pk=enrolment_id)
    )
