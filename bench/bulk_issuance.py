"""Benchmark of bulk badge issuance through a real Celery worker and Redis, end to end: signed, stored, with
its status-list index, against the signing-only rates of ``bench/credentials_signing.py`` measured first in
the same run.

1. Signing only, in this process, no database: the full algorithm one badge at a time (what each
   ``credential_issue_for_credit`` task runs) and the cohort signer (what ``credentials_issue_pending`` runs).
2. A fresh PostgreSQL database (``microcred_bench_bulk``, dropped at the end) with the demo catalogue, a
   learner for each pass and the passes: 10,000 on one course, and ``--release`` (2,000) on another.
3. A worker as deployed (``celery -A microcred.config worker``, one process per core), then:
   (a) bulk issuance: one ``credentials_issue_pending`` task (what beat runs hourly and ``microcred
       credentials issue --pending`` runs) for the 10,000; timed from sending it to the last badge stored;
   (b) a release of ``--release`` passes: one transaction enqueues a badge each through the outbox, as the
       assessment release does, a task per badge; timed from the start of that transaction to the last
       badge stored. Fewer by default, since a task each takes far longer (``--release 10000`` for all).
   Each checks every credit has exactly one badge with its own status bit, and verifies a sample.

Needs PostgreSQL (BENCH_POSTGRES_URL's server) and Redis (BENCH_REDIS_URL, a database number of its own:
flushed before and after).

    BENCH_REDIS_URL=redis://127.0.0.1:6379/13 .venv/bin/python bench/bulk_issuance.py [--release 2000]
"""

import argparse
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BADGES = 10_000
RELEASE = 2_000
FULL_PATH_SAMPLE = 300
VERIFIED_SAMPLE = 200
SEED = 20261204
DATABASE = "microcred_bench_bulk"
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
# The worker's output, read when a phase does not finish.
WORKER_LOG = ROOT / "var" / "bench" / "bulk_issuance_worker.log"
# A guard against a stuck worker, not a target.
PHASE_LIMIT_SECONDS = 420


def signing_only() -> tuple[float, float]:
    """Wall-clock rates (one process) of the full algorithm and of the cohort signer, from the credentials
    benchmark's own template and learners."""
    from bench.credentials_signing import achievement_template, learner_values
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from microcred.credentials.cohort import CohortSigner
    from microcred.credentials.data_integrity import ProofOptions, create_proof
    from microcred.credentials.keys import SigningKey

    key = SigningKey.for_did_key(Ed25519PrivateKey.from_private_bytes(bytes(range(32))))
    options = ProofOptions(created=datetime(2025, 7, 1, 8, 0, tzinfo=UTC))
    rng = random.Random(SEED)
    learners = [learner_values(rng, number) for number in range(BADGES)]
    signer = CohortSigner(achievement_template(key), key, options)
    documents = [signer.shape.fill(values) for values in learners[:FULL_PATH_SAMPLE]]
    started = time.perf_counter()
    for document in documents:
        create_proof(document, key, options)
    full_path = len(documents) / (time.perf_counter() - started)
    started = time.perf_counter()
    for values in learners:
        signer.sign(values)
    cohort = len(learners) / (time.perf_counter() - started)
    return full_path, cohort


