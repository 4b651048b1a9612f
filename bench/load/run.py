"""Load figures on loopback: `microcred serve` on a fresh PostgreSQL database with the demo data, then
locust headless for a bounded time, then RPS and p50/p99 per endpoint.

    .venv/bin/python bench/load/run.py [--users 20] [--seconds 20] [--workers N]
"""

import argparse
import csv
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DATABASE = "microcred_bench_load"
PG = ["-h", "127.0.0.1", "-U", "postgres"]


def _environment(var_dir: Path, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "bench.load.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "DATABASE_CONN_MAX_AGE": "60",
        "SECRET_KEY": "bench-only-not-secret",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "MICROCRED_VAR_DIR": str(var_dir),
        "MICROCRED_BIND": f"127.0.0.1:{port}",
    }


def _database_prepare(env: dict[str, str]) -> None:
    subprocess.run(["dropdb", *PG, "--if-exists", DATABASE], check=True)
    subprocess.run(["createdb", *PG, DATABASE], check=True)
    subprocess.run([BIN / "microcred", "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run(
        [BIN / "microcred", "demo", "--allow-production"], env=env, check=True, stdout=subprocess.DEVNULL
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_up(base: str) -> str:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/courses/", timeout=5) as response:
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _credential_id() -> str:
    query = "SELECT public_id FROM credentials_credential ORDER BY id LIMIT 1"
    found = subprocess.run(["psql", *PG, "-d", DATABASE, "-Atc", query], capture_output=True, text=True)
    return found.stdout.strip() or "00000000-0000-0000-0000-000000000000"


def _locust(env: dict[str, str], base: str, *, users: int, seconds: int, out: Path) -> None:
    command = [BIN / "locust", "-f", ROOT / "bench/load/locustfile.py", "--headless", "--only-summary"]
    command += [f"--users={users}", f"--spawn-rate={users}", f"--run-time={seconds}s", f"--host={base}"]
    subprocess.run([*command, f"--csv={out}"], env=env, check=True, stdout=subprocess.DEVNULL)


def _report(stats: Path) -> None:
    print(f"{'endpoint':<16} {'requests':>9} {'failures':>9} {'RPS':>8} {'p50 ms':>7} {'p99 ms':>7}")
    with stats.open() as rows:
        for row in csv.DictReader(rows):
            print(
                f"{row['Name']:<16} {row['Request Count']:>9} {row['Failure Count']:>9} "
                f"{float(row['Requests/s']):>8.1f} {row['50%']:>7} {row['99%']:>7}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: 2 × cores + 1)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        port = _free_port()
        env = _environment(Path(temporary), port)
        _database_prepare(env)
        serve = [BIN / "microcred", "serve", *([f"--workers={options.workers}"] if options.workers else [])]
        server = subprocess.Popen(serve, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            course = re.search(r'href="(/courses/[\w-]+/[\w-]+/)"', _wait_up(base))
            env["BENCH_COURSE_PATH"] = course.group(1) if course else "/courses/"
            env["BENCH_CREDENTIAL_ID"] = _credential_id()
            print(f"course page {env['BENCH_COURSE_PATH']}, credential {env['BENCH_CREDENTIAL_ID']}")
            _locust(env, base, users=options.users, seconds=options.seconds, out=Path(temporary) / "locust")
            _report(Path(temporary) / "locust_stats.csv")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
