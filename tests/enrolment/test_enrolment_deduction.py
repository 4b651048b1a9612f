"""R-EN6: what a learner paid for IBERS microcredentials (top-ups included, refunds excluded) comes off the
first module of a full programme, capped at one module's fee, once a registry officer records the
admission."""

from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from tests.enrolment.purchase import at, buy, ibers_course, top_up

from microcred.accounts.models import User
from microcred.catalog.models import Provider
from microcred.enrolment import selectors, services
from microcred.enrolment.errors import EnrolmentError, NotAllowed
from microcred.enrolment.models import ProgrammeAdmission
from microcred.payments.models import LedgerEntry
from microcred.rules.money import Money


def _spend(learner: User, titles: list[str]) -> None:
    """Four credit-bearing courses and a learning-only one topped up: more than one module's fee."""
    for title in titles:
        buy(learner, ibers_course(title), track="credit_bearing")
    topped = buy(learner, ibers_course("Plant Breeding 5"), track="learning_only")
    top_up(learner, topped)


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_en6_the_deduction_is_capped_at_one_module_and_posted_once_admission_is_recorded(
    learner: User, ibers_registry: User
) -> None:
    # given
    _spend(learner, ["Plant Breeding 1", "Plant Breeding 2", "Plant Breeding 3", "Plant Breeding 4"])
    provider = Provider.objects.get(slug="ibers")
    policy = provider.policy
    assert policy.upgrade_deduction is not None
    assert policy.top_up is not None
    spent = (
        4 * policy.track("credit_bearing").price_minor
        + policy.track("learning_only").price_minor
        + policy.top_up.price_minor
    )
    assert spent > policy.upgrade_deduction.module_fee_minor
    # when
    quote = selectors.deduction_quote(learner, provider)
    admission = services.programme_admission_record(
        officer=ibers_registry, learner=learner, programme="BioInnovation MSc"
    )
    # then
    assert (quote.counted.amount_minor, quote.amount.amount_minor) == (
        spent,
        policy.upgrade_deduction.module_fee_minor,
    )
    assert (admission.deduction_minor, admission.counted_minor, admission.recorded_by) == (
        policy.upgrade_deduction.module_fee_minor,
        spent,
        ibers_registry,
    )
    deduction = LedgerEntry.objects.get(kind="deduction")
    assert (deduction.amount_minor, deduction.learner, deduction.policy_version) == (
        -policy.upgrade_deduction.module_fee_minor,
        learner,
        policy.version,
    )
    assert admission.ledger_entry == deduction


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_en6_refunded_courses_do_not_count(learner: User) -> None:
    kept = buy(learner, ibers_course("Plant Breeding 1"), track="credit_bearing")
    refunded = buy(learner, ibers_course("Plant Breeding 2"), track="credit_bearing")
    services.enrolment_refund_request(learner=learner, enrolment=refunded)

    quote = selectors.deduction_quote(learner, kept.microcredential.provider)

    assert (
        quote.amount.amount_minor == kept.microcredential.provider.policy.track("credit_bearing").price_minor
    )


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_en6_an_admission_is_recorded_once(learner: User, ibers_registry: User) -> None:
    buy(learner, ibers_course(), track="learning_only")
    services.programme_admission_record(
        officer=ibers_registry, learner=learner, programme="BioInnovation MSc"
    )

    with pytest.raises(EnrolmentError) as refused:
        services.programme_admission_record(officer=ibers_registry, learner=learner, programme="Agrifood MSc")

    assert refused.value.message == "The admission of learner@example.org is already recorded."
    assert (ProgrammeAdmission.objects.count(), LedgerEntry.objects.filter(kind="deduction").count()) == (
        1,
        1,
    )


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_en6_a_provider_without_a_deduction_refuses_to_record_one(
    learner: User, uol_registry: User
) -> None:
    with pytest.raises(NotAllowed) as refused:
        services.programme_admission_record(
            officer=uol_registry, learner=learner, programme="MSc Global Health"
        )

    assert refused.value.message == "University of London makes no upgrade deduction."
    assert ProgrammeAdmission.objects.count() == 0


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_r_en6_the_learner_sees_the_quote(learner: User, client_for: Callable[[User | None], Client]) -> None:
    course = ibers_course()
    buy(learner, course, track="credit_bearing")

    page = client_for(learner).get("/my/upgrade-deduction/").content.decode()

    paid = Money(course.provider.policy.track("credit_bearing").price_minor, "GBP")
    assert f"<strong>{paid}</strong> comes off the fee of your first module." in page
