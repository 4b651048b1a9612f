"""``microcred serve``: collect static files, then replace this process with gunicorn serving the site."""

import os
import shutil
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

DEFAULT_BIND = "127.0.0.1:8000"


def default_workers() -> int:
    """Gunicorn's rule of thumb: two per core, plus one to cover a worker blocked on I/O."""
    return 2 * (os.cpu_count() or 1) + 1


def gunicorn_argv(*, bind: str, workers: int, timeout: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "microcred.config.wsgi:application",
        f"--bind={bind}",
        f"--workers={workers}",
        f"--timeout={timeout}",
        "--access-logfile=-",
        # gunicorn's control socket is one fixed path per user (~/.gunicorn/gunicorn.ctl): a second server on
        # the machine (another site, a load test, a test run) would take it over. Nothing here uses it.
        "--no-control-socket",
        # Request bodies and uploads are held by the proxy in front, not by a slow client on a worker.
        "--forwarded-allow-ips=" + os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
    ]


class Command(BaseCommand):
    help = "Serve the site with gunicorn (static files by WhiteNoise) after collectstatic."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default=os.environ.get("MICROCRED_BIND", DEFAULT_BIND),
            help=f"address:port or unix:PATH (default: MICROCRED_BIND, else {DEFAULT_BIND})",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY") or default_workers()),
            help="worker processes (default: WEB_CONCURRENCY, else 2 × cores + 1)",
        )
        parser.add_argument(
            "--timeout", type=int, default=30, help="seconds before a stuck worker is restarted"
        )
        parser.add_argument("--no-collectstatic", action="store_true", help="skip collectstatic")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        if settings.METRICS_ENABLED:
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(self._fresh_metrics_directory())
        argv = gunicorn_argv(bind=options["bind"], workers=options["workers"], timeout=options["timeout"])
        self.stdout.write(f"microcred serve: {options['workers']} workers on {options['bind']}")
        self.stdout.flush()
        os.execv(sys.executable, argv)

    @staticmethod
    def _fresh_metrics_directory() -> Path:
        # Counts left by a previous run's workers would be added to this run's.
        directory = Path(settings.VAR_DIR) / "prometheus"
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        return directory
