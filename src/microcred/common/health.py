"""What /readyz checks: the database answers and, if a broker is configured, it accepts a connection.

The answer names what failed and the error's class only: the driver's own text carries host names and ports,
which go to the log, not to whoever can reach the probe."""

import logging

from celery import current_app
from django.conf import settings
from django.db import DatabaseError, connections

BROKER_TIMEOUT_SECONDS = 2

logger = logging.getLogger(__name__)


def _problem(part: str, error: Exception) -> str:
    logger.warning("readiness: %s unavailable: %s: %s", part, type(error).__name__, error)
    return f"{part}: {type(error).__name__}: unreachable"


def database_problem() -> str | None:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return _problem("database", error)
    return None


def broker_problem() -> str | None:
    if not settings.CELERY_BROKER_URL:
        return None
    try:
        with current_app.connection_for_write(settings.CELERY_BROKER_URL) as connection:
            connection.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception as error:  # any transport's own failure means "not ready"
        return _problem("broker", error)
    return None


def readiness_problems() -> dict[str, str]:
    problems = {"database": database_problem(), "broker": broker_problem()}
    return {name: problem for name, problem in problems.items() if problem is not None}
