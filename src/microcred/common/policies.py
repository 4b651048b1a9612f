"""The policy registry: every ``*.toml`` in ``settings.POLICY_DIR`` parsed once per process into a
``Policy``, keyed by provider slug (the file name, R-PO1)."""

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from microcred.rules.errors import PolicyError, PolicyProblem
from microcred.rules.policy import Policy, load_policy


class UnknownPolicyError(LookupError):
    """No policy file for the provider slug asked for."""


@dataclass(frozen=True)
class PolicyDirectory:
    """What a policy directory holds: the policies that loaded and the files that were refused."""

    policies: Mapping[str, Policy]
    errors: tuple[PolicyError, ...]


def display_path(path: Path) -> str:
    """A path as people read it in messages: ``policies/uol.toml`` inside the checkout, absolute outside."""
    try:
        return str(path.resolve().relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return str(path)


def read_policy_directory(directory: Path) -> PolicyDirectory:
    """Load every policy file of ``directory``, collecting refused ones rather than stopping at the first."""
    if not directory.is_dir():
        problem = PolicyProblem("", "policy directory not found (set MICROCRED_POLICY_DIR)")
        return PolicyDirectory({}, (PolicyError(display_path(directory), (problem,)),))
    policies: dict[str, Policy] = {}
    errors: list[PolicyError] = []
    for path in sorted(directory.glob("*.toml")):
        try:
            policy = load_policy(path)
        except PolicyError as error:
            errors.append(PolicyError(display_path(path), error.problems))
        else:
            policies[policy.provider] = policy
    if not policies and not errors:
        problem = PolicyProblem("", "no *.toml policy files")
        errors.append(PolicyError(display_path(directory), (problem,)))
    return PolicyDirectory(policies, tuple(errors))


_lock = threading.Lock()
_loaded: dict[Path, PolicyDirectory] = {}


def _current() -> PolicyDirectory:
    # Keyed by directory so tests that point POLICY_DIR elsewhere get that directory's policies.
    directory = Path(settings.POLICY_DIR)
    with _lock:
        if directory not in _loaded:
            _loaded[directory] = read_policy_directory(directory)
        return _loaded[directory]


def clear_policy_cache() -> None:
    """Forget loaded policies, so the next lookup reads the files again (tests, a reload after an edit)."""
    with _lock:
        _loaded.clear()


def all_policies() -> Mapping[str, Policy]:
    """Every valid policy, by provider slug. A refused file raises its PolicyError here too: the platform
    never runs on a half-valid set of policies (R-PO2)."""
    directory = _current()
    if directory.errors:
        raise directory.errors[0]
    return directory.policies


def get_policy(slug: str) -> Policy:
    policies = all_policies()
    try:
        return policies[slug]
    except KeyError:
        known = ", ".join(sorted(policies)) or "none"
        raise UnknownPolicyError(
            f'no policy for provider "{slug}" in {display_path(Path(settings.POLICY_DIR))} (known: {known})'
        ) from None
