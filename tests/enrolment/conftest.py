"""Settings of the enrolment tests: the sandbox payment provider, whatever the environment says."""

import pytest
from pytest_django.fixtures import Settings


@pytest.fixture(autouse=True)
def _enrolment_settings(settings: Settings) -> None:
    settings.PAYMENTS_PROVIDER = "sandbox"
