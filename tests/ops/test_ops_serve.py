"""`microcred serve`: gunicorn, workers from the core count, collectstatic first, WhiteNoise for static."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from tests.ops.conftest import REDIS_TEST_URL, redis_is_up

from microcred.common.management.commands.serve import default_workers, gunicorn_argv

WAIT_SECONDS = 30
START_UP_SECONDS = 180


def test_workers_default_to_two_per_core_plus_one() -> None:
    assert default_workers() == 2 * (os.cpu_count() or 1) + 1


def test_gunicorn_runs_the_wsgi_application_on_the_bind_address() -> None:
    argv = gunicorn_argv(bind="0.0.0.0:9000", workers=3, timeout=30)

    assert argv[:4] == [sys.executable, "-m", "gunicorn", "microcred.config.wsgi:application"]
    assert argv[4:7] == ["--bind=0.0.0.0:9000", "--workers=3", "--timeout=30"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, process: subprocess.Popen[bytes]) -> tuple[int, dict[str, str], bytes]:
    """GET ``url`` once the server answers; an error status is returned, not raised. The wait is a guard
    against a hung start-up (collectstatic on a busy machine takes a while), not a speed check."""
    deadline = time.monotonic() + START_UP_SECONDS
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()
        except (ConnectionError, urllib.error.URLError):
            if process.poll() is not None:
                pytest.fail(f"microcred serve exited with {process.returncode} before answering")
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _serve(
    tmp_path: Path, *, debug: bool, options: tuple[str, ...] = (), **env_extra: str
) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    env = {
        **os.environ,
        "DEBUG": "true" if debug else "false",
        "SECRET_KEY": "test-only-not-secret",
        "MICROCRED_VAR_DIR": str(tmp_path),
        "MICROCRED_BIND": f"127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        **env_extra,
    }
    command = [sys.executable, "-m", "microcred.cli", "serve", "--workers=1", *options]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    return process, port


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
def test_serve_collects_static_files_and_serves_the_stylesheet(tmp_path: Path, *, debug: bool) -> None:
    # Ready with its database (a SQLite file of its own) and, where the machine has it, Redis as broker.
    process, port = _serve(
        tmp_path,
        debug=debug,
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        CELERY_BROKER_URL=REDIS_TEST_URL if redis_is_up() else "",
    )
    base = f"http://127.0.0.1:{port}"
    try:
        status, headers, body = _get(f"{base}/static/microcred/site.css", process)

        assert status == 200
        assert headers["Content-Type"].startswith("text/css")
        assert body == (tmp_path / "static" / "microcred" / "site.css").read_bytes()
        assert len(headers["X-Request-ID"]) == 32
        if not debug:
            # Production pages link the hashed name from the manifest, which WhiteNoise serves too.
            manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
            assert _get(f"{base}/static/{manifest['paths']['microcred/site.css']}", process)[0] == 200
        assert _get(f"{base}/readyz", process)[:3:2] == (200, b'{"status": "ok"}')
    finally:
        process.terminate()
        process.wait(timeout=WAIT_SECONDS)


def test_serve_answers_healthz_and_a_503_readyz_naming_the_database_and_broker_that_are_down(
    tmp_path: Path,
) -> None:
    # given a production server whose database and broker both refuse connections (nothing on port 1)
    process, port = _serve(
        tmp_path,
        debug=False,
        options=("--no-collectstatic",),
        DATABASE_URL="postgres://postgres@127.0.0.1:1/microcred",
        CELERY_BROKER_URL="redis://127.0.0.1:1/0",
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # when the probes ask
        health = _get(f"{base}/healthz", process)
        ready = _get(f"{base}/readyz", process)

        # then the process is alive, and not ready, naming both
        assert (health[0], json.loads(health[2])) == (200, {"status": "ok"})
        assert ready[0] == 503
        assert ready[1]["Content-Type"] == "application/json"
        body = json.loads(ready[2])
        assert body["status"] == "unavailable"
        assert sorted(body["failed"]) == ["broker", "database"]
        assert body["failed"]["database"] == "database: OperationalError: unreachable"
        assert body["failed"]["broker"].startswith("broker: ")
    finally:
        process.terminate()
        process.wait(timeout=WAIT_SECONDS)
