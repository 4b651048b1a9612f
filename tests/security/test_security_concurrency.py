"""Races on PostgreSQL, each racer a thread with its own database connection, started together at a barrier:
never a double charge, a lost mark or a double award. SQLite serialises every write, so these are skipped
there. The plain races are proven next to their services: two checkouts for the last place
(tests/enrolment/test_enrolment_race.py), one event delivered twice (tests/payments/test_payments_events.py),
two markers saving (tests/assessment/test_assessment_concurrency.py) and two claims of one credit
(tests/awards/test_awards_claims.py). These are the races those leave out. The first found that a payment
arriving after its 30-minute seat hold lapsed enrolled its learner even when someone else had taken the last
place since; fulfilment now gives such a payment back, and the plain case of that runs on SQLite too."""

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from tests.assessment.builders import at, course, enrolment_for, marked, staff, submit_file
from tests.awards.awards_builders import credits_for, ids
from tests.enrolment.purchase import at as london
from tests.enrolment.purchase import ou_cohort, pay, place
from tests.factories.accounts import UserFactory

from microcred.assessment import services as assessment_services
from microcred.assessment.errors import AssessmentError
from microcred.assessment.models import Credit, MarkEvent, MarkEventKind, Submission
from microcred.awards.errors import AwardError
from microcred.awards.models import AwardClaim, AwardEvent, ClaimStatus
from microcred.awards.services import award_claim, award_confer, award_refuse
from microcred.catalog.models import Provider
from microcred.common.roles import Role
from microcred.enrolment import services as enrolment_services
from microcred.enrolment.models import CartItem, Enrolment, EnrolmentStatus, Order
from microcred.payments.models import LedgerEntry, LedgerEntryKind, ProviderEvent, Refund, RefundStatus
from microcred.payments.providers import sandbox


@pytest.fixture
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write, so two writers cannot overlap")


def racing(test: Callable[..., None]) -> Callable[..., None]:
    """A race: real connections (no test transaction around them), on PostgreSQL only."""
    for mark in (
        pytest.mark.postgres,
        pytest.mark.django_db(transaction=True),
        pytest.mark.usefixtures("_postgresql_only"),
    ):
        test = mark(test)
    return test


def race(*racers: Callable[[], Any], expected: type[Exception] = Exception) -> tuple[list[Any], list[str]]:
    """Run the racers at once; what each returned, and the messages of the ``expected`` refusals. Any other
    exception fails the test."""
    barrier = threading.Barrier(len(racers))
    results: list[Any] = []
    refusals: list[str] = []
    errors: list[BaseException] = []

    def run(racer: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(racer())
        except expected as refusal:
            refusals.append(getattr(refusal, "message", str(refusal)))
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(racer,)) for racer in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results, refusals


def _ordered(learner_email: str, cohort) -> Order:  # type: ignore[no-untyped-def]
    learner = UserFactory(email=learner_email)
    enrolment_services.cart_item_add(
        learner=learner, microcredential=cohort.microcredential, track=None, cohort=cohort
    )
    return place(learner)


@racing
def test_r_ca2_a_late_payment_and_the_new_holders_payment_at_once_fill_the_last_place_once() -> None:
    # given: the first learner's 30-minute hold on the last place lapsed unpaid, so a second learner took
    # it; then both pay at the same moment
    with time_machine.travel(london(2026, 12, 1), tick=False):
        cohort = ou_cohort(capacity=1)
        late = _ordered("late@example.org", cohort)
    with time_machine.travel(london(2026, 12, 1) + dt.timedelta(minutes=31), tick=False):
        holder = _ordered("holder@example.org", cohort)
        # when
        race(lambda: pay(late), lambda: pay(holder))
    # then: the holder has the place; the late payer has all their money back
    enrolled = list(Enrolment.objects.filter(cohort=cohort).values_list("learner__email", "status"))
    assert enrolled == [("holder@example.org", EnrolmentStatus.ACTIVE)]
    assert list(Refund.objects.values_list("checkout__learner__email", "status", "amount_minor")) == [
        ("late@example.org", RefundStatus.SUCCEEDED, late.checkout.amount_minor)
    ]
    assert ledger_of("late@example.org") == 0
    assert ledger_of("holder@example.org") == holder.checkout.amount_minor
    told = {message.to[0]: message.body.splitlines()[0] for message in mail.outbox}
    assert told == {
        "late@example.org": "Your payment has been received, but the place was taken before it arrived.",
        "holder@example.org": "Thank you: your payment has been received and your order is confirmed.",
    }


@pytest.mark.django_db
def test_r_ca2_a_payment_after_the_hold_lapsed_and_the_place_was_taken_is_refunded_in_full() -> None:
    with time_machine.travel(london(2026, 12, 1), tick=False):
        cohort = ou_cohort(capacity=1)
        late = _ordered("late@example.org", cohort)
    with time_machine.travel(london(2026, 12, 1) + dt.timedelta(minutes=31), tick=False):
        pay(_ordered("holder@example.org", cohort))
        pay(late)

    assert list(Enrolment.objects.values_list("learner__email", flat=True)) == ["holder@example.org"]
    assert (ledger_of("late@example.org"), ledger_of("holder@example.org")) == (0, late.checkout.amount_minor)
    assert list(CartItem.objects.values_list("learner__email", flat=True)) == ["late@example.org"]


def ledger_of(email: str) -> int:
    return sum(LedgerEntry.objects.filter(learner__email=email).values_list("amount_minor", flat=True))


