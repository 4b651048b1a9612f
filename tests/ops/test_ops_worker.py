"""The outbox against a real broker and a real worker: a broker outage loses nothing, and a worker killed in
the middle of a task leaves it to the next worker, which runs it to completion once.

The worker is a subprocess, so it needs a database it can see: these tests run on PostgreSQL (the CI's
second pass) against pytest-django's test database, and on Redis db 15.
"""

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
from tests.ops.conftest import CLOSED_BROKER_URL, REDIS_TEST_URL, needs_redis

from microcred.common.models import OutboxMessage, OutboxProbe, OutboxStatus
from microcred.common.outbox import outbox_enqueue, outbox_relay
from microcred.common.tasks import PROBE_TASK

pytestmark = [
    needs_redis,
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a worker subprocess needs a shared database"
    ),
    pytest.mark.django_db(transaction=True),
]

WAIT_SECONDS = 30


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
        "MICROCRED_VAR_DIR": str(tmp_path),
    }


def _worker_start(tmp_path: Path, *, visibility_timeout: int = 3600) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "celery", "-A", "microcred.config", "worker", "--pool=solo"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING"]
    return subprocess.Popen(command, env=_worker_env(tmp_path, visibility_timeout=visibility_timeout))


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []

    def start(visibility_timeout: int = 3600) -> subprocess.Popen[bytes]:
        started.append(_worker_start(tmp_path, visibility_timeout=visibility_timeout))
        return started[-1]

    yield start
    for process in started:
        process.kill()
        process.wait(timeout=WAIT_SECONDS)


def _wait_for(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not reached within {WAIT_SECONDS} s")
        time.sleep(0.2)


def test_broker_outage_keeps_the_task_pending_and_the_relay_delivers_it_to_a_worker(
    broker: Callable[[str | None], None],
    redis_db15: redis.Redis,
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
    redis_db15: redis.Redis,
    workers: Callable[..., subprocess.Popen[bytes]],
) -> None:
    # given a worker in the middle of a slow task (acks_late: the message is taken, not yet acknowledged)
    broker(REDIS_TEST_URL)
    with transaction.atomic():
        outbox_enqueue(PROBE_TASK, args=["probe:killed", 5.0], key="probe:killed")
    first = workers()
    _wait_for(lambda: redis_db15.hlen("unacked") == 1)

    # when it is killed outright, and a worker that re-queues unacknowledged messages after 1 s starts
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=WAIT_SECONDS)
    assert OutboxProbe.objects.count() == 0
    workers(visibility_timeout=1)

    # then the task completes, once
    _wait_for(lambda: OutboxProbe.objects.filter(key="probe:killed").exists())
    assert list(OutboxProbe.objects.values_list("key", "deliveries")) == [("probe:killed", 1)]
