"""Load figures on loopback (``make bench-load``): ``microcred serve`` on a fresh PostgreSQL database with the
demo data, 10,000 more microcredentials and 100,000 learners (some with badges), then locust headless against
each endpoint in turn at rising offered rates, to find the highest rate whose p99 stays under 100 ms.

Endpoints: the catalogue page, a course page (a different course each request), the credential verification
API (a different badge each request) and /ok, a bare Django view, as the floor. For each it prints every step
(offered rate, rate served, p50, p99) and then the best step. The database and every process it started are
removed at the end, also on failure or Ctrl-C; the whole run is bounded by --budget seconds.

    .venv/bin/python bench/load/run.py [--step-seconds 10] [--budget 540] [--workers N]
"""

import argparse
import csv
import math
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DATABASE = os.environ.get("BENCH_LOAD_DATABASE", "microcred_bench_load")
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
TARGET_P99_MS = 100.0
# A step counts only if the server kept up with what was offered (else queueing, not latency, would hide).
KEPT_UP = 0.9
SEED = 20261204
PATHS_PER_ENDPOINT = 500
MAX_STEPS = 8


@dataclass(frozen=True)
class Step:
    offered: float
    served: float
    requests: int
    failures: int
    p50: float
    p99: float

    @property
    def passes(self) -> bool:
        return self.failures == 0 and self.p99 < TARGET_P99_MS and self.served >= KEPT_UP * self.offered


def _base_url(database: str) -> str:
    return POSTGRES.rsplit("/", 1)[0] + f"/{database}"


def _environment(var_dir: Path, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "bench.load.settings",
        "DATABASE_URL": _base_url(DATABASE),
        # As the guide recommends under gunicorn's sync workers: a connection kept between requests.
        "DATABASE_CONN_MAX_AGE": "60",
        "SECRET_KEY": "bench-only-not-secret",
        "CREDENTIALS_KEY_ENCRYPTION_KEY": "bench-only-key-encryption-key",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "MICROCRED_VAR_DIR": str(var_dir),
        "MICROCRED_BIND": f"127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": "",
    }


def _psql(database: str, sql: str) -> list[str]:
    found = subprocess.run(
        ["psql", _base_url(database), "-Atc", sql], capture_output=True, text=True, check=True
    )
    return found.stdout.split()


@contextmanager
def bench_database() -> Iterator[None]:
    _psql("postgres", f"DROP DATABASE IF EXISTS {DATABASE}")
    _psql("postgres", f"CREATE DATABASE {DATABASE}")
    try:
        yield
    finally:
        _psql("postgres", f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def _timed(label: str, command: list[str | Path], env: dict[str, str]) -> None:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL if label != "data" else None)
    print(f"{label}: {time.perf_counter() - started:.0f} s", flush=True)


def _data_prepare(env: dict[str, str]) -> None:
    _timed("migrate", [BIN / "microcred", "migrate", "--noinput", "-v0"], env)
    # What `microcred serve` would do first, done while the data loads (it is slow: hashing and compressing).
    started = time.perf_counter()
    collect = [BIN / "microcred", "collectstatic", "--noinput", "-v0"]
    collecting = subprocess.Popen(collect, env=env, stdout=subprocess.DEVNULL)
    try:
        _timed("demo data", [BIN / "microcred", "demo", "--allow-production"], env)
        _timed("data", [sys.executable, ROOT / "bench/load/data.py"], env)
    finally:
        if collecting.wait(timeout=600) != 0:
            raise SystemExit("collectstatic failed")
    print(f"collectstatic (beside them): {time.perf_counter() - started:.0f} s", flush=True)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server(env: dict[str, str], workers: int) -> Iterator[str]:
    """``microcred serve`` in a session of its own (gunicorn and its workers end together)."""
    command = [
        BIN / "microcred",
        "serve",
        "--no-collectstatic",
        *([f"--workers={workers}"] if workers else []),
    ]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    base = f"http://127.0.0.1:{env['MICROCRED_BIND'].rsplit(':', 1)[1]}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(f"{base}/readyz", timeout=5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("microcred serve did not start") from None
                time.sleep(0.5)
        yield base
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _endpoint_paths(rng: random.Random) -> dict[str, list[str]]:
    courses = _psql(
        DATABASE,
        "SELECT '/courses/' || p.slug || '/' || m.slug || '/' FROM catalog_microcredential m "
        "JOIN catalog_provider p ON p.id = m.provider_id WHERE m.is_published ORDER BY m.id",
    )
    badges = _psql(DATABASE, "SELECT public_id FROM credentials_credential WHERE kind = 'badge' ORDER BY id")
    if not courses or not badges:
        raise SystemExit("the bench data has no published course or no badge")
    return {
        "catalogue": ["/courses/"],
        "course": rng.sample(courses, min(PATHS_PER_ENDPOINT, len(courses))),
        "verification": [
            f"/api/v1/credentials/{badge}/verification"
            for badge in rng.sample(badges, min(PATHS_PER_ENDPOINT, len(badges)))
        ],
        "ok (floor)": ["/ok"],
    }


def _serial_ms(base: str, paths: list[str]) -> float:
    """Median time of requests one at a time, the first ten left out as warm-up: the first guess of the rate
    to start from. Fails the run when a path does not answer 200."""
    timings = []
    for number in range(40):
        path = paths[number % len(paths)]
        started = time.perf_counter()
        with urllib.request.urlopen(f"{base}{path}", timeout=30) as response:
            response.read()
            if response.status != 200:
                raise SystemExit(f"{path}: HTTP {response.status}")
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings[10:])


