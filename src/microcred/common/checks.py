"""R-PO2: the policy files are checked at start-up; each problem is one Error naming file, key and reason."""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error

from microcred.common.policies import read_policy_directory


def check_policies(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    # Read afresh rather than from the registry cache, so `microcred check` sees the files as they are now.
    directory = read_policy_directory(Path(settings.POLICY_DIR))
    return [
        Error(line, id="microcred.E001") for error in directory.errors for line in str(error).splitlines()
    ]
