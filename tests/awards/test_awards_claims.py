"""Claims and conferment (R-AW3, R-AW4): every path through award_claim, award_confer and award_refuse,
refusals that change nothing included."""

import threading

import pytest
from django.db import connection
from tests.awards.awards_builders import credit_for, credits_for, ids

from microcred.accounts.models import User
from microcred.assessment.models import Credit
from microcred.awards.errors import AwardError, ClaimRefused, CreditTaken, NotOpen, NotPermitted
from microcred.awards.models import AwardClaim, AwardEvent, ClaimStatus, CreditUse
from microcred.awards.services import award_claim, award_confer, award_refuse
from microcred.catalog.models import Provider

pytestmark = pytest.mark.django_db


def _uol() -> Provider:
    return Provider.objects.get(slug="uol")


def _state() -> tuple[
    list[tuple[object, ...]], list[tuple[int, int]], list[tuple[str, int]], list[int | None]
]:
    """Everything the awards services write, to prove a refusal changed nothing."""
    return (
        list(AwardClaim.objects.values_list("pk", "status", "reason", "superseded_by_id").order_by("pk")),
        list(CreditUse.objects.values_list("credit_id", "claim_id").order_by("credit_id")),
        list(AwardEvent.objects.values_list("kind", "claim_id").order_by("pk")),
        list(Credit.objects.values_list("used_by_award_id", flat=True).order_by("pk")),
    )


def test_r_aw3_claim_holds_the_chosen_credit_and_records_who_claimed(learner: User) -> None:
    credits = credits_for(learner, {"Data Science": 3, "Cyber Security": 1})

    claim = award_claim(learner=learner, provider=_uol(), award="PGCert", credit_ids=ids(credits))

    assert (claim.status, claim.title, claim.credits, claim.achievement_type) == (
        ClaimStatus.CLAIMED,
        "PGCert in Data Science with Cyber Security",
        60,
        "Certificate",
    )
    assert claim.chosen_credit_ids == [str(pk) for pk in ids(credits)]
    assert sorted(CreditUse.objects.filter(claim=claim).values_list("credit_id", flat=True)) == ids(credits)
    assert list(AwardEvent.objects.values_list("kind", "actor_id")) == [("claimed", learner.pk)]


def test_r_aw3_claim_whose_credit_does_not_add_up_is_refused_and_changes_nothing(learner: User) -> None:
    credits = credits_for(learner, {"Data Science": 3})
    before = _state()

    with pytest.raises(ClaimRefused) as refused:
        award_claim(learner=learner, provider=_uol(), award="PGCert", credit_ids=ids(credits))

    assert refused.value.message == "the credits add up to 45, not 60"
    assert _state() == before


def test_r_aw4_claim_of_another_learners_credit_is_refused(learner: User, other_learner: User) -> None:
    mine = credits_for(learner, {"Data Science": 3})
    theirs = credit_for(other_learner)
    before = _state()

    with pytest.raises(ClaimRefused) as refused:
        award_claim(learner=learner, provider=_uol(), award="PGCert", credit_ids=[*ids(mine), theirs.pk])

    assert refused.value.message == f"uses: {str(theirs.pk)!r} is not the id of a held credit"
    assert _state() == before


def test_r_aw4_credit_held_by_an_open_claim_cannot_be_claimed_again(learner: User) -> None:
    credits = credits_for(learner, {"Data Science": 4})
    award_claim(learner=learner, provider=_uol(), award="PGCert", credit_ids=ids(credits))
    before = _state()

    with pytest.raises(ClaimRefused):
        award_claim(learner=learner, provider=_uol(), award="PGCert", credit_ids=ids(credits))

    assert _state() == before


def test_a_second_open_claim_at_one_provider_is_refused(learner: User) -> None:
    credits = credits_for(learner, {"Data Science": 8})
    award_claim(learner=learner, provider=_uol(), award="PGCert", credit_ids=ids(credits[:4]))
    before = _state()

    with pytest.raises(NotOpen) as refused:
        award_claim(learner=learner, provider=_uol(), award="PGCert", credit_ids=ids(credits[4:]))

    assert refused.value.message == "You already have a claim awaiting the registry."
    assert _state() == before


