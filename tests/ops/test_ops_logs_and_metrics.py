"""Request ids on log lines and responses; JSON logs by setting; Prometheus metrics behind METRICS_ENABLED."""

import json
import logging
import logging.config

import pytest
from django.conf import settings as django_settings
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from pytest_django.fixtures import Settings

from microcred.common.request_id import (
    HEADER,
    NO_REQUEST,
    RequestIdFilter,
    RequestIdMiddleware,
    current_request_id,
)


def test_a_request_id_offered_by_the_proxy_is_echoed_in_the_response() -> None:
    response = Client().get("/healthz", headers={"X-Request-ID": "edge-1234"})

    assert response[HEADER] == "edge-1234"


def test_a_request_without_an_id_gets_a_new_one_and_an_unsafe_id_is_replaced() -> None:
    fresh = Client().get("/healthz")[HEADER]
    replaced = Client().get("/healthz", headers={"X-Request-ID": "evil\nlog line"})[HEADER]

    assert len(fresh) == 32
    assert len(replaced) == 32
    assert replaced != fresh
    assert current_request_id() == NO_REQUEST


def test_json_log_lines_carry_the_request_id(capsys: pytest.CaptureFixture[str]) -> None:
    # given the JSON formatter of settings.LOGGING, on a logger of its own
    config = json.loads(json.dumps(django_settings.LOGGING))
    config["handlers"]["console"]["formatter"] = "json"
    config["handlers"]["console"]["stream"] = "ext://sys.stdout"
    config["root"] = {"handlers": [], "level": "WARNING"}
    config["loggers"] = {"tests.ops.json": {"handlers": ["console"], "level": "INFO", "propagate": False}}
    logging.config.dictConfig(config)
    view_logger = logging.getLogger("tests.ops.json")

    # when a line is logged inside a request and one outside
    def view(request: HttpRequest) -> HttpResponse:
        view_logger.info("inside")
        return HttpResponse()

    RequestIdMiddleware(view)(RequestFactory().get("/", headers={"X-Request-ID": "req-42"}))
    view_logger.info("outside")

    # then each is one JSON object naming its request id
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    logging.config.dictConfig(django_settings.LOGGING)
    assert [(line["message"], line["request_id"], line["level"]) for line in lines] == [
        ("inside", "req-42", "INFO"),
        ("outside", "-", "INFO"),
    ]
    assert lines[0]["logger"] == "tests.ops.json"


def test_the_line_django_logs_for_a_4xx_response_carries_that_requests_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Django logs "Not Found" after the middleware chain has returned, outside the request's context.
    request_filter = RequestIdFilter()
    caplog.handler.addFilter(request_filter)
    try:
        with caplog.at_level(logging.WARNING, logger="django.request"):
            Client().get("/no-such-page", headers={"X-Request-ID": "req-404"})
    finally:
        caplog.handler.removeFilter(request_filter)

    lines = [(record.getMessage(), record.request_id) for record in caplog.records]
    assert ("Not Found: /no-such-page", "req-404") in lines


def test_the_filter_gives_log_lines_outside_a_request_a_dash() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "message", None, None)

    assert RequestIdFilter().filter(record) is True
    assert record.request_id == "-"


def test_metrics_are_404_when_switched_off(settings: Settings) -> None:
    settings.METRICS_ENABLED = False

    assert Client().get("/metrics").status_code == 404


@pytest.mark.django_db
def test_metrics_count_requests_by_route_and_report_the_outbox(settings: Settings) -> None:
    settings.METRICS_ENABLED = True
    Client().get("/healthz")

    response = Client().get("/metrics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    text = response.content.decode()
    assert 'microcred_http_requests_total{method="GET",route="healthz",status="200"}' in text
    assert 'microcred_http_request_duration_seconds_bucket{le="0.005",route="healthz"}' in text
    assert "microcred_credentials_issued 0.0" in text
    assert "# TYPE microcred_outbox_messages gauge" in text
