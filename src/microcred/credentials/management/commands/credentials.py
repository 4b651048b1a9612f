"""``microcred credentials …``: verify a credential file, export a learner's credentials for offline
checking, and issue every pending badge.

``verify FILE`` prints the verdict and exits 0 when the credential is valid, 1 when it is not (revoked, not
genuine, outside its dates) and 2 when the input cannot be read as a credential at all.
"""

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any, Final

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from microcred.credentials import services
from microcred.credentials.services_verification import Verification

BAR_WIDTH: Final = 30
# A credential file is a few kilobytes; a transcript some hundreds. Anything far larger is not one.
FILE_MAX_BYTES: Final = 16 * 1024 * 1024


class Command(BaseCommand):
    help = "Verifiable credentials: `verify FILE`, `export --learner EMAIL --out DIR`, `issue --pending`."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        verify: ArgumentParser = actions.add_parser(
            "verify", help="check a credential file (exit 0 valid, 1 not)"
        )
        verify.add_argument("file", metavar="FILE", help="a credential as JSON ('-' reads standard input)")
        export: ArgumentParser = actions.add_parser(
            "export", help="write a learner's credentials for offline checks"
        )
        export.add_argument("--learner", required=True, metavar="EMAIL", help="the learner's e-mail address")
        export.add_argument("--out", required=True, metavar="DIR", type=Path, help="directory to write into")
        issue: ArgumentParser = actions.add_parser("issue", help="issue badges")
        issue.add_argument(
            "--pending", action="store_true", required=True, help="every credit without a badge"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "verify":
            self._verify(options["file"])
        elif action == "export":
            self._export(options["learner"], options["out"])
        else:
            self._issue_pending()

    def _read(self, name: str) -> Any:
        try:
            raw = self.stdin_bytes() if name == "-" else Path(name).read_bytes()[: FILE_MAX_BYTES + 1]
        except OSError as error:
            raise CommandError(f"FILE: cannot read {name}: {error.strerror}", returncode=2) from None
        if len(raw) > FILE_MAX_BYTES:
            raise CommandError(f"FILE: {name} is larger than any credential", returncode=2)
        try:
            document = json.loads(raw)
        except (ValueError, RecursionError):
            raise CommandError(f"FILE: {name} is not JSON", returncode=2) from None
        if not isinstance(document, dict):
            raise CommandError(f"FILE: {name} holds JSON, but not a credential (a JSON object)", returncode=2)
        return document

    def stdin_bytes(self) -> bytes:
        return sys.stdin.buffer.read(FILE_MAX_BYTES + 1)

    def _verify(self, name: str) -> None:
        verification = services.verify_document(self._read(name), now=timezone.now())
        self._print_verification(verification)
        if not verification.is_valid:
            raise CommandError(f"not valid: {verification.reason}", returncode=1)

    def _print_verification(self, verification: Verification, indent: str = "") -> None:
        self.stdout.write(f"{indent}{verification.verdict.headline}: {verification.reason}")
        facts = verification.facts
        if facts is not None:
            lines = {
                "Title": facts.title,
                "Learner": facts.learner_name,
                "Issuer": f"{facts.issuer_name} ({facts.issuer_id})",
                "Issued": f"{facts.valid_from:%Y-%m-%d}" if facts.valid_from else None,
                "Credit": f"{facts.credits:g} UK credits" if facts.credits is not None else None,
                "Level": facts.level,
                "Result": facts.result,
            }
            for label, value in lines.items():
                if value:
                    self.stdout.write(f"{indent}  {label}: {value!s}")
        for embedded in verification.embedded:
            self._print_verification(embedded, indent + "    ")

    def _export(self, email: str, out: Path) -> None:
        learner = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if learner is None:
            raise CommandError(f"--learner: no one has the e-mail address {email!r}", returncode=2)
        try:
            out.mkdir(parents=True, exist_ok=True)
            summary = services.learner_export(learner=learner, out_dir=out)
        except OSError as error:
            raise CommandError(f"--out: cannot write to {out}: {error.strerror}", returncode=2) from None
        documents = len(summary.manifest) - summary.credentials
        self.stdout.write(
            f"Wrote {summary.credentials} credentials and {documents} documents to check them with; "
            f"{out / 'manifest.json'} maps each URL to its file."
        )

    def _progress(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        self.stderr.write(
            f"\rIssuing badges [{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done}/{total}", ending=""
        )

    def _issue_pending(self) -> None:
        summary = services.credentials_issue_pending(progress=self._progress)
        if summary.issued or summary.skipped:
            self.stderr.write("")
        self.stdout.write(
            f"Issued {summary.issued} badges in {summary.groups} groups"
            + (f"; {summary.skipped} were issued meanwhile by a worker" if summary.skipped else "")
            + "."
        )
