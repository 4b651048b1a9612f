"""Prometheus metrics, served at /metrics when METRICS_ENABLED is true.

Under gunicorn each worker process counts for itself; ``microcred serve`` points PROMETHEUS_MULTIPROC_DIR at
a fresh directory so /metrics adds them up. Outbox and credential figures are read from the database at
scrape time, so they are right whichever machine runs the web or the workers.
"""

import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from celery.signals import task_postrun
from django.apps import apps
from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import REGISTRY, Collector

REQUESTS = Counter("microcred_http_requests", "HTTP requests served", ["method", "route", "status"])
LATENCY = Histogram(
    "microcred_http_request_duration_seconds",
    "Time to serve an HTTP request",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
TASKS = Counter("microcred_celery_tasks", "Celery tasks run in this process", ["task", "state"])


def _route(request: HttpRequest) -> str:
    # The URL pattern, not the path: one series per page, however many courses or credentials there are.
    match = getattr(request, "resolver_match", None)
    return match.route if match is not None and match.route else "unmatched"


class MetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.METRICS_ENABLED:
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        route = _route(request)
        LATENCY.labels(route=route).observe(time.perf_counter() - started)
        REQUESTS.labels(method=request.method or "", route=route, status=str(response.status_code)).inc()
        return response


@task_postrun.connect  # type: ignore[untyped-decorator]  # celery ships no type hints
def _task_count(sender: Any = None, state: str | None = None, **kwargs: Any) -> None:
    TASKS.labels(task=getattr(sender, "name", "unknown"), state=state or "UNKNOWN").inc()


class DatabaseCollector(Collector):
    """Outbox messages by status, and credentials issued (read by model name: common sits below the
    credentials app in the layers, so it may not import it)."""

    def collect(self) -> Iterator[Metric]:
        from microcred.common.models import OutboxMessage

        outbox = GaugeMetricFamily(
            "microcred_outbox_messages", "Outbox messages by status", labels=["status"]
        )
        for row in OutboxMessage.objects.values("status").order_by("status").annotate(count=Count("pk")):
            outbox.add_metric([row["status"]], row["count"])
        yield outbox
        if apps.is_installed("microcred.credentials"):
            credential = apps.get_model("credentials", "Credential")
            yield GaugeMetricFamily(
                "microcred_credentials_issued", "Credentials issued, ever", value=credential.objects.count()
            )


def metrics_exposition() -> bytes:
    """The text format of this process's metrics (all gunicorn workers' under ``microcred serve``) followed
    by the database's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)  # type: ignore[no-untyped-call]
    else:
        processes = REGISTRY
    database = CollectorRegistry()
    database.register(DatabaseCollector())
    return generate_latest(processes) + generate_latest(database)
