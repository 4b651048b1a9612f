"""Helpers for the operations tests: a Celery broker switched for one test, and the machine's Redis."""

import os
from collections.abc import Callable, Iterator

import pytest
import redis
from celery import current_app

# A Redis database of the tests' own, flushed before and after each test that uses it; runs sharing a machine
# each give theirs (MICROCRED_TEST_REDIS_URL=redis://127.0.0.1:6379/7).
REDIS_TEST_URL = os.environ.get("MICROCRED_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
# Nothing listens on port 1: a broker "down" that refuses at once.
CLOSED_BROKER_URL = "redis://127.0.0.1:1/15"


def redis_is_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


needs_redis = pytest.mark.skipif(not redis_is_up(), reason="no Redis at 127.0.0.1:6379")


def _reconnect() -> None:
    # The app keeps a connection pool for the URL it first used; drop it so the next send uses the new one.
    current_app._pool = None
    current_app.amqp._producer_pool = None


@pytest.fixture
def broker() -> Iterator[Callable[[str | None], None]]:
    """Point Celery at a broker URL for the rest of the test (None: run tasks inline, the default)."""
    conf = current_app.conf
    saved = (conf.broker_url, conf.task_always_eager)

    def switch(url: str | None) -> None:
        conf.broker_url, conf.task_always_eager = url, url is None
        _reconnect()

    yield switch
    conf.broker_url, conf.task_always_eager = saved
    _reconnect()


@pytest.fixture
def redis_db() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_TEST_URL)
    client.flushdb()
    yield client
    client.flushdb()
