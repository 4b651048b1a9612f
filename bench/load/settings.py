"""The platform's settings with the load run's URLs (the site plus the /ok floor)."""

from microcred.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.load.urls"
