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

from microcred.common.management.commands.serve import default_workers, gunicorn_argv

WAIT_SECONDS = 30


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


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, dict(response.headers), response.read()
        except (ConnectionError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _serve(tmp_path: Path, *, debug: bool) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    env = {
        **os.environ,
        "DEBUG": "true" if debug else "false",
        "SECRET_KEY": "test-only-not-secret",
        "MICROCRED_VAR_DIR": str(tmp_path),
        "MICROCRED_BIND": f"127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    command = [sys.executable, "-m", "microcred.cli", "serve", "--workers=1"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    return process, port


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
def test_serve_collects_static_files_and_serves_the_stylesheet(tmp_path: Path, *, debug: bool) -> None:
    process, port = _serve(tmp_path, debug=debug)
    base = f"http://127.0.0.1:{port}"
    try:
        status, headers, body = _get(f"{base}/static/microcred/site.css")

        assert status == 200
        assert headers["Content-Type"].startswith("text/css")
        assert body == (tmp_path / "static" / "microcred" / "site.css").read_bytes()
        assert len(headers["X-Request-ID"]) == 32
        if not debug:
            # Production pages link the hashed name from the manifest, which WhiteNoise serves too.
            manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
            assert _get(f"{base}/static/{manifest['paths']['microcred/site.css']}")[0] == 200
    finally:
        process.terminate()
        process.wait(timeout=WAIT_SECONDS)
