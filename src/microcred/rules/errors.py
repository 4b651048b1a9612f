"""Errors for invalid input to the rules core. Decisions are returned as values, never raised."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PolicyProblem:
    """One thing wrong with a policy file: where it is and why, e.g. ``grading.pass_mark``. A problem with the
    file as a whole (not found, TOML syntax) has an empty key."""

    key: str
    reason: str

    def __str__(self) -> str:
        return f"{self.key}: {self.reason}" if self.key else self.reason


class PolicyError(ValueError):
    """A policy file is refused (R-PO2). ``str()`` gives one line per problem: ``file: key: reason``."""

    def __init__(self, source: str, problems: tuple[PolicyProblem, ...]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("\n".join(f"{source}: {problem}" for problem in problems))


class RuleInputError(ValueError):
    """A rule was given a value it cannot decide on (negative credits, a mark of 101, …)."""
