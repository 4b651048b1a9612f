"""R-EN5: a full refund up to the end of the window (day 0 is the day access began, or the cohort start), not
the day after; a refund ends the enrolment; a refund the payment provider refuses leaves it active and tells
the learner and the provider's registry officers."""

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks, Settings
from tests.enrolment.purchase import PAYS_REFUSES_REFUNDS, at, buy, ibers_course, top_up, uol_course

from microcred.accounts.models import User
from microcred.assessment import services as assessment_services
from microcred.enrolment import selectors, services
from microcred.enrolment.errors import EnrolmentError, NotAllowed
from microcred.enrolment.models import Enrolment, EnrolmentRefund, EnrolmentStatus, RefundOutcome
from microcred.payments.models import LedgerEntry


@pytest.fixture
def bought_on_2_march(learner: User) -> Callable[..., Enrolment]:
    def make(**kwargs: str) -> Enrolment:
        with time_machine.travel(at(2026, 3, 2), tick=False):
            return buy(learner, uol_course(), **kwargs)

    return make


def test_r_en5_refund_on_the_last_day_of_the_window_ends_the_enrolment(
    learner: User, bought_on_2_march: Callable[..., Enrolment]
) -> None:
    # given: access began 2 March; the UoL window is 14 days
    enrolment = bought_on_2_march()
    policy = enrolment.microcredential.provider.policy
    assert policy.refunds.window_days == 14
    # when
    with time_machine.travel(at(2026, 3, 16, 23), tick=False):
        record = services.enrolment_refund_request(learner=learner, enrolment=enrolment)
    # then
    enrolment.refresh_from_db()
    assert (record.outcome, record.is_outside_window, record.requested_by) == (
        RefundOutcome.SUCCEEDED,
        False,
        learner,
    )
    assert (record.amount_minor, record.policy_version) == (policy.tracks[0].price_minor, policy.version)
    assert enrolment.status == EnrolmentStatus.REFUNDED
    assert list(LedgerEntry.objects.order_by("id").values_list("kind", "amount_minor")) == [
        ("charge", policy.tracks[0].price_minor),
        ("refund", -policy.tracks[0].price_minor),
    ]
    assert selectors.access_of(enrolment, today=dt.date(2026, 3, 17)).has_access is False


def test_r_en5_no_refund_the_day_after_the_window(
    learner: User, bought_on_2_march: Callable[..., Enrolment]
) -> None:
    enrolment = bought_on_2_march()

    with time_machine.travel(at(2026, 3, 17, 0), tick=False), pytest.raises(NotAllowed) as refused:
        services.enrolment_refund_request(learner=learner, enrolment=enrolment)

    assert (refused.value.field, refused.value.message) == (
        "refund",
        "The refund period ended on 16 March 2026.",
    )
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE
    assert (EnrolmentRefund.objects.count(), LedgerEntry.objects.count()) == (0, 1)


def test_r_en5_the_enrolment_page_says_until_when_and_then_why_not(
    learner: User, client_for: Callable[[User | None], Client], bought_on_2_march: Callable[..., Enrolment]
) -> None:
    enrolment = bought_on_2_march()
    client = client_for(learner)
    url = f"/my/enrolments/{enrolment.public_id}/"

    with time_machine.travel(at(2026, 3, 16), tick=False):
        inside = client.get(url).content.decode()
    with time_machine.travel(at(2026, 3, 17), tick=False):
        outside = client.get(url).content.decode()
        refused = client.post(f"{url}refund/", follow=True).content.decode()

    assert "A full refund of £495.00 can be requested until 16 March 2026." in inside
    assert "The refund period ended on 16 March 2026." in outside
    assert "No refund: The refund period ended on 16 March 2026." in refused


