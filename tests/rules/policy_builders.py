"""Policies for the rules tests: the shipped files, and copies of them with one key changed."""

import copy
import re
import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from microcred.rules.policy import Policy, load_policy, parse_policy

POLICY_DIR = Path(__file__).resolve().parents[2] / "policies"
SHIPPED = ("ibers", "ou", "uol")
DELETE = object()

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@cache
def _shipped_data(provider: str) -> dict[str, Any]:
    with open(POLICY_DIR / f"{provider}.toml", "rb") as file:
        return tomllib.load(file)


def policy_data(provider: str) -> dict[str, Any]:
    """A fresh, editable copy of a shipped policy's TOML data."""
    return copy.deepcopy(_shipped_data(provider))


@cache
def shipped_policy(provider: str) -> Policy:
    return load_policy(POLICY_DIR / f"{provider}.toml")


def set_key(data: dict[str, Any], key: str, value: object) -> dict[str, Any]:
    """Set (or, with DELETE, remove) a dotted key such as ``awards.ladder[1].credits`` in ``data``."""
    parts: list[str | int] = [name if name else int(index) for name, index in _PART.findall(key)]
    target: Any = data
    for part in parts[:-1]:
        if isinstance(part, str) and part not in target:
            target[part] = {}
        target = target[part]
    if value is DELETE:
        del target[parts[-1]]
    else:
        target[parts[-1]] = value
    return data


def policy_with(provider: str, changes: Mapping[str, object]) -> Policy:
    data = policy_data(provider)
    for key, value in changes.items():
        set_key(data, key, value)
    return parse_policy(data, f"policies/{provider}.toml")
