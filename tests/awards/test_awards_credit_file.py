"""Held credit read from JSON for the award planner: each refusal names its place (R-AW1)."""

import datetime as dt
import json

import pytest

from microcred.awards.credit_file import CreditFileError, held_credits_from_json
from microcred.rules.awards import HeldCredit


def record(number: int, **changes: object) -> dict[str, object]:
    return {
        "id": f"c{number}",
        "provider": "uol",
        "subject": "Data Science",
        "credits": 15,
        "level": 7,
        "awarded_on": "2026-03-01",
        **changes,
    }


def test_r_aw1_records_become_held_credit() -> None:
    assert held_credits_from_json(json.dumps([record(1), record(2, subject="Law", extra="ignored")])) == (
        HeldCredit("c1", "uol", "Data Science", 15, 7, dt.date(2026, 3, 1)),
        HeldCredit("c2", "uol", "Law", 15, 7, dt.date(2026, 3, 1)),
    )


@pytest.mark.parametrize(
    ("records", "problem"),
    [
        ([record(1), "c2"], "credits[1]: must be an object, got a string"),
        ([record(1, credits=15.0)], "credits[0].credits: must be a whole number, got a number"),
        ([record(1, credits=True)], "credits[0].credits: must be a whole number, got true or false"),
        ([record(1, credits=0)], "credits[0].credits: must be more than 0, got 0"),
        ([record(1, id=None)], "credits[0].id: must be a string, got null"),
        ([record(1, id="")], "credits[0].id: must not be empty"),
        ([record(1, subject=["a"])], "credits[0].subject: must be a string, got a list"),
        ([record(1, level=9)], "credits[0].level: must be an FHEQ level from 4 to 8, got 9"),
        (
            [record(1, awarded_on="1 March 2026")],
            "credits[0].awarded_on: must be a date as YYYY-MM-DD, got '1 March 2026'",
        ),
        (
            [record(1, awarded_on="20260301")],
            "credits[0].awarded_on: must be a date as YYYY-MM-DD, got '20260301'",
        ),
        ([record(1), record(2), record(1)], "credits[2].id: 'c1' is already the id of credits[0]"),
    ],
)
def test_r_aw1_bad_records_are_refused_naming_the_place(records: list[object], problem: str) -> None:
    with pytest.raises(CreditFileError) as refused:
        held_credits_from_json(json.dumps(records))
    assert str(refused.value) == problem
