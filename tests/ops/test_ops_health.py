"""/healthz and /readyz: liveness answers without looking further; readiness names what is down."""

import pytest
from django.test import Client
from pytest_django.fixtures import Settings
from tests.ops.conftest import CLOSED_BROKER_URL, REDIS_TEST_URL, needs_redis


def test_healthz_answers_ok_without_touching_the_database() -> None:
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_ok_when_the_database_answers_and_no_broker_is_configured(settings: Settings) -> None:
    settings.CELERY_BROKER_URL = ""

    response = Client().get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_503_naming_the_broker_when_the_broker_refuses(settings: Settings) -> None:
    settings.CELERY_BROKER_URL = CLOSED_BROKER_URL

    response = Client().get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert list(body["failed"]) == ["broker"]
    assert body["failed"]["broker"].startswith("broker: ")
    # The probe's answer names no host or port; the log has the details.
    assert body["failed"]["broker"].endswith(": unreachable")
    assert "127.0.0.1" not in response.content.decode()


@needs_redis
@pytest.mark.django_db
def test_readyz_is_ok_with_the_machines_redis_as_broker(settings: Settings) -> None:
    settings.CELERY_BROKER_URL = REDIS_TEST_URL

    response = Client().get("/readyz")

    assert response.status_code == 200


def test_the_probes_refuse_anything_but_get() -> None:
    assert Client().post("/healthz").status_code == 405
    assert Client().post("/readyz").status_code == 405
