"""The outbox against a real broker and a real worker: a broker outage loses nothing, a worker killed in
the middle of a task leaves it to the next worker, which runs it to completion once, and a worker killed in
the middle of a bulk issuance is restarted and finishes it with every badge issued exactly once.

The worker is a subprocess, so it needs a database it can see: these tests run on PostgreSQL (the CI's
second pass) against pytest-django's test database, and on the tests' Redis database (tests/ops/conftest.py).
"""

import contextlib
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from tests.credentials.issuance_builders import KEY_ENCRYPTION_KEY, course, credit_for
from tests.factories.accounts import UserFactory
from tests.ops.conftest import CLOSED_BROKER_URL, REDIS_TEST_URL, needs_redis

from microcred.assessment.models import Credit
from microcred.common.models import OutboxMessage, OutboxProbe, OutboxStatus
from microcred.common.outbox import outbox_enqueue, outbox_relay
from microcred.common.tasks import PROBE_TASK
from microcred.credentials import services
from microcred.credentials.models import Credential

pytestmark = [
    needs_redis,
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a worker subprocess needs a shared database"
    ),
    pytest.mark.django_db(transaction=True),
]

WAIT_SECONDS = 30
# Long enough for a bulk issuance on a busy machine: a guard against a hang, not a speed check.
BULK_WAIT_SECONDS = 120
BULK_CREDITS = 150


def _worker_env(tmp_path: Path, *, visibility_timeout: int) -> dict[str, str]:
    database = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "microcred.config.settings",
        "SECRET_KEY": "test-only-not-secret",
        "DEBUG": "false",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CELERY_BROKER_URL": REDIS_TEST_URL,
        "CELERY_VISIBILITY_TIMEOUT": str(visibility_timeout),
        "CREDENTIALS_KEY_ENCRYPTION_KEY": KEY_ENCRYPTION_KEY,
        "MICROCRED_VAR_DIR": str(tmp_path),
    }


def _worker_start(tmp_path: Path, *, visibility_timeout: int, pool: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "celery", "-A", "microcred.config", "worker", f"--pool={pool}"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING"]
    if pool == "prefork":
        command += ["--concurrency=2"]
    # A session of its own, so the worker and its pool children can be killed together, as a machine dies.
    return subprocess.Popen(
        command, env=_worker_env(tmp_path, visibility_timeout=visibility_timeout), start_new_session=True
    )


def _kill(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=WAIT_SECONDS)


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []

    def start(visibility_timeout: int = 3600, pool: str = "solo") -> subprocess.Popen[bytes]:
        started.append(_worker_start(tmp_path, visibility_timeout=visibility_timeout, pool=pool))
        return started[-1]

    yield start
    for process in started:
        _kill(process)


def _wait_for(condition: Callable[[], bool], seconds: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not reached within {seconds} s")
        time.sleep(0.05)


def test_broker_outage_keeps_the_task_pending_and_the_relay_delivers_it_to_a_worker(
    broker: Callable[[str | None], None],
    redis_db: redis.Redis,
    workers: Callable[..., subprocess.Popen[bytes]],
) -> None:
    # given the broker is down when the change commits
    broker(CLOSED_BROKER_URL)
    with transaction.atomic():
        outbox_enqueue(PROBE_TASK, args=["probe:outage"], key="probe:outage")
    assert OutboxMessage.objects.get().status == OutboxStatus.PENDING

    # when the broker is back, the relay runs and a worker starts
    broker(REDIS_TEST_URL)
    assert outbox_relay(min_age=dt.timedelta(0)) == (1, 0)
    workers()

    # then the worker ran the task exactly once
    _wait_for(lambda: OutboxProbe.objects.filter(key="probe:outage").exists())
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT
    assert list(OutboxProbe.objects.values_list("key", "deliveries")) == [("probe:outage", 1)]


def test_a_worker_killed_mid_task_leaves_it_to_the_next_worker_which_completes_it_once(
    broker: Callable[[str | None], None],
    redis_db: redis.Redis,
    workers: Callable[..., subprocess.Popen[bytes]],
) -> None:
    # given a worker in the middle of a slow task (acks_late: the message is taken, not yet acknowledged)
    broker(REDIS_TEST_URL)
    with transaction.atomic():
        outbox_enqueue(PROBE_TASK, args=["probe:killed", 5.0], key="probe:killed")
    first = workers()
    _wait_for(lambda: redis_db.hlen("unacked") == 1)

    # when it is killed outright, and a worker that re-queues unacknowledged messages after 1 s starts
    _kill(first)
    assert OutboxProbe.objects.count() == 0
    workers(visibility_timeout=1)

    # then the task completes, once
    _wait_for(lambda: OutboxProbe.objects.filter(key="probe:killed").exists())
    assert list(OutboxProbe.objects.values_list("key", "deliveries")) == [("probe:killed", 1)]


def test_a_worker_killed_mid_bulk_issuance_is_restarted_and_every_badge_is_issued_exactly_once(
    broker: Callable[[str | None], None],
    redis_db: redis.Redis,
    workers: Callable[..., subprocess.Popen[bytes]],
) -> None:
    # given a release of many passes, each enqueueing its badge through the outbox as the release does
    credits = [credit_for(UserFactory(), course()) for _ in range(BULK_CREDITS)]
    broker(REDIS_TEST_URL)
    with transaction.atomic():
        for credit in credits:
            services.credential_issue_enqueue(credit_id=credit.pk)
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == BULK_CREDITS

    # when a worker (two pool processes) is killed outright, with its pool, part way through the badges
    first = workers(pool="prefork")
    _wait_for(lambda: Credential.objects.count() >= 10, BULK_WAIT_SECONDS)
    _kill(first)
    issued_before_the_kill = Credential.objects.count()
    assert issued_before_the_kill < BULK_CREDITS, "the worker finished before it was killed"
    assert redis_db.hlen("unacked") >= 1  # tasks it had taken and not finished are held for redelivery

    # and a new one starts, which takes back unacknowledged tasks after 1 s
    workers(visibility_timeout=1, pool="prefork")

    # then every credit has its badge, once: no credit left out, none signed twice, no status bit shared
    _wait_for(lambda: Credential.objects.count() >= BULK_CREDITS, BULK_WAIT_SECONDS)
    _wait_for(lambda: redis_db.llen("celery") == 0 and redis_db.hlen("unacked") == 0, BULK_WAIT_SECONDS)
    badges = Credential.objects.filter(credit__in=credits)
    assert badges.count() == Credential.objects.count() == BULK_CREDITS
    assert not Credit.objects.annotate(badges=Count("credential")).filter(badges__gt=1).exists()
    assert badges.values("status_list", "status_index").distinct().count() == BULK_CREDITS
    now = timezone.now()
    assert all(services.verify_json_text(badge.document_json, now=now).is_valid for badge in badges)
