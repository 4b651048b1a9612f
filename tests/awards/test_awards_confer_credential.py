"""R-AW4, R-CD4: conferring an award issues its own credential once the conferment commits (through the
outbox, idempotent by claim), and a higher award marks the lower award's credential superseded in the status
list in the conferment's own transaction. A refused claim, a refused conferment and a rolled-back one issue
nothing."""

import datetime as dt
import threading
from pathlib import Path

import pytest
from django.db import connection, transaction
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.api.test_api_webhooks import endpoint_for, webhook_settings
from tests.awards.awards_builders import credits_for, ids
from tests.credentials.award_credential_builders import (
    PGCERT_CREDIT,
    CaptureOnCommit,
    award_credential_of,
    claimed,
    conferred,
)
from tests.credentials.issuance_builders import document_of

from microcred.accounts.models import User
from microcred.api.models import WebhookDelivery, WebhookEvent
from microcred.awards.errors import ClaimRefused, NotOpen
from microcred.awards.models import AwardClaim, AwardEvent, ClaimStatus
from microcred.awards.services import award_confer, award_refuse
from microcred.common.models import OutboxMessage, OutboxStatus
from microcred.common.outbox import outbox_relay
from microcred.credentials import tasks
from microcred.credentials.models import Credential, CredentialKind, CredentialStatusEvent, StatusList
from microcred.credentials.services_verification import Verdict, verify_document
from microcred.credentials.status_list import StatusList as Bitstring

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings: SettingsWrapper, tmp_path: Path) -> None:
    webhook_settings(settings, tmp_path)


def _bit_is_set(credential: Credential) -> bool:
    status_list = StatusList.objects.get(pk=credential.status_list_id)
    return Bitstring(bytes(status_list.bits)).is_set(credential.status_index)


def _issued() -> list[tuple[int | None, str]]:
    return list(Credential.objects.values_list("award_claim_id", "kind").order_by("pk"))


