"""The platform's settings with the operations endpoints and the API mounted, for the load run (the API app
is added here until the project's settings install it)."""

from microcred.config.settings import *  # noqa: F403
from microcred.config.settings import INSTALLED_APPS

ROOT_URLCONF = "bench.load.urls"
if "microcred.api" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "microcred.api"]