def test_r_aw4_conferment_marks_the_credit_used_and_records_the_officer(
    learner: User, uol_registry: User
) -> None:
    credits = credits_for(learner, {"Data Science": 4})
    claim = award_claim(learner=learner, provider=_uol(), award="PGCert", credit_ids=ids(credits))

    conferred = award_confer(officer=uol_registry, claim_id=claim.pk)

    assert (conferred.status, conferred.decided_by_id) == (ClaimStatus.CONFERRED, uol_registry.pk)
    assert list(Credit.objects.values_list("used_by_award_id", flat=True)) == [claim.pk] * 4
    assert list(AwardEvent.objects.values_list("kind", "actor_id")) == [
        ("claimed", learner.pk),
        ("conferred", uol_registry.pk),
    ]


def test_r_aw4_conferred_credit_counts_towards_no_other_award(learner: User, uol_registry: User) -> None:
    credits = credits_for(learner, {"Data Science": 4})
    award_confer(
        officer=uol_registry,
        claim_id=award_claim(learner=learner, provider=_uol(), award="PGCert", credit_ids=ids(credits)).pk,
    )
    before = _state()

    with pytest.raises(ClaimRefused) as refused:
        award_claim(learner=learner, provider=_uol(), award="PGCert", credit_ids=ids(credits))

    assert refused.value.message.startswith("PGCert is already held")
    assert _state() == before


def test_r_aw4_a_pgdip_supersedes_the_pgcert_and_takes_its_credit(learner: User, uol_registry: User) -> None:
    # given a conferred PGCert and four more credits
    first = credits_for(learner, {"Data Science": 4})
    pgcert = award_claim(learner=learner, provider=_uol(), award="PGCert", credit_ids=ids(first))
    award_confer(officer=uol_registry, claim_id=pgcert.pk)
    more = credits_for(learner, {"Cyber Security": 4})

    # when the learner claims a PGDip from all eight and it is conferred
    pgdip = award_claim(learner=learner, provider=_uol(), award="PGDip", credit_ids=ids(first + more))
    held_by_claim = sorted(CreditUse.objects.filter(claim=pgdip).values_list("credit_id", flat=True))
    award_confer(officer=uol_registry, claim_id=pgdip.pk)

    # then the claim held only the new credit, and conferment moved the PGCert's to the PGDip
    assert held_by_claim == ids(more)
    assert pgdip.title == "PGDip in Cyber Security and Data Science"
    pgcert.refresh_from_db()
    assert (pgcert.status, pgcert.superseded_by_id) == (ClaimStatus.SUPERSEDED, pgdip.pk)
    assert sorted(CreditUse.objects.filter(claim=pgdip).values_list("credit_id", flat=True)) == ids(
        first + more
    )
    assert list(Credit.objects.values_list("used_by_award_id", flat=True)) == [pgdip.pk] * 8
    assert list(AwardEvent.objects.filter(claim=pgcert).values_list("kind", "reason")) == [
        ("claimed", ""),
        ("conferred", ""),
        ("superseded", "superseded by PGDip in Cyber Security and Data Science"),
    ]


def test_refusal_frees_the_credit_and_keeps_the_reason(learner: User, uol_registry: User) -> None:
    credits = credits_for(learner, {"Data Science": 4})
    claim = award_claim(learner=learner, provider=_uol(), award="PGCert", credit_ids=ids(credits))

    refused = award_refuse(officer=uol_registry, claim_id=claim.pk, reason="  Identity not yet  confirmed. ")

    assert (refused.status, refused.reason, refused.decided_by_id) == (
        ClaimStatus.REFUSED,
        "Identity not yet confirmed.",
        uol_registry.pk,
    )
    assert CreditUse.objects.count() == 0
    assert list(AwardEvent.objects.filter(kind="refused").values_list("actor_id", "reason")) == [
        (uol_registry.pk, "Identity not yet confirmed.")
    ]
    again = award_claim(learner=learner, provider=_uol(), award="PGCert", credit_ids=ids(credits))
    assert again.status == ClaimStatus.CLAIMED


