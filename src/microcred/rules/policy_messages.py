"""Pydantic's validation errors turned into policy problems: a dotted key (``awards.ladder[1].credits``)
and a reason written for the person who edits the TOML file."""

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from microcred.rules.errors import PolicyProblem

_EXPECTED = {
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "an integer",
    "string_type": "a string",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "tuple_type": "a list",
    "list_type": "a list",
    "dataclass_type": "a table",
    "dataclass_args_type": "a table",
    "dict_type": "a table",
    "model_type": "a table",
    "time_type": "a time of day such as 23:59:00",
    "time_parsing": "a time of day such as 23:59:00",
    "date_type": "a date such as 2026-09-01",
    "date_parsing": "a date such as 2026-09-01",
}

_LONGEST_SHOWN_BITS = 256

_COMPARISON = {
    "greater_than": ("gt", ">"),
    "greater_than_equal": ("ge", ">="),
    "less_than": ("lt", "<"),
    "less_than_equal": ("le", "<="),
}


def dotted_key(location: Sequence[int | str]) -> str:
    """``("awards", "ladder", 1, "credits")`` → ``awards.ladder[1].credits``."""
    key = ""
    for part in location:
        if isinstance(part, int):
            key += f"[{part}]"
        else:
            key += f".{part}" if key else part
    return key


def toml_value(value: object) -> str:
    """A value as it would be written in TOML, so the message quotes what the file says."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _LONGEST_SHOWN_BITS:
        # Python refuses to write out an integer of more than 4,300 digits; none belongs in a policy.
        return "a number too long to show"
    if isinstance(value, bool | int | float | str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    return repr(value)


def reason(error: ErrorDetails) -> str:
    """A readable reason for one pydantic error; unusual cases fall back to pydantic's own message."""
    kind = error["type"]
    context: dict[str, Any] = dict(error.get("ctx") or {})
    got = toml_value(error["input"])
    if kind == "missing":
        return "required key is missing"
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):
        return "unknown key"
    if kind in _EXPECTED:
        return f"must be {_EXPECTED[kind]}, got {got}"
    if kind in _COMPARISON:
        name, sign = _COMPARISON[kind]
        return f"must be {sign} {context[name]}, got {got}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "enum":
        return f"must be one of {context['expected']}, got {got}".replace("'", '"')
    message = error["msg"]
    return message[:1].lower() + message[1:]


def problems_from_validation_error(error: ValidationError) -> tuple[PolicyProblem, ...]:
    return tuple(
        PolicyProblem(dotted_key(detail["loc"]), reason(detail)) for detail in error.errors(include_url=False)
    )
