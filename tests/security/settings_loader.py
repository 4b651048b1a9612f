"""Runs the settings module afresh under a changed environment, so a test can see what a deployment with
that environment would get without touching the settings of the running test process."""

import runpy
from typing import Any

import pytest

from microcred.config import settings as configured_settings


def settings_loaded_with(monkeypatch: pytest.MonkeyPatch, **environment: str) -> dict[str, Any]:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(configured_settings.__file__)
