"""``microcred policy check [FILE …]``: validate policy files (R-PO2) before they are deployed."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from microcred.rules.errors import PolicyError
from microcred.rules.policy import load_policy


class Command(BaseCommand):
    help = "Work with provider policy files. `policy check [FILE …]` validates them (default: POLICY_DIR)."
    # The point of `policy check` is to diagnose broken policies, which the system check would refuse first.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        check: ArgumentParser = actions.add_parser("check", help="validate policy files")
        check.add_argument(
            "paths", nargs="*", metavar="FILE", help="policy files (default: all in POLICY_DIR)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths = [Path(path) for path in options["paths"]] or sorted(Path(settings.POLICY_DIR).glob("*.toml"))
        if not paths:
            raise CommandError(f"no policy files in {settings.POLICY_DIR}", returncode=2)
        refused = sum(not self._check_one(path) for path in paths)
        if refused:
            raise CommandError(f"{refused} of {len(paths)} policy files refused", returncode=2)

    def _check_one(self, path: Path) -> bool:
        try:
            policy = load_policy(path)
        except PolicyError as error:
            self.stderr.write(str(error))
            return False
        self.stdout.write(f"{path}: ok (version {policy.version})")
        return True