@contextmanager
def bench_database() -> Iterator[str]:
    import psycopg

    parts = urlsplit(POSTGRES)
    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    try:
        yield urlunsplit(parts._replace(path=f"/{DATABASE}"))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(POSTGRES, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


@contextmanager
def redis_database() -> Iterator[None]:
    import redis

    client = redis.Redis.from_url(REDIS)
    client.flushdb()
    try:
        yield
    finally:
        client.flushdb()


@contextmanager
def worker() -> Iterator[None]:
    """The worker as the guide's systemd unit runs it, in a session of its own so it ends with its pool."""
    command = [sys.executable, "-m", "celery", "-A", "microcred.config", "worker", "--loglevel=WARNING"]
    command += ["--without-gossip", "--without-mingle"]
    WORKER_LOG.parent.mkdir(parents=True, exist_ok=True)
    with WORKER_LOG.open("w") as log:
        process = subprocess.Popen(
            command, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + PHASE_LIMIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            sys.exit(f"{what}: not reached within {PHASE_LIMIT_SECONDS} s (worker's log: {WORKER_LOG})")
        time.sleep(0.1)


def prepare(release: int) -> tuple[list[int], list[Any]]:
    """Migrated database, demo catalogue, learners, and a pass for each of the first 10,000: the credit ids
    of the bulk issuance, and the learners of the release (their passes are made after it, or it would issue
    them too)."""
    import django
    from django.core.management import call_command
    from django.utils import timezone

    django.setup()
    call_command("migrate", verbosity=0)
    from bench.load.data import analyze, credits_create, learners_create

    from microcred.catalog.models import Microcredential
    from microcred.demo.catalog_loader import load_catalog

    load_catalog(today=timezone.localdate())
    rng = random.Random(SEED)
    learners = learners_create(BADGES + release, rng=rng)
    course = Microcredential.objects.filter(is_published=True).order_by("pk")[0]
    pending = credits_create(learners[:BADGES], course, rng=rng)
    analyze()
    return [credit.pk for credit in pending], learners[BADGES:]


def release_credits(learners: list[Any]) -> list[int]:
    """The release's passes, on another course, made once the bulk issuance is done."""
    from bench.load.data import analyze, credits_create

    from microcred.catalog.models import Microcredential

    course = Microcredential.objects.filter(is_published=True).order_by("pk")[1]
    released = credits_create(learners, course, rng=random.Random(SEED + 1))
    analyze()
    return [credit.pk for credit in released]


def worker_ready() -> None:
    """A probe through the outbox, broker and worker: the worker is up once its row appears."""
    from microcred.common.models import OutboxProbe
    from microcred.common.outbox import outbox_enqueue
    from microcred.common.tasks import PROBE_TASK

    outbox_enqueue(PROBE_TASK, args=["bench:ready"], key="bench:ready")
    wait_until(lambda: OutboxProbe.objects.filter(key="bench:ready").exists(), "worker start")


def all_issued(credit_ids: list[int], what: str) -> float:
    """Waits for a badge of every credit; the time the last appeared (polled every 0.1 s). Then checks each
    credit has exactly one, each with a status bit of its own, and that a sample verifies."""
    from django.utils import timezone

    from microcred.credentials.models import Credential
    from microcred.credentials.services import verify_json_text

    badges = Credential.objects.filter(credit_id__in=credit_ids)
    wait_until(lambda: badges.count() >= len(credit_ids), what)
    finished = time.time()
    problems = []
    if badges.values("credit_id").distinct().count() != len(credit_ids) or badges.count() != len(credit_ids):
        problems.append("not exactly one badge per credit")
    if badges.values("status_list_id", "status_index").distinct().count() != len(credit_ids):
        problems.append("a status bit shared")
    now = timezone.now()
    sample = badges.order_by("?")[:VERIFIED_SAMPLE]
    if not all(verify_json_text(badge.document_json, now=now).is_valid for badge in sample):
        problems.append("a badge that does not verify")
    if problems:
        sys.exit(f"{what}: {', '.join(problems)}")
    return finished


def release_path(credit_ids: list[int]) -> tuple[float, float]:
    """(b): seconds from the release's transaction to the last badge; seconds to publish the tasks."""
    from django.db import transaction

    from microcred.credentials.services import credential_issue_enqueue

    started = time.time()
    with transaction.atomic():
        for credit_id in credit_ids:
            credential_issue_enqueue(credit_id=credit_id)
    published = time.time() - started
    return all_issued(credit_ids, "(b)") - started, published


def batch_path(credit_ids: list[int]) -> float:
    """(a): seconds from sending one credentials_issue_pending task to the last badge."""
    from microcred.credentials import tasks

    started = time.time()
    tasks.credentials_issue_pending.delay()
    return all_issued(credit_ids, "(a)") - started


def _terminated(signum: int, frame: object) -> None:
    # SIGTERM (a CI timeout, `kill`) unwinds like Ctrl-C, so the database is dropped and processes stopped.
    raise SystemExit(f"terminated by signal {signum}")


def main() -> None:
    signal.signal(signal.SIGTERM, _terminated)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--release", type=int, default=RELEASE, help="passes in the release, a task each")
    release = parser.parse_args().release
    begun = time.perf_counter()
    full_path, cohort = signing_only()
    print(f"signing only, one process: full path {full_path:,.0f}/s, cohort signer {cohort:,.0f}/s")
    os.environ |= {
        "DJANGO_SETTINGS_MODULE": "microcred.config.settings",
        "PYTHONPATH": str(ROOT),
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only"),
        "DEBUG": "false",
        "CREDENTIALS_KEY_ENCRYPTION_KEY": "bench-only-key-encryption-key",
        "CELERY_BROKER_URL": REDIS,
        "MICROCRED_VAR_DIR": str(ROOT / "var" / "bench"),
        "LOG_LEVEL": "WARNING",
    }
    cores = os.cpu_count() or 1
    with bench_database() as database_url, redis_database():
        os.environ["DATABASE_URL"] = database_url
        pending, release_learners = prepare(release)
        print(
            f"data: {BADGES + release:,} learners, {BADGES:,} passes "
            f"({time.perf_counter() - begun:.0f} s so far)"
        )
        with worker():
            worker_ready()
            batch_seconds = batch_path(pending)
            release_seconds, published = release_path(release_credits(release_learners))
    print(f"worker: prefork, {cores} processes; broker {REDIS}")
    print(
        f"(a) credentials_issue_pending for {BADGES:,}: {BADGES / batch_seconds:,.0f} badges/s end to end "
        f"({batch_seconds:.1f} s); cohort signing alone {cohort:,.0f}/s"
    )
    print(
        f"(b) release of {release:,} passes, a task each: {release / release_seconds:,.0f} badges/s "
        "end to end "
        f"({release_seconds:.1f} s, tasks published in {published:.1f} s); "
        f"full-path signing alone {full_path:,.0f}/s per process, {full_path * cores:,.0f}/s on {cores}"
    )
    print(f"every credit one badge, status bits distinct, {VERIFIED_SAMPLE} of each verified")
    print(f"whole run: {time.perf_counter() - begun:.0f} s (database {DATABASE} dropped, Redis db flushed)")


if __name__ == "__main__":
    main()
