"""Held credit from JSON (``microcred awards options --credits FILE``): every problem names its place, as
``credits[2].credits: must not be negative, got -15``."""

import datetime as dt
import json
from collections.abc import Mapping

from microcred.rules.awards import HeldCredit
from microcred.rules.errors import RuleInputError

_FIELDS: dict[str, type] = {
    "id": str,
    "provider": str,
    "subject": str,
    "credits": int,
    "level": int,
    "awarded_on": str,
}
_JSON_TYPES = {
    str: "a string",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list",
}


class CreditFileError(ValueError):
    """The credit file cannot be read as held credit; ``str()`` is one line naming the place."""


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _field(record: Mapping[str, object], name: str, place: str) -> object:
    if name not in record:
        raise CreditFileError(f"{place}.{name}: missing")
    value = record[name]
    expected = _FIELDS[name]
    # JSON true is a Python bool, which is an int too: refuse it where a number is expected.
    if not isinstance(value, expected) or isinstance(value, bool):
        raise CreditFileError(f"{place}.{name}: must be {_JSON_TYPES[expected]}, got {_json_type(value)}")
    return value


def _day(text: str, place: str) -> dt.date:
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CreditFileError(f"{place}.awarded_on: must be a date as YYYY-MM-DD, got {text!r}") from None


def _held_credit(record: object, place: str) -> HeldCredit:
    if not isinstance(record, dict):
        raise CreditFileError(f"{place}: must be an object, got {_json_type(record)}")
    values = {name: _field(record, name, place) for name in _FIELDS}
    values["awarded_on"] = _day(str(values["awarded_on"]), place)
    try:
        return HeldCredit(**values)  # type: ignore[arg-type]
    except RuleInputError as error:
        raise CreditFileError(f"{place}.{error}") from None


def held_credits_from_json(text: str) -> tuple[HeldCredit, ...]:
    """``[{"id": "c1", "provider": "uol", "subject": "Data Science", "credits": 15, "level": 7,
    "awarded_on": "2026-03-01"}, …]`` as held credit; refused with one line naming the place."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CreditFileError(f"credits: not valid JSON: {error}") from None
    if not isinstance(data, list):
        raise CreditFileError(f"credits: must be a list of credits, got {_json_type(data)}")
    held = tuple(_held_credit(record, f"credits[{index}]") for index, record in enumerate(data))
    first_place: dict[str, int] = {}
    for index, credit in enumerate(held):
        if credit.id in first_place:
            raise CreditFileError(
                f"credits[{index}].id: {credit.id!r} is already the id of credits[{first_place[credit.id]}]"
            )
        first_place[credit.id] = index
    return held