def test_r_aw4_conferment_issues_the_award_credential_on_commit_through_the_outbox(
    learner: User, uol_registry: User, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    # given
    claim = claimed(learner, "PGCert", credits_for(learner, PGCERT_CREDIT))

    # when the conferment is made but has not committed
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        award_confer(officer=uol_registry, claim_id=claim.pk)

    # then nothing is signed yet; the task waits in the outbox, in the conferment's transaction
    assert Credential.objects.count() == 0
    [message] = OutboxMessage.objects.all()
    assert (message.key, message.task_name, message.status) == (
        f"credentials.issue_for_award:{claim.pk}",
        tasks.credential_issue_for_award.name,
        OutboxStatus.PENDING,
    )
    assert list(AwardEvent.objects.filter(claim=claim).values_list("kind", flat=True)) == [
        "claimed",
        "conferred",
    ]
    # when it commits
    for callback in callbacks:
        callback()
    # then exactly one award credential, tied to the claim
    assert _issued() == [(claim.pk, CredentialKind.AWARD)]
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT


def test_r_aw4_a_retried_task_a_relayed_message_and_a_replayed_conferment_issue_no_second_credential(
    learner: User, uol_registry: User, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    # given a conferred award with its credential
    claim = conferred(learner, uol_registry, django_capture_on_commit_callbacks, "PGCert", PGCERT_CREDIT)
    first = award_credential_of(claim)
    message = OutboxMessage.objects.get()

    # when the task runs again, the message is sent again, and the officer confers again
    again = tasks.credential_issue_for_award.apply(args=message.args).get()
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.PENDING)
    outbox_relay(min_age=dt.timedelta(0))
    with pytest.raises(NotOpen), django_capture_on_commit_callbacks(execute=True):
        award_confer(officer=uol_registry, claim_id=claim.pk)

    # then the one credential stands, as signed
    assert again == str(first.public_id)
    assert _issued() == [(claim.pk, CredentialKind.AWARD)]
    assert Credential.objects.get().document_json == first.document_json
    assert OutboxMessage.objects.count() == 1


def test_r_aw4_a_pgdip_superseding_a_pgcert_sets_the_pgcert_credentials_bit_and_keeps_history(
    learner: User, uol_registry: User, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    # given a conferred PGCert with its credential, and four more credits
    first = credits_for(learner, PGCERT_CREDIT)
    pgcert = conferred(learner, uol_registry, django_capture_on_commit_callbacks, "PGCert", first)
    pgcert_credential = award_credential_of(pgcert)
    more = credits_for(learner, {"Cyber Security": 4})

    # when a PGDip from all eight is conferred (its own credential not yet issued: before commit)
    pgdip = conferred(
        learner, uol_registry, django_capture_on_commit_callbacks, "PGDip", first + more, is_committed=False
    )

    # then, in the conferment's transaction, the PGCert's credential is superseded in its status list
    pgcert_credential.refresh_from_db()
    assert pgcert_credential.is_revoked
    assert _bit_is_set(pgcert_credential)
    [event] = CredentialStatusEvent.objects.all()
    assert (event.credential_id, event.reason, event.note, event.actor_id) == (
        pgcert_credential.pk,
        "superseded",
        "Superseded by PGDip in Cyber Security and Data Science.",
        None,
    )
    verification = verify_document(document_of(pgcert_credential), now=pgcert_credential.issued_at)
    assert (verification.verdict, verification.reason) == (Verdict.REVOKED, "Its issuer has revoked it.")
    # and the history is kept: the PGCert's claim, its events and its credential all stand
    pgcert.refresh_from_db()
    assert (pgcert.status, pgcert.superseded_by_id) == (ClaimStatus.SUPERSEDED, pgdip.pk)
    assert list(AwardEvent.objects.filter(claim=pgcert).values_list("kind", flat=True)) == [
        "claimed",
        "conferred",
        "superseded",
    ]
    assert _issued() == [(pgcert.pk, CredentialKind.AWARD)]
    # and the PGDip's own credential is issued on commit, valid
    outbox_relay(min_age=dt.timedelta(0))
    assert _issued() == [(pgcert.pk, CredentialKind.AWARD), (pgdip.pk, CredentialKind.AWARD)]
    pgdip_credential = award_credential_of(pgdip)
    assert not pgdip_credential.is_revoked
    assert verify_document(document_of(pgdip_credential), now=pgdip_credential.issued_at).is_valid


def test_r_aw4_a_pgcert_whose_credential_was_still_pending_is_issued_superseded_and_never_valid(
    learner: User, uol_registry: User, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    # given a PGCert conferred while the broker was down: its task is still in the outbox
    first = credits_for(learner, PGCERT_CREDIT)
    pgcert = conferred(
        learner, uol_registry, django_capture_on_commit_callbacks, "PGCert", first, is_committed=False
    )
    assert Credential.objects.count() == 0

    # when a PGDip supersedes it, and the relay later sends the PGCert's pending task
    more = credits_for(learner, {"Data Science": 4})
    conferred(learner, uol_registry, django_capture_on_commit_callbacks, "PGDip", first + more)
    outbox_relay(min_age=dt.timedelta(0))

    # then the PGCert's credential exists once, superseded from the start
    pgcert_credential = award_credential_of(pgcert)
    assert (pgcert_credential.is_revoked, _bit_is_set(pgcert_credential)) == (True, True)
    assert list(pgcert_credential.status_events.values_list("reason", flat=True)) == ["superseded"]
    assert Credential.objects.filter(award_claim=pgcert).count() == 1
    assert not OutboxMessage.objects.filter(status=OutboxStatus.PENDING).exists()


def test_r_aw4_a_refused_claim_issues_nothing(
    learner: User, uol_registry: User, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    claim = claimed(learner, "PGCert", credits_for(learner, PGCERT_CREDIT))

    with django_capture_on_commit_callbacks(execute=True):
        award_refuse(officer=uol_registry, claim_id=claim.pk, reason="Credit transferred elsewhere.")

    assert (Credential.objects.count(), OutboxMessage.objects.count()) == (0, 0)


def test_r_aw4_a_conferment_the_rules_refuse_issues_nothing(
    learner: User, uol_registry: User, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    # given a claim one of whose credits has since been withdrawn from the learner's record
    credits = credits_for(learner, PGCERT_CREDIT)
    claim = claimed(learner, "PGCert", credits)
    AwardClaim.objects.filter(pk=claim.pk).update(chosen_credit_ids=[str(pk) for pk in ids(credits[:3])])

    with pytest.raises(ClaimRefused), django_capture_on_commit_callbacks(execute=True):
        award_confer(officer=uol_registry, claim_id=claim.pk)

    assert (Credential.objects.count(), OutboxMessage.objects.count()) == (0, 0)
    assert AwardClaim.objects.get(pk=claim.pk).status == ClaimStatus.CLAIMED


def test_r_aw4_a_rolled_back_conferment_issues_and_supersedes_nothing(
    learner: User, uol_registry: User, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    # given a conferred PGCert with its credential, and a PGDip claimed
    first = credits_for(learner, PGCERT_CREDIT)
    pgcert_credential = award_credential_of(
        conferred(learner, uol_registry, django_capture_on_commit_callbacks, "PGCert", first)
    )
    pgdip = claimed(learner, "PGDip", first + credits_for(learner, {"Data Science": 4}))
    list_before = StatusList.objects.get(pk=pgcert_credential.status_list_id).document_json

    # when the PGDip's conferment fails after award_confer, and its transaction rolls back
    def confer_then_fail() -> None:
        with transaction.atomic():
            award_confer(officer=uol_registry, claim_id=pgdip.pk)
            raise RuntimeError("the request failed after the conferment")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        confer_then_fail()

    # then nothing was issued, superseded or enqueued
    assert callbacks == []
    assert _issued() == [(pgcert_credential.award_claim_id, CredentialKind.AWARD)]
    pgcert_credential.refresh_from_db()
    assert (pgcert_credential.is_revoked, _bit_is_set(pgcert_credential)) == (False, False)
    assert StatusList.objects.get(pk=pgcert_credential.status_list_id).document_json == list_before
    assert CredentialStatusEvent.objects.count() == 0
    assert OutboxMessage.objects.count() == 1
    assert AwardClaim.objects.get(pk=pgdip.pk).status == ClaimStatus.CLAIMED


def test_r_aw4_the_award_credential_is_announced_as_credential_issued_and_its_supersession_as_revoked(
    learner: User, uol_registry: User, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    # given
    endpoint_for(uol_registry, events=(WebhookEvent.CREDENTIAL_ISSUED, WebhookEvent.CREDENTIAL_REVOKED))
    first = credits_for(learner, PGCERT_CREDIT)
    pgcert = conferred(learner, uol_registry, django_capture_on_commit_callbacks, "PGCert", first)

    # when
    pgdip = conferred(
        learner,
        uol_registry,
        django_capture_on_commit_callbacks,
        "PGDip",
        first + credits_for(learner, PGCERT_CREDIT),
    )

    # then one event each: the two credentials issued, the PGCert's revoked as superseded
    deliveries = [delivery.payload for delivery in WebhookDelivery.objects.order_by("pk")]
    pgcert_id, pgdip_id = (str(award_credential_of(claim).public_id) for claim in (pgcert, pgdip))
    assert [(payload["type"], payload["data"]["credential"]) for payload in deliveries] == [
        ("credential.issued", pgcert_id),
        ("credential.revoked", pgcert_id),
        ("credential.issued", pgdip_id),
    ]
    assert [payload["data"]["kind"] for payload in deliveries] == ["award"] * 3
    assert deliveries[1]["data"]["reason"] == "superseded"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_r_aw4_two_tasks_racing_for_one_award_issue_one_credential(learner: User, uol_registry: User) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write, so two tasks cannot overlap")
    # given a conferred award whose task is about to run twice at once (a retry beside a relay)
    claim = claimed(learner, "PGCert", credits_for(learner, PGCERT_CREDIT))
    award_confer(officer=uol_registry, claim_id=claim.pk)
    Credential.objects.all().delete()
    args = OutboxMessage.objects.get().args
    barrier = threading.Barrier(2)
    issued: list[str] = []

    def run() -> None:
        try:
            barrier.wait()
            issued.append(tasks.credential_issue_for_award.apply(args=args).get())
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    assert issued == [str(award_credential_of(claim).public_id)] * 2
    assert _issued() == [(claim.pk, CredentialKind.AWARD)]
