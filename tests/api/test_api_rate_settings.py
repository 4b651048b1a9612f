"""The public API's rate and the shared cache come from the environment; a bad value stops start-up naming
the variable, and a CACHE_URL makes every web process count against one Redis."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from tests.security.settings_loader import settings_loaded_with


def test_the_public_rate_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert settings_loaded_with(monkeypatch, API_PUBLIC_RATE="30/minute")["API_PUBLIC_RATE"] == "30/minute"


@pytest.mark.parametrize("rate", ["fast", "0/min", "120/fortnight", "120 per minute"])
def test_a_rate_that_is_not_number_per_period_stops_start_up_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, rate: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=r"^API_PUBLIC_RATE: expected e\.g\. 120/min"):
        settings_loaded_with(monkeypatch, API_PUBLIC_RATE=rate)


def test_a_cache_url_shares_the_counts_through_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    configured = settings_loaded_with(monkeypatch, CACHE_URL="redis://127.0.0.1:6379/3")

    assert configured["CACHES"] == {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/3",
        }
    }


def test_a_cache_url_that_is_not_redis_stops_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ImproperlyConfigured, match=r"^CACHE_URL: expected a redis://"):
        settings_loaded_with(monkeypatch, CACHE_URL="memcached://127.0.0.1:11211")
