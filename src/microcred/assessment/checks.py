"""The upload settings are checked at start-up, so a typo in ASSESSMENT_UPLOAD_TYPES stops the platform with
the setting named rather than failing the first learner who uploads."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error

from microcred.assessment.file_checks import DEFAULT_MAX_BYTES, DEFAULT_TYPES
from microcred.assessment.models import FileType


def check_upload_settings(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    names = getattr(settings, "ASSESSMENT_UPLOAD_TYPES", DEFAULT_TYPES)
    unknown = sorted(str(name) for name in names if name not in FileType.values)
    if unknown or not names:
        known = ", ".join(FileType.values)
        reason = f"unknown {', '.join(unknown)}" if unknown else "empty"
        problems.append(Error(f"ASSESSMENT_UPLOAD_TYPES: {reason}; choose from {known}", id="microcred.E301"))
    limit = getattr(settings, "ASSESSMENT_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        problems.append(
            Error(
                f"ASSESSMENT_UPLOAD_MAX_BYTES: a positive number of bytes, got {limit!r}", id="microcred.E302"
            )
        )
    return problems
