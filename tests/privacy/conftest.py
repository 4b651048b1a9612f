"""Settings of the privacy tests: uploads in a temporary MEDIA_ROOT, the sandbox payment provider, and the
credentials settings badges are signed under."""

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings


@pytest.fixture(autouse=True)
def _privacy_settings(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PAYMENTS_PROVIDER = "sandbox"
    settings.CREDENTIALS_KEY_ENCRYPTION_KEY = "test-only-credentials-key-encryption-key"
    settings.CREDENTIALS_PUBLIC_HOST = ""
    settings.SITE_URL = "https://microcred.example"
