"""R-PO2 under fuzzing: whatever a policy file holds, the loader answers with a Policy or with its own
PolicyError naming file, key and reason, never another exception. Three kinds of document: random TOML-shaped
tables, the shipped policies with keys dropped, retyped or replaced, and the shipped files' text with bytes
flipped, lines dropped and junk inserted."""

import copy
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policy_builders import POLICY_DIR, SHIPPED, policy_data

from microcred.rules.errors import PolicyError
from microcred.rules.policy import Policy, load_policy, parse_policy

FUZZ = settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
SOURCE = "policies/fuzz.toml"


def _keys(data: Any) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {key for value in data.values() for key in _keys(value)}
    if isinstance(data, list):
        return {key for value in data for key in _keys(value)}
    return set()


# The names the real files use, so random tables reach past the first "unknown key".
REAL_KEYS = sorted(set().union(*(_keys(policy_data(provider)) for provider in SHIPPED)))
keys = st.one_of(st.sampled_from(REAL_KEYS), st.text(max_size=12))
scalars = st.one_of(
    st.booleans(),
    st.integers(),
    # Up to past what str() of an int allows (4,300 digits): a message quoting it must not fail.
    st.integers(min_value=1, max_value=6000).map(lambda digits: -(10**digits)),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["uol", "GBP", "GB", "Europe/London", "2026.1", "../etc/zone", "\x00", "Mars/Olympus"]),
    st.dates(),
    st.times(),
    st.datetimes(),
)
toml_values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)),
    max_leaves=30,
)


def _assert_clean(outcome: object) -> None:
    if isinstance(outcome, PolicyError):
        assert outcome.problems
        assert all(isinstance(problem.reason, str) and problem.reason for problem in outcome.problems)
        assert str(outcome).startswith(outcome.source)
    else:
        assert isinstance(outcome, Policy)


def _parsed(data: dict[str, Any]) -> object:
    try:
        return parse_policy(data, SOURCE)
    except PolicyError as error:
        return error


@FUZZ
@given(st.dictionaries(keys, toml_values, max_size=12))
def test_r_po2_a_random_table_is_a_policy_or_a_policy_error(data: dict[str, Any]) -> None:
    _assert_clean(_parsed(data))


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key and list index in the document, outermost first."""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    found = []
    for key, value in items:
        found.append((*prefix, key))
        found.extend(_paths(value, (*prefix, key)))
    return found


MUTATIONS = ("drop", "replace", "retype", "duplicate", "empty", "wrap")


def _mutated(data: dict[str, Any], path: tuple[Any, ...], mutation: str, value: object) -> dict[str, Any]:
    parent: Any = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    current = parent[last]
    if mutation == "drop":
        del parent[last]
    elif mutation == "replace":
        parent[last] = value
    elif mutation == "retype":
        parent[last] = str(current) if not isinstance(current, str) else len(current)
    elif mutation == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(current))
    elif mutation == "empty":
        parent[last] = type(current)() if isinstance(current, dict | list | str) else 0
    else:
        parent[last] = [current]
    return data


@st.composite
def mutated_policies(draw: st.DrawFn) -> dict[str, Any]:
    data = policy_data(draw(st.sampled_from(SHIPPED)))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        paths = _paths(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        data = _mutated(data, path, draw(st.sampled_from(MUTATIONS)), draw(toml_values))
    return data


@FUZZ
@given(mutated_policies())
def test_r_po2_a_mutated_shipped_policy_is_a_policy_or_a_policy_error(data: dict[str, Any]) -> None:
    _assert_clean(_parsed(data))


SHIPPED_TEXT = {provider: (POLICY_DIR / f"{provider}.toml").read_bytes() for provider in SHIPPED}


@st.composite
def mutated_files(draw: st.DrawFn) -> tuple[str, bytes]:
    provider = draw(st.sampled_from(SHIPPED))
    text = bytearray(SHIPPED_TEXT[provider])
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        at = draw(st.integers(min_value=0, max_value=len(text) - 1))
        kind = draw(st.sampled_from(("flip", "drop_line", "insert")))
        if kind == "flip":
            text[at] ^= 1 << draw(st.integers(min_value=0, max_value=7))
        elif kind == "drop_line":
            start = text.rfind(b"\n", 0, at) + 1
            end = text.find(b"\n", at)
            del text[start : end if end >= 0 else len(text)]
        else:
            junk = draw(
                st.sampled_from([b"[", b"]]", b'"', b"=", b"\n[tracks]\n", b"\xff\xfe", b"0x", b"\\u"])
            )
            text[at:at] = junk
        if not text:
            text = bytearray(b"=")
    return provider, bytes(text)


@FUZZ
@given(mutated_files())
def test_r_po2_a_damaged_policy_file_is_a_policy_or_a_policy_error(document: tuple[str, bytes]) -> None:
    provider, text = document
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"{provider}.toml"
        path.write_bytes(text)
        try:
            outcome: object = load_policy(path)
        except PolicyError as error:
            outcome = error
    _assert_clean(outcome)


def test_r_po2_an_integer_too_long_for_python_to_read_is_a_policy_error(tmp_path: Path) -> None:
    path = tmp_path / "uol.toml"
    path.write_text(f"provider = {'9' * 5000}\n")

    with pytest.raises(PolicyError) as refused:
        load_policy(path)

    assert str(refused.value) == f"{path}: a number is too long to read"


def test_r_po2_an_integer_too_long_to_show_is_named_not_quoted() -> None:
    data = policy_data("uol")
    data["name"] = 10**5000

    with pytest.raises(PolicyError) as refused:
        parse_policy(data, SOURCE)

    assert str(refused.value) == f"{SOURCE}: name: must be a string, got a number too long to show"
