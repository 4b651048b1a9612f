"""What /readyz checks: the database answers and, if a broker is configured, it accepts a connection."""

from celery import current_app
from django.conf import settings
from django.db import DatabaseError, connections

BROKER_TIMEOUT_SECONDS = 2


def database_problem() -> str | None:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return f"database: {type(error).__name__}: {error}".strip()
    return None


def broker_problem() -> str | None:
    if not settings.CELERY_BROKER_URL:
        return None
    try:
        with current_app.connection_for_write(settings.CELERY_BROKER_URL) as connection:
            connection.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception as error:  # any transport's own failure means "not ready"
        return f"broker: {type(error).__name__}: {error}"
    return None


def readiness_problems() -> dict[str, str]:
    problems = {"database": database_problem(), "broker": broker_problem()}
    return {name: problem for name, problem in problems.items() if problem is not None}