@racing
def test_r_ca2_two_late_payments_for_one_free_place_at_once_enrol_one_and_refund_the_other() -> None:
    # given: two learners' holds on the last place lapsed unpaid, so the place is free again
    cohort = ou_cohort(capacity=1)
    orders = []
    for number in range(2):
        with time_machine.travel(london(2026, 12, 1) + dt.timedelta(minutes=31 * number), tick=False):
            orders.append(_ordered(f"late{number}@example.org", cohort))
    with time_machine.travel(london(2026, 12, 1) + dt.timedelta(minutes=62), tick=False):
        # when
        race(*(lambda order=order: pay(order) for order in orders))
    # then
    assert Enrolment.objects.filter(cohort=cohort).count() == 1
    assert Refund.objects.filter(status=RefundStatus.SUCCEEDED).count() == 1
    assert sorted(ledger_of(f"late{number}@example.org") for number in range(2)) == [
        0,
        orders[0].checkout.amount_minor,
    ]


def _posted(body: bytes, headers: dict[str, str]) -> int:
    response = Client().post(
        "/payments/webhooks/sandbox/",
        data=body,
        content_type="application/json",
        headers={name: value for name, value in headers.items() if name != "Content-Type"},
    )
    return response.status_code


@racing
def test_r_en7_two_payment_events_of_one_checkout_posted_at_once_charge_and_enrol_once() -> None:
    # given: the provider sends two different events (two ids) that both say the one checkout was paid
    with time_machine.travel(london(2026, 12, 1), tick=False):
        cohort = ou_cohort()
        order = _ordered("payer@example.org", cohort)
        card = sandbox.sandbox_card_for("4242424242424242")
        assert card is not None
        assert order.checkout is not None
        events = [sandbox.payment_attempt_event(checkout=order.checkout, card=card) for _ in range(2)]
        # when: both reach the webhook URL at the same moment
        statuses, _ = race(*(lambda event=event: _posted(*event) for event in events))
    # then
    assert statuses == [200, 200]
    assert ProviderEvent.objects.count() == 2
    assert list(LedgerEntry.objects.values_list("kind", flat=True)) == [LedgerEntryKind.CHARGE]
    assert Enrolment.objects.filter(learner=order.learner).count() == 1


@racing
def test_r_as7_a_re_mark_and_two_releases_at_once_release_one_result_and_its_credit_matches_its_mark(
    time_machine,
) -> None:
    # given: marked 58 (a Pass); a second marker re-marks it 65 (a Merit) as two officers release it; neither
    # mark needs moderating
    time_machine.move_to(at(2026, 3, 2), tick=False)
    submission = submit_file(enrolment_for(UserFactory(email="racer@example.org"), course("uol")))
    marker = staff(Role.MARKER, "uol", "marker@uol.example.org")
    second_marker = staff(Role.MARKER, "uol", "second.marker@uol.example.org")
    marked(submission, 58, marker)
    releasers = [staff(Role.REGISTRY_OFFICER, "uol", f"registry{n}@uol.example.org") for n in range(2)]

    def remark() -> Submission:
        return assessment_services.submission_mark(
            submission_id=submission.pk, marker=second_marker, mark=65, feedback="", expected_version=2
        )

    def release(officer) -> Any:  # type: ignore[no-untyped-def]
        return assessment_services.submission_release(submission_id=submission.pk, actor=officer)

    # when
    _, refusals = race(remark, *(lambda officer=officer: release(officer) for officer in releasers),
                       expected=AssessmentError)  # fmt: skip
    # then: one release and one credit, of the mark that was released; a refused re-mark is told why
    final = Submission.objects.get()
    credit = Credit.objects.get()
    assert (credit.submission_id, credit.grade) == (final.pk, final.grade)
    assert final.mark in (58, 65)
    assert refusals in ([], ["A released result cannot be marked again."])
    assert (final.mark == 65) == (refusals == [])
    kinds = list(MarkEvent.objects.order_by("pk").values_list("kind", "mark_after"))
    assert kinds.count((MarkEventKind.RELEASED, final.mark)) == 1
    assert kinds[-1] == (MarkEventKind.RELEASED, final.mark)


@racing
def test_r_aw4_two_officers_confer_and_a_third_refuses_one_claim_at_once_one_decision_one_award() -> None:
    learner = UserFactory(email="claimant@example.org")
    credits = credits_for(learner, {"Data Science": 4})
    uol = Provider.objects.get(slug="uol")
    claim = award_claim(learner=learner, provider=uol, award="PGCert", credit_ids=ids(credits))
    officers = [staff(Role.REGISTRY_OFFICER, "uol", f"registry{n}@uol.example.org") for n in range(3)]

    # when
    decided, refusals = race(
        lambda: award_confer(officer=officers[0], claim_id=claim.pk),
        lambda: award_confer(officer=officers[1], claim_id=claim.pk),
        lambda: award_refuse(officer=officers[2], claim_id=claim.pk, reason="Not yet."),
        expected=AwardError,
    )
    # then
    claim.refresh_from_db()
    assert len(decided) == 1
    assert len(refusals) == 2
    assert all(refusal.startswith("This claim has already been decided") for refusal in refusals)
    assert AwardEvent.objects.filter(claim=claim).exclude(kind="claimed").count() == 1
    assert claim.status in (ClaimStatus.CONFERRED, ClaimStatus.REFUSED)
    awards = AwardClaim.objects.filter(learner=learner, status=ClaimStatus.CONFERRED).count()
    assert awards == (1 if claim.status == ClaimStatus.CONFERRED else 0)
