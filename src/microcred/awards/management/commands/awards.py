"""``microcred awards options --policy SLUG --credits FILE [--json]``: every award and title a set of held
credit reaches (R-AW1 … R-AW4), with the credit to choose, and what the awards out of reach still need."""

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from microcred.awards.credit_file import CreditFileError, held_credits_from_json
from microcred.common.policies import UnknownPolicyError, get_policy
from microcred.rules.awards import AwardOptions, award_options
from microcred.rules.errors import PolicyError, RuleInputError
from microcred.rules.policy import Policy

PROGRAM = "microcred awards options"


class Command(BaseCommand):
    help = (
        "Award planning. `awards options --policy SLUG --credits FILE [--json]` lists every reachable award."
    )
    # It reads a policy and a file and writes no data: a full system check would only slow it down.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        options: ArgumentParser = actions.add_parser(
            "options", help="every award and title held credit reaches, and what the others still need"
        )
        options.add_argument("--policy", required=True, metavar="SLUG", help="provider slug, e.g. uol")
        options.add_argument(
            "--credits",
            required=True,
            metavar="FILE",
            help="JSON list of held credit; - reads standard input",
        )
        options.add_argument("--json", action="store_true", help="print JSON instead of a table")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            policy = _policy(options["policy"])
            held = held_credits_from_json(_read(options["credits"]))
            found = award_options(policy, held)
        except (CreditFileError, RuleInputError) as error:
            self._refuse(str(error))
        self.stdout.write(
            json.dumps(as_json(found), ensure_ascii=False) if options["json"] else as_table(found)
        )

    def _refuse(self, problem: str) -> NoReturn:
        # One plain line and exit status 2, the convention for bad usage; never a traceback.
        sys.stderr.write(f"{PROGRAM}: {problem}\n")
        sys.exit(2)


def _policy(slug: str) -> Policy:
    try:
        return get_policy(slug)
    except UnknownPolicyError as error:
        raise CreditFileError(f"--policy: {error}") from None
    except PolicyError as error:
        first = str(error).splitlines()[0]
        raise CreditFileError(f"--policy: the policy files are refused: {first}") from None


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CreditFileError(f"--credits: no such file: {path}") from None
    except IsADirectoryError:
        raise CreditFileError(f"--credits: is a directory, not a file: {path}") from None
    except UnicodeDecodeError:
        raise CreditFileError(f"--credits: not UTF-8 text: {path}") from None


def as_json(found: AwardOptions) -> dict[str, list[dict[str, object]]]:
    return {
        "options": [
            {
                "award": option.award,
                "title": option.title,
                "credits": option.credits,
                "uses": list(option.uses),
            }
            for option in found.options
        ],
        "shortfall": [
            {"award": item.award, "credits_needed": item.credits_needed} for item in found.shortfall
        ],
    }


def as_table(found: AwardOptions) -> str:
    """Options as aligned columns, then what each award out of reach still needs."""
    if found.options:
        rows = [("Award", "Title", "Credits", "Uses")]
        rows += [(o.award, o.title, str(o.credits), ", ".join(o.uses)) for o in found.options]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        lines = [
            f"{award:<{widths[0]}}  {title:<{widths[1]}}  {credits:>{widths[2]}}  {uses}"
            for award, title, credits, uses in rows
        ]
    else:
        lines = ["No award is reachable yet."]
    if found.shortfall:
        width = max(len(item.award) for item in found.shortfall)
        lines += ["", "Not yet reachable:"]
        lines += [
            f"{item.award:<{width}}  needs {item.credits_needed} more credits" for item in found.shortfall
        ]
    return "\n".join(lines)
