"""The read-replica router: catalogue and credential reads to "replica"; writes, other apps to "default"."""

import pytest
from django.db import transaction
from pytest_django.fixtures import Settings

from microcred.accounts.models import User
from microcred.catalog.models import Provider
from microcred.common.db_router import ReadReplicaRouter
from microcred.credentials.models import Credential


@pytest.fixture
def router(settings: Settings) -> ReadReplicaRouter:
    settings.DATABASE_REPLICA_APPS = ["catalog", "credentials"]
    return ReadReplicaRouter()


def test_reads_of_the_listed_apps_go_to_the_replica(router: ReadReplicaRouter) -> None:
    assert router.db_for_read(Provider) == "replica"
    assert router.db_for_read(Credential) == "replica"


def test_reads_of_other_apps_are_left_to_the_default(router: ReadReplicaRouter) -> None:
    assert router.db_for_read(User) is None


def test_every_write_goes_to_the_primary(router: ReadReplicaRouter) -> None:
    assert router.db_for_write(Provider) == "default"
    assert router.db_for_write(User) == "default"


@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_the_primary_that_holds_its_writes(
    router: ReadReplicaRouter,
) -> None:
    with transaction.atomic():
        assert router.db_for_read(Provider) is None


def test_migrations_run_on_the_primary_only(router: ReadReplicaRouter) -> None:
    assert router.allow_migrate("default", "catalog") is True
    assert router.allow_migrate("replica", "catalog") is False
