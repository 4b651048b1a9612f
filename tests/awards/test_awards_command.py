"""`microcred awards options` run as a real process: its output, and one plain line with exit status 2 for
every kind of bad input (R-AW1 … R-AW3)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

MICROCRED = Path(sys.executable).parent / "microcred"


def credit_record(number: int, subject: str, **changes: object) -> dict[str, object]:
    return {
        "id": f"c{number}",
        "provider": "uol",
        "subject": subject,
        "credits": 15,
        "level": 7,
        "awarded_on": f"2026-03-{number:02d}",
        **changes,
    }


DATA_SCIENCE_AND_MORE = [
    credit_record(1, "Data Science"),
    credit_record(2, "Data Science"),
    credit_record(3, "Data Science"),
    credit_record(4, "Cyber Security"),
    credit_record(5, "Law"),
]


def run_options(*arguments: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SECRET_KEY": "test-only-not-secret"}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [str(MICROCRED), "awards", "options", *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_r_aw3_json_lists_every_option_with_its_credit_and_the_shortfall(tmp_path: Path) -> None:
    # given
    credits_file = tmp_path / "credits.json"
    credits_file.write_text(json.dumps(DATA_SCIENCE_AND_MORE))
    # when
    finished = run_options("--policy", "uol", "--credits", str(credits_file), "--json")
    # then
    assert (finished.returncode, finished.stderr) == (0, "")
    assert json.loads(finished.stdout) == {
        "options": [
            {
                "award": "PGCert",
                "title": "PGCert in Data Science with Cyber Security",
                "credits": 60,
                "uses": ["c1", "c2", "c3", "c4"],
            },
            {
                "award": "PGCert",
                "title": "PGCert in Data Science with Law",
                "credits": 60,
                "uses": ["c1", "c2", "c3", "c5"],
            },
            {
                "award": "PGCert",
                "title": "PGCert in Interdisciplinary Studies",
                "credits": 60,
                "uses": ["c1", "c2", "c4", "c5"],
            },
        ],
        "shortfall": [{"award": "PGDip", "credits_needed": 45}, {"award": "Master's", "credits_needed": 105}],
    }


def test_r_aw3_the_table_aligns_awards_titles_credits_and_uses_read_from_stdin() -> None:
    finished = run_options("--policy", "uol", "--credits", "-", stdin=json.dumps(DATA_SCIENCE_AND_MORE))
    assert (finished.returncode, finished.stderr) == (0, "")
    assert finished.stdout == (
        "Award   Title                                       Credits  Uses\n"
        "PGCert  PGCert in Data Science with Cyber Security       60  c1, c2, c3, c4\n"
        "PGCert  PGCert in Data Science with Law                  60  c1, c2, c3, c5\n"
        "PGCert  PGCert in Interdisciplinary Studies              60  c1, c2, c4, c5\n"
        "\n"
        "Not yet reachable:\n"
        "PGDip     needs 45 more credits\n"
        "Master's  needs 105 more credits\n"
    )


def test_r_aw1_no_credit_reaches_no_award() -> None:
    finished = run_options("--policy", "uol", "--credits", "-", stdin="[]")
    assert finished.stdout == (
        "No award is reachable yet.\n"
        "\n"
        "Not yet reachable:\n"
        "PGCert    needs 60 more credits\n"
        "PGDip     needs 120 more credits\n"
        "Master's  needs 180 more credits\n"
    )


@pytest.mark.parametrize(
    ("policy", "stdin", "problem"),
    [
        (
            "uol",
            "[{",
            "credits: not valid JSON: Expecting property name enclosed in double quotes: "
            "line 1 column 3 (char 2)",
        ),
        ("uol", '{"id": "c1"}', "credits: must be a list of credits, got an object"),
        (
            "uol",
            json.dumps([{k: v for k, v in credit_record(1, "a").items() if k != "subject"}]),
            "credits[0].subject: missing",
        ),
        (
            "uol",
            json.dumps([credit_record(1, "a"), credit_record(2, "a", level="7")]),
            "credits[1].level: must be a whole number, got a string",
        ),
        (
            "uol",
            json.dumps([credit_record(1, "a"), credit_record(2, "a"), credit_record(3, "a", credits=-15)]),
            "credits[2].credits: must not be negative, got -15",
        ),
        (
            "uol",
            json.dumps([credit_record(1, "a", awarded_on="2026-02-30")]),
            "credits[0].awarded_on: must be a date as YYYY-MM-DD, got '2026-02-30'",
        ),
        ("nowhere", "[]", '--policy: no policy for provider "nowhere" in policies (known: ibers, ou, uol)'),
        ("ibers", "[]", "policy.awards: the ibers policy has no awards"),
    ],
    ids=[
        "not-json",
        "not-a-list",
        "missing-field",
        "wrong-type",
        "negative-credits",
        "bad-date",
        "unknown-policy",
        "no-awards",
    ],
)
def test_r_aw3_bad_input_is_one_line_naming_the_problem_and_exit_status_2(
    policy: str, stdin: str, problem: str
) -> None:
    finished = run_options("--policy", policy, "--credits", "-", stdin=stdin)
    assert (finished.returncode, finished.stdout, finished.stderr) == (
        2,
        "",
        f"microcred awards options: {problem}\n",
    )


def test_r_aw3_a_missing_credits_file_is_one_line_too(tmp_path: Path) -> None:
    finished = run_options("--policy", "uol", "--credits", str(tmp_path / "absent.json"))
    assert (finished.returncode, finished.stderr) == (
        2,
        f"microcred awards options: --credits: no such file: {tmp_path / 'absent.json'}\n",
    )
