"""R-CD1: bulk issuance reads and writes a chunk in a fixed number of queries, whatever its size: the chunk's
recipients are made in one insert, its status bits given out per list, its badges inserted together."""

import json
import threading

import pytest
from django.db import connection
from issuance_builders import course, credentials_settings, credit_for
from pytest_django import DjangoAssertNumQueries
from pytest_django.fixtures import Settings as SettingsWrapper
from tests.factories.accounts import UserFactory

from microcred.assessment.models import Credit
from microcred.credentials import services
from microcred.credentials.models import Credential, Recipient

pytestmark = pytest.mark.django_db

# One group of one chunk: the pending credits, the issuer, the course's facts and the issuer's profile; then
# the chunk's recipients (read, insert, read again), the issuer's lock and key, the status list (lock and
# update), the badges' insert, the webhook subscriptions, and the savepoints around them.
QUERIES_FOR_A_CHUNK_OF_FIRST_BADGES = 25
# A second chunk of the group: the recipients, the issuer's lock and key, the status list, the insert.
QUERIES_FOR_A_FURTHER_CHUNK = 15


@pytest.fixture(autouse=True)
def _settings(settings: SettingsWrapper) -> None:
    credentials_settings(settings)


def _pending_credits(count: int) -> list[Credit]:
    # The issuer, its key and a status list exist already, as they do for every issuance after the first.
    services.credential_issue_for_credit(credit_id=credit_for(UserFactory()).pk)
    return [credit_for(UserFactory()) for _ in range(count)]


@pytest.mark.parametrize("size", [1, 4, 12])
def test_r_cd1_a_chunk_of_first_badges_takes_the_same_queries_whatever_its_size(
    size: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    credits = _pending_credits(size)

    with django_assert_num_queries(QUERIES_FOR_A_CHUNK_OF_FIRST_BADGES):
        summary = services.credentials_issue_pending()

    assert (summary.issued, summary.skipped) == (size, 0)
    badges = Credential.objects.filter(credit__in=credits)
    assert badges.values("credit").distinct().count() == size
    assert badges.values("status_list", "status_index").distinct().count() == size
    assert Recipient.objects.filter(learner__in=[credit.learner_id for credit in credits]).count() == size


def test_r_cd1_each_further_chunk_adds_the_same_queries(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    credits = _pending_credits(12)

    with django_assert_num_queries(QUERIES_FOR_A_CHUNK_OF_FIRST_BADGES + 2 * QUERIES_FOR_A_FURTHER_CHUNK):
        summary = services.credentials_issue_pending(chunk_size=5)

    assert (summary.issued, summary.skipped) == (12, 0)
    assert Credential.objects.filter(credit__in=credits).count() == 12


def test_r_cd1_learners_who_hold_a_badge_already_keep_their_recipient(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    # given learners with a badge of another course, so a recipient each, and a pass of this one pending
    learners = [UserFactory() for _ in range(3)]
    for learner in learners:
        services.credential_issue_for_credit(credit_id=credit_for(learner).pk)
    recipients = dict(Recipient.objects.values_list("learner_id", "public_id"))
    statistics = course(title="Statistics", slug="statistics")
    credits = [credit_for(learner, statistics) for learner in learners]

    # when: no recipient to insert, nor to read again
    with django_assert_num_queries(QUERIES_FOR_A_CHUNK_OF_FIRST_BADGES - 2):
        services.credentials_issue_pending()

    # then each new badge names the learner as the first did
    for credit in credits:
        badge = Credential.objects.get(credit=credit)
        subject_id = json.loads(badge.document_json)["credentialSubject"]["id"]
        assert subject_id == f"urn:uuid:{recipients[credit.learner_id]}"
    assert Recipient.objects.count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_r_cd1_two_bulk_issuances_at_once_issue_each_badge_once() -> None:
    """Two workers run the pending issuance together: one badge per credit, one recipient per learner."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write; the race needs PostgreSQL")
    learners = [UserFactory() for _ in range(6)]
    statistics = course(title="Statistics", slug="statistics")
    credits = [
        credit_for(learner, microcredential)
        for learner in learners
        for microcredential in (course(), statistics)
    ]
    summaries: list[services.BatchSummary] = []
    errors: list[BaseException] = []

    def issue() -> None:
        try:
            summaries.append(services.credentials_issue_pending(chunk_size=3))
        except BaseException as error:  # reported below, not swallowed
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(summary.issued for summary in summaries) == len(credits)
    badges = Credential.objects.filter(credit__in=credits)
    assert badges.count() == badges.values("credit").distinct().count() == len(credits)
    assert badges.values("status_list", "status_index").distinct().count() == len(credits)
    assert Recipient.objects.count() == len(learners)
