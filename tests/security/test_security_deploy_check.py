"""Issue 10: ``check --deploy`` passes, warnings included, under a production-like environment, and fails
when that environment is weakened."""

import os
import secrets
import subprocess
import sys

import pytest

TEST_PROCESS_ONLY = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _deploy_check(**overrides: str) -> subprocess.CompletedProcess[str]:
    environment = {
        # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for their own process; no deployment has it.
        **{name: value for name, value in os.environ.items() if name not in TEST_PROCESS_ONLY},
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "microcred.example.ac.uk",
        "CREDENTIALS_KEY_ENCRYPTION_KEY": secrets.token_urlsafe(40),
        **overrides,
    }
    command = [sys.executable, "-m", "microcred.cli", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120, check=False)


def test_deploy_check_passes_with_warnings_as_failures_in_production() -> None:
    result = _deploy_check()

    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "System check identified no issues (0 silenced).\n",
        "",
    )


@pytest.mark.parametrize(
    ("weakness", "check_id"),
    [({"SECRET_KEY": "short"}, "security.W009"), ({"SECURE_HSTS_SECONDS": "0"}, "security.W004")],
)
def test_deploy_check_fails_when_production_is_weakened(weakness: dict[str, str], check_id: str) -> None:
    result = _deploy_check(**weakness)

    assert result.returncode == 1
    assert f"({check_id})" in result.stderr