def _step(env: dict[str, str], base: str, name: str, paths_file: Path, rate: float, seconds: int) -> Step:
    users = max(2, math.ceil(rate / 5))
    out = paths_file.with_suffix("")
    step_env = {
        **env,
        "BENCH_ENDPOINT": name,
        "BENCH_PATHS_FILE": str(paths_file),
        "BENCH_USER_RATE": f"{rate / users:.4f}",
    }
    command = [BIN / "locust", "-f", ROOT / "bench/load/locustfile.py", "--headless", "--only-summary"]
    command += [f"--users={users}", f"--spawn-rate={users}", f"--run-time={seconds}s", f"--host={base}"]
    command += [f"--csv={out}", "--loglevel=ERROR"]
    subprocess.run(
        command, env=step_env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120
    )
    with Path(f"{out}_stats.csv").open() as rows:
        row = next(row for row in csv.DictReader(rows) if row["Name"] == name)
    return Step(
        offered=rate,
        served=float(row["Requests/s"]),
        requests=int(row["Request Count"]),
        failures=int(row["Failure Count"]),
        p50=float(row["50%"]),
        p99=float(row["99%"]),
    )


def _search(run: "Runner", name: str, paths: list[str]) -> tuple[Step | None, list[Step]]:
    """Rates rising by half again from a guess until a step fails (halving when the guess fails), then
    steps halfway between the best pass and the last failure until they are within a tenth of each other.
    Returns the best passing step and every step."""
    paths_file = run.directory / f"{name.split()[0]}.paths"
    paths_file.write_text("\n".join(paths))
    serial = _serial_ms(run.base, paths)
    rate = max(2.0, round(0.5 * 1000 / serial))
    steps: list[Step] = []
    best: Step | None = None
    failed: Step | None = None
    while len(steps) < MAX_STEPS and run.time_left():
        step = _step(run.env, run.base, name, paths_file, rate, run.step_seconds)
        steps.append(step)
        print(
            f"  {name:<13} offered {step.offered:7.1f}/s  served {step.served:7.1f}/s  "
            f"p50 {step.p50:5.0f} ms  p99 {step.p99:5.0f} ms  failures {step.failures}"
            f"{'' if step.passes else '  (over)'}",
            flush=True,
        )
        if step.passes:
            best = step if best is None or step.served > best.served else best
        else:
            failed = step
        if failed is None:
            rate = round(rate * 1.5, 1)
        elif best is None:
            rate = round(rate / 2, 1)  # the guess was already too high
            if rate < 1:
                break
        else:
            between = round((best.offered + failed.offered) / 2, 1)
            if between in {s.offered for s in steps} or failed.offered - best.offered <= 0.1 * best.offered:
                break
            rate = between
    return best, steps


@dataclass
class Runner:
    env: dict[str, str]
    base: str
    directory: Path
    step_seconds: int
    deadline: float
    # Each endpoint gets an equal share of what is left, so a slow search cannot starve the ones after it.
    endpoint_deadline: float = 0.0

    def share(self, endpoints_left: int) -> None:
        self.endpoint_deadline = time.monotonic() + (self.deadline - time.monotonic()) / endpoints_left

    def time_left(self) -> bool:
        return time.monotonic() + self.step_seconds + 5 < min(self.deadline, self.endpoint_deadline)


def _terminated(signum: int, frame: object) -> None:
    # SIGTERM (a CI timeout, `kill`) unwinds like Ctrl-C, so the database is dropped and processes stopped.
    raise SystemExit(f"terminated by signal {signum}")


def main() -> None:
    signal.signal(signal.SIGTERM, _terminated)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--step-seconds", type=int, default=10, help="length of each locust step")
    parser.add_argument("--budget", type=int, default=540, help="seconds for the whole run, data included")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: serve's own)")
    options = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="microcred-bench-load-") as temporary:
        directory = Path(temporary)
        env = _environment(directory, _free_port())
        with bench_database():
            _data_prepare(env)
            with server(env, options.workers) as base:
                print(
                    f"server up after {time.monotonic() - started:.0f} s; steps of {options.step_seconds} s"
                )
                run = Runner(env, base, directory, options.step_seconds, started + options.budget)
                results = {}
                endpoints = _endpoint_paths(random.Random(SEED))
                for number, (name, paths) in enumerate(endpoints.items()):
                    run.share(len(endpoints) - number)
                    results[name] = _search(run, name, paths)
    print(f"\nhighest rate with p99 < {TARGET_P99_MS:.0f} ms (and served >= {KEPT_UP:.0%} of offered):")
    print(f"{'endpoint':<14} {'RPS':>7} {'p50 ms':>7} {'p99 ms':>7} {'steps':>6}")
    for name, (best, steps) in results.items():
        if best is None:
            lowest = min(steps, key=lambda step: step.offered, default=None)
            where = f"  (p99 {lowest.p99:.0f} ms even at {lowest.offered:.1f}/s)" if lowest else ""
            print(f"{name:<14} {'none':>7} {'':>7} {'':>7} {len(steps):>6}{where}")
        else:
            print(f"{name:<14} {best.served:>7.1f} {best.p50:>7.0f} {best.p99:>7.0f} {len(steps):>6}")
    print(f"whole run: {time.monotonic() - started:.0f} s (database {DATABASE} dropped)")


if __name__ == "__main__":
    main()