def test_refusal_without_a_reason_is_refused_and_changes_nothing(learner: User, uol_registry: User) -> None:
    credits = credits_for(learner, {"Law": 4})
    claim = award_claim(learner=learner, provider=_uol(), award="PGCert", credit_ids=ids(credits))
    before = _state()

    with pytest.raises(ClaimRefused) as refused:
        award_refuse(officer=uol_registry, claim_id=claim.pk, reason=" \n ")

    assert (refused.value.field, refused.value.message) == ("reason", "Say why the claim is refused.")
    assert _state() == before


@pytest.mark.parametrize("officer", ["ou_registry", "uol_marker", "learner"])
def test_only_a_registry_officer_of_the_provider_decides_and_nothing_changes_otherwise(
    officer: str, learner: User, request: pytest.FixtureRequest
) -> None:
    credits = credits_for(learner, {"Law": 4})
    claim = award_claim(learner=learner, provider=_uol(), award="PGCert", credit_ids=ids(credits))
    user = request.getfixturevalue(officer)
    before = _state()

    with pytest.raises(NotPermitted):
        award_confer(officer=user, claim_id=claim.pk)
    with pytest.raises(NotPermitted):
        award_refuse(officer=user, claim_id=claim.pk, reason="No.")

    assert _state() == before


def test_a_decided_claim_cannot_be_decided_again(learner: User, uol_registry: User) -> None:
    credits = credits_for(learner, {"Law": 4})
    claim = award_claim(learner=learner, provider=_uol(), award="PGCert", credit_ids=ids(credits))
    award_confer(officer=uol_registry, claim_id=claim.pk)
    before = _state()

    with pytest.raises(NotOpen) as refused:
        award_refuse(officer=uol_registry, claim_id=claim.pk, reason="Changed my mind.")

    assert refused.value.message == "This claim has already been decided: Conferred."
    assert _state() == before


def test_r_aw4_a_credit_taken_between_read_and_write_is_reported(learner: User) -> None:
    """The unique credit constraint is the last word: a use row already there refuses the claim."""
    credits = credits_for(learner, {"Law": 4})
    other = AwardClaim.objects.create(
        learner=learner,
        provider=_uol(),
        award="PGCert",
        title="PGCert in Law",
        credits=60,
        achievement_type="Certificate",
        status=ClaimStatus.REFUSED,
        policy_version="x",
        claimed_at=credits[0].created_at,
    )
    CreditUse.objects.create(credit=credits[0], claim=other)

    with pytest.raises((CreditTaken, ClaimRefused)):
        award_claim(learner=learner, provider=_uol(), award="PGCert", credit_ids=ids(credits))

    assert AwardClaim.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_r_aw4_two_claims_racing_for_the_same_credit_one_wins_on_postgresql(learner: User) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write, so two claims cannot overlap")
    # given: two browser tabs claim the same four credits at once
    credits = credits_for(learner, {"Data Science": 4})
    provider = _uol()
    barrier = threading.Barrier(2)
    won: list[int] = []
    told: list[str] = []
    errors: list[BaseException] = []

    def race() -> None:
        try:
            barrier.wait(timeout=10)
            won.append(
                award_claim(learner=learner, provider=provider, award="PGCert", credit_ids=ids(credits)).pk
            )
        except AwardError as error:
            told.append(error.message)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=race) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # then
    assert errors == []
    assert len(won) == 1
    assert told in (
        ["You already have a claim awaiting the registry."],
        ["A credit you chose has just been claimed towards another award."],
    )
    assert list(CreditUse.objects.values_list("claim_id", flat=True)) == won * 4