def test_r_en5_a_refund_refused_by_the_provider_keeps_the_enrolment_and_tells_learner_and_registry(
    learner: User,
    uol_registry: User,
    client_for: Callable[[User | None], Client],
    bought_on_2_march: Callable[..., Enrolment],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    # given: paid with the sandbox card whose refunds are refused
    enrolment = bought_on_2_march(card_number=PAYS_REFUSES_REFUNDS)
    mail.outbox.clear()
    # when
    with (
        time_machine.travel(at(2026, 3, 5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        page = client_for(learner).post(f"/my/enrolments/{enrolment.public_id}/refund/", follow=True)
    # then
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE
    record = EnrolmentRefund.objects.get()
    assert record.outcome == RefundOutcome.REFUSED
    assert record.refused_reason == (
        "The sandbox refuses refunds of payments made with test card 4000 0000 0000 0341."
    )
    assert "The payment provider refused the refund" in page.content.decode()
    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([uol_registry.email], "[microcred] Refund refused: Global Health Policy")
    ]
    assert list(LedgerEntry.objects.values_list("kind", flat=True)) == ["charge"]


def test_r_en5_a_refund_takes_back_the_top_up_too(learner: User) -> None:
    course = ibers_course()
    policy = course.provider.policy
    with time_machine.travel(at(2026, 3, 2), tick=False):
        enrolment = buy(learner, course, track="learning_only")
        top_up(learner, enrolment)

    with time_machine.travel(at(2026, 3, 10), tick=False):
        record = services.enrolment_refund_request(learner=learner, enrolment=enrolment)

    assert policy.top_up is not None
    paid = policy.track("learning_only").price_minor + policy.top_up.price_minor
    assert record.amount_minor == paid
    assert LedgerEntry.objects.filter(kind="refund").count() == 2
    assert sum(LedgerEntry.objects.values_list("amount_minor", flat=True)) == 0


def test_r_en5_a_registry_officer_refunds_outside_the_window_with_a_reason_kept_for_audit(
    learner: User, uol_registry: User, bought_on_2_march: Callable[..., Enrolment]
) -> None:
    enrolment = bought_on_2_march()

    with time_machine.travel(at(2026, 5, 1, 9), tick=False):
        record = services.enrolment_refund_grant(
            officer=uol_registry,
            enrolment=enrolment,
            reason="Serious illness, evidence seen",
        )

    assert (record.requested_by, record.reason, record.is_outside_window) == (
        uol_registry,
        "Serious illness, evidence seen",
        True,
    )
    assert record.created_at == at(2026, 5, 1, 9)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.REFUNDED


def test_r_en5_an_officer_s_refund_needs_a_reason(
    uol_registry: User, bought_on_2_march: Callable[..., Enrolment]
) -> None:
    enrolment = bought_on_2_march()

    with pytest.raises(EnrolmentError) as refused:
        services.enrolment_refund_grant(officer=uol_registry, enrolment=enrolment, reason="  ")

    assert (refused.value.field, refused.value.message) == ("reason", "Give the reason for this refund.")
    assert EnrolmentRefund.objects.count() == 0


def test_r_en5_no_refund_once_a_final_assessment_is_submitted(
    learner: User, settings: Settings, bought_on_2_march: Callable[..., Enrolment]
) -> None:
    # given: the assessment app answers for submissions, and the learner has handed in the final assessment
    settings.ENROLMENT_SUMMATIVE_SUBMISSION_CHECK = "microcred.assessment.selectors.has_summative_submission"
    enrolment = bought_on_2_march()
    with time_machine.travel(at(2026, 3, 3), tick=False):
        assessment_services.submission_create(
            enrolment_id=enrolment.pk,
            learner=learner,
            content=assessment_services.SubmissionContent(
                upload=SimpleUploadedFile("report.txt", b"My project report, in a few words.")
            ),
        )
    # when: still inside the window
    with time_machine.travel(at(2026, 3, 4), tick=False), pytest.raises(NotAllowed) as refused:
        services.enrolment_refund_request(learner=learner, enrolment=enrolment)
    # then
    assert refused.value.message == "No refund once a final assessment has been submitted."
    enrolment.refresh_from_db()
    assert (enrolment.status, EnrolmentRefund.objects.count()) == (EnrolmentStatus.ACTIVE, 0)
