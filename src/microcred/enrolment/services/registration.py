"""R-EN4: a registration that spans the start of an academic year is paused at that start until the learner
re-registers; re-registering restores it with nothing lost (progress and work are never touched here)."""

import datetime as dt

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from microcred.common.outbox import outbox_enqueue
from microcred.enrolment import selectors, tasks
from microcred.enrolment.errors import NotAllowed
from microcred.enrolment.models import Enrolment, EnrolmentStatus
from microcred.enrolment.services.locks import enrolment_locked, enrolments_locked
from microcred.rules.registration import AccessState, registration_access


@transaction.atomic
def registrations_pause(*, today: dt.date) -> list[int]:
    """Pause every active enrolment whose registration the rules say needs renewing on ``today``, and e-mail
    each learner once. Run again the same day (or any later day) it pauses nothing twice: paused enrolments
    are no longer active. Returns the ids paused."""
    candidates = (
        enrolments_locked()
        .filter(status=EnrolmentStatus.ACTIVE, registration_expires_on__gt=today)
        .select_related("microcredential__provider")
        .order_by("id")
    )
    paused = []
    for enrolment in candidates:
        registration = enrolment.microcredential.provider.policy.registration
        if registration is None:
            continue
        verdict = registration_access(
            enrolment.registered_on, enrolment.re_registered_on, today, registration
        )
        if verdict.state is not AccessState.PAUSED:
            continue
        enrolment.status = EnrolmentStatus.PAUSED
        enrolment.paused_on = today
        enrolment.save(update_fields=["status", "paused_on"])
        # Keyed by the day it was paused: a registration paused again in a later year is told again.
        outbox_enqueue(
            tasks.registration_paused_notify.name,
            args=[enrolment.pk],
            key=f"enrolment.registration_paused:{enrolment.pk}:{today.isoformat()}",
        )
        paused.append(enrolment.pk)
    return paused


@transaction.atomic
def enrolment_re_register(*, learner: AbstractBaseUser, enrolment: Enrolment) -> Enrolment:
    """The learner renews a paused registration for the academic year that has begun (R-EN4)."""
    locked = enrolment_locked(enrolment.pk)
    if locked.learner_id != learner.pk:
        raise NotAllowed("enrolment", "Only the learner enrolled can re-register.")
    today = selectors.local_today(locked.microcredential.provider.policy)
    access = selectors.access_of(locked, today=today)
    if not access.is_paused:
        raise NotAllowed("enrolment", "This enrolment does not need re-registering.")
    locked.status = EnrolmentStatus.ACTIVE
    locked.re_registered_on = today
    locked.paused_on = None
    locked.save(update_fields=["status", "re_registered_on", "paused_on"])
    return locked
