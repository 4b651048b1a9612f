"""R-EN4: an IBERS registration lasts a year; one that spans 1 September is paused then, by a task that is
safe to run any day and any number of times, until the learner re-registers, with nothing lost."""

import datetime as dt
from collections.abc import Callable

import time_machine
from django.core import mail
from django.test import Client
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks
from tests.enrolment.purchase import at, buy, ibers_course, uol_course

from microcred.accounts.models import User
from microcred.enrolment import selectors, tasks
from microcred.enrolment.models import Enrolment, EnrolmentStatus


def _pause_on(day: dt.datetime, capture: DjangoCaptureOnCommitCallbacks) -> int:
    with time_machine.travel(day, tick=False), capture(execute=True):
        return int(tasks.registrations_pause_for_new_academic_year.delay().get())


def test_r_en4_a_registration_spanning_1_september_is_paused_then_and_restored_by_re_registering(
    learner: User,
    client_for: Callable[[User | None], Client],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    # given: registered 10 March 2026, for a year
    with time_machine.travel(at(2026, 3, 10), tick=False):
        enrolment = buy(learner, ibers_course(), track="credit_bearing")
        uol = buy(learner, uol_course())
    assert enrolment.registration_expires_on == dt.date(2027, 3, 10)
    mail.outbox.clear()
    # when / then: nothing happens before the academic year starts
    assert _pause_on(at(2026, 8, 31, 23), django_capture_on_commit_callbacks) == 0
    # on 1 September it is paused, once, with one e-mail
    assert _pause_on(at(2026, 9, 1, 0), django_capture_on_commit_callbacks) == 1
    assert _pause_on(at(2026, 9, 1, 12), django_capture_on_commit_callbacks) == 0
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.paused_on) == (EnrolmentStatus.PAUSED, dt.date(2026, 9, 1))
    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([learner.email], "[microcred] Re-register for Plant Breeding 1")
    ]
    paused = selectors.access_of(enrolment, today=dt.date(2026, 9, 2))
    assert (paused.has_access, paused.is_paused) == (False, True)
    # re-registering restores it, and the task leaves it alone afterwards
    with time_machine.travel(at(2026, 9, 3), tick=False):
        client_for(learner).post(f"/my/enrolments/{enrolment.public_id}/re-register/")
    assert _pause_on(at(2026, 9, 4), django_capture_on_commit_callbacks) == 0
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.re_registered_on, enrolment.track) == (
        EnrolmentStatus.ACTIVE,
        dt.date(2026, 9, 3),
        "credit_bearing",
    )
    assert selectors.access_of(enrolment, today=dt.date(2026, 9, 4)).has_access is True
    # UoL registrations are not renewed: no registration section in its policy
    assert Enrolment.objects.get(pk=uol.pk).status == EnrolmentStatus.ACTIVE


def test_r_en4_a_registration_within_one_academic_year_is_never_paused(
    learner: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    # A registration made on 1 September itself runs to the next 1 September: nothing to renew.
    with time_machine.travel(at(2026, 9, 1), tick=False):
        enrolment = buy(learner, ibers_course(), track="learning_only")

    assert _pause_on(at(2026, 9, 1, 12), django_capture_on_commit_callbacks) == 0
    assert _pause_on(at(2027, 8, 31), django_capture_on_commit_callbacks) == 0
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE
    expired = selectors.access_of(enrolment, today=dt.date(2027, 9, 1))
    assert (expired.has_access, expired.reason) == (False, "The registration expired on 1 September 2027.")


def test_r_en4_an_active_enrolment_needs_no_re_registration(
    learner: User, client_for: Callable[[User | None], Client]
) -> None:
    with time_machine.travel(at(2026, 3, 10), tick=False):
        enrolment = buy(learner, ibers_course(), track="learning_only")
        page = client_for(learner).post(f"/my/enrolments/{enrolment.public_id}/re-register/", follow=True)

    assert "This enrolment does not need re-registering." in page.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.re_registered_on is None
