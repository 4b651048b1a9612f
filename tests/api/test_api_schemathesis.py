"""Schemathesis against the live schema, in process (WSGI): every operation, a bounded number of generated
requests each, signed in as a registry officer (so the learner and provider routes are reached, writes
included), and no 5xx and no answer that breaks the schema."""

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import ignored_auth, positive_data_acceptance

from microcred.api import services
from microcred.api.api import api

# A CSRF pair Django accepts: the same 32 characters in the cookie and the header.
CSRF_TOKEN = "a" * 32


# The document the API serves at /api/v1/openapi.json (the snapshot test checks they are the same), loaded
# when the module is: schemathesis's lazy fixture loader does not run under this pytest.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """The WSGI handler closes database connections around each request, which on PostgreSQL would close
    the test's own transaction; Django's test client disconnects the same receivers for that reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def signed_in(client, settings, uol_registry) -> dict[str, object]:
    settings.ALLOWED_HOSTS = ["*"]
    settings.API_PUBLIC_RATE = "100000/min"
    client.force_login(uol_registry)
    services.api_key_create(provider=uol_registry.provider, name="existing", actor=uol_registry)
    session = client.cookies["sessionid"].value
    return {
        "cookies": {"sessionid": session, "csrftoken": CSRF_TOKEN},
        "headers": {"X-CSRFToken": CSRF_TOKEN},
        # Made after the settings above: Django's middleware reads its settings when it is made.
        "app": get_wsgi_application(),
    }


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_answers_every_generated_request_within_its_schema(case, signed_in) -> None:
    # Left out: "ignored_auth", because the session cookie is a valid second way in beside any token
    # schemathesis spoils (the access matrix checks each way in on its own); "positive_data_acceptance",
    # because a cursor or an id that fits the schema may still point at nothing (an honest 400 or 404).
    case.call_and_validate(**signed_in, excluded_checks=[ignored_auth, positive_data_acceptance])
