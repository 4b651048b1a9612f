"""``microcred outbox_relay``: send the outbox rows a broker outage left pending (beat does it too)."""

import datetime as dt
import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from microcred.common.outbox import outbox_enqueue, outbox_relay
from microcred.common.tasks import PROBE_TASK


class Command(BaseCommand):
    help = "Send pending outbox messages to the broker; --probe also enqueues a test task for a worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--min-age", type=int, default=0, help="only rows at least this many seconds old (default 0)"
        )
        parser.add_argument(
            "--probe",
            action="store_true",
            help="enqueue a probe task first; a worker that runs it writes an OutboxProbe row",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["min_age"] < 0:
            raise CommandError("--min-age: must be at least 0", returncode=2)
        if options["probe"]:
            key = f"probe:{uuid.uuid4().hex}"
            outbox_enqueue(PROBE_TASK, args=[key], key=key)
            self.stdout.write(f"probe enqueued: {key}")
        sent, pending = outbox_relay(min_age=dt.timedelta(seconds=options["min_age"]))
        self.stdout.write(f"sent {sent}, pending {pending}")
        if pending:
            raise CommandError(f"{pending} message(s) still pending: is the broker reachable?", returncode=1)
