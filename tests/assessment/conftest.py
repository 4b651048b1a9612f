"""Settings of the assessment tests: uploads stored in a temporary MEDIA_ROOT."""

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings


@pytest.fixture(autouse=True)
def _assessment_settings(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def ou_marker(db: None):
    from tests.assessment.builders import staff

    from microcred.common.roles import Role

    return staff(Role.MARKER, "ou", "marker@ou.example.org")


@pytest.fixture
def ou_moderator(db: None):
    from tests.assessment.builders import staff

    from microcred.common.roles import Role

    return staff(Role.MODERATOR, "ou", "moderator@ou.example.org")
