"""Checks across fields of a policy that types alone cannot make (R-PO2): windows that overlap or run
backwards, boundaries and ladders that do not increase, duplicate ids, a top-up between unknown tracks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise
from typing import TYPE_CHECKING

from microcred.rules.errors import PolicyProblem
from microcred.rules.policy_messages import toml_value

if TYPE_CHECKING:
    from microcred.rules.policy import AssessmentPolicy, AwardsPolicy, GradingPolicy, Policy


def _duplicates(key: str, values: Iterable[object], label: str = "id") -> Iterator[PolicyProblem]:
    first_seen: dict[object, int] = {}
    for index, value in enumerate(values):
        if value in first_seen:
            yield PolicyProblem(
                f"{key}[{index}].{label}",
                f"duplicate {label} {toml_value(value)} (also {key}[{first_seen[value]}])",
            )
        else:
            first_seen[value] = index


def _not_empty(key: str, values: tuple[object, ...]) -> Iterator[PolicyProblem]:
    if not values:
        yield PolicyProblem(key, "must list at least one")


def _increasing(key: str, values: Iterable[int], label: str) -> Iterator[PolicyProblem]:
    previous: int | None = None
    for index, value in enumerate(values):
        if previous is not None and value <= previous:
            yield PolicyProblem(
                f"{key}[{index}].{label}", f"must be greater than the one before ({previous}), got {value}"
            )
        previous = value


def _track_problems(policy: Policy) -> Iterator[PolicyProblem]:
    yield from _not_empty("tracks", policy.tracks)
    yield from _duplicates("tracks", (track.id for track in policy.tracks))
    yield from _duplicates("declarations", (declaration.id for declaration in policy.declarations))
    if policy.top_up is None:
        return
    known = {track.id for track in policy.tracks}
    for field in ("from_track", "to_track"):
        track_id = getattr(policy.top_up, field)
        if track_id not in known:
            yield PolicyProblem(f"top_up.{field}", f'no track with id "{track_id}"')
    if policy.top_up.from_track == policy.top_up.to_track:
        yield PolicyProblem("top_up.to_track", "must differ from from_track")


def _credit_problems(policy: Policy) -> Iterator[PolicyProblem]:
    levels = policy.credit.levels
    yield from _not_empty("credit.levels", levels)
    yield from _duplicates("credit.levels", (mapping.level for mapping in levels), "level")


def _window_problems(assessment: AssessmentPolicy) -> Iterator[PolicyProblem]:
    windows = assessment.windows
    key = "assessment.windows.spans"
    if windows.mode == "continuous":
        if windows.spans:
            yield PolicyProblem(key, "must be empty when mode is continuous")
        if assessment.attempts.later_window_required:
            yield PolicyProblem(
                "assessment.attempts.later_window_required", "cannot be true when windows are continuous"
            )
        return
    yield from _not_empty(key, windows.spans)
    for index, span in enumerate(windows.spans):
        if span.first_day > span.last_day:
            yield PolicyProblem(
                f"{key}[{index}]", f"first_day ({span.first_day}) is after last_day ({span.last_day})"
            )
    ordered = sorted(enumerate(windows.spans), key=lambda pair: pair[1].first_day)
    for (earlier_index, earlier), (index, span) in pairwise(ordered):
        if span.first_day <= earlier.last_day:
            yield PolicyProblem(
                f"{key}[{index}]",
                f"days {span.first_day}–{span.last_day} overlap {key}[{earlier_index}] "
                f"(days {earlier.first_day}–{earlier.last_day})",
            )


def _assessment_problems(policy: Policy) -> Iterator[PolicyProblem]:
    yield from _window_problems(policy.assessment)
    yield from _not_empty("assessment.types", policy.assessment.types)
    yield from _duplicates("assessment.types", (kind.id for kind in policy.assessment.types))
    merit_mark = policy.grading.merit_mark if policy.grading.scheme == "distinction_merit_pass_fail" else None
    for index, kind in enumerate(policy.assessment.types):
        # A type's own pass mark must leave room for Merit and Distinction above it.
        if merit_mark is not None and kind.pass_mark is not None and kind.pass_mark >= merit_mark:
            yield PolicyProblem(
                f"assessment.types[{index}].pass_mark",
                f"must be less than grading.merit_mark ({merit_mark}), got {kind.pass_mark}",
            )


def _grading_problems(grading: GradingPolicy) -> Iterator[PolicyProblem]:
    extra = ("merit_mark", "distinction_mark")
    if grading.scheme == "pass_fail":
        for field in extra:
            if getattr(grading, field) is not None:
                yield PolicyProblem(f"grading.{field}", "must be absent when scheme is pass_fail")
        return
    missing = [field for field in extra if getattr(grading, field) is None]
    for field in missing:
        yield PolicyProblem(f"grading.{field}", f"required when scheme is {grading.scheme}")
    if missing:
        return
    boundaries = (("pass_mark", grading.pass_mark), *((field, getattr(grading, field)) for field in extra))
    for (lower_name, lower), (name, value) in pairwise(boundaries):
        if value <= lower:
            yield PolicyProblem(
                f"grading.{name}", f"must be greater than {lower_name} ({lower}), got {value}"
            )


def _help_problems(policy: Policy) -> Iterator[PolicyProblem]:
    help_policy = policy.help
    if help_policy.warn_before_hours >= help_policy.answer_target_hours:
        yield PolicyProblem(
            "help.warn_before_hours",
            f"must be less than answer_target_hours ({help_policy.answer_target_hours}), "
            f"got {help_policy.warn_before_hours}",
        )


def _awards_problems(awards: AwardsPolicy | None) -> Iterator[PolicyProblem]:
    if awards is None:
        return
    yield from _not_empty("awards.ladder", awards.ladder)
    yield from _increasing("awards.ladder", (step.credits for step in awards.ladder), "credits")
    yield from _duplicates("awards.ladder", (step.name for step in awards.ladder), "name")
    if awards.titles.minor_share_max_percent >= 50:
        yield PolicyProblem(
            "awards.titles.minor_share_max_percent",
            f"must be less than 50 (the minor subject is the smaller one), "
            f"got {awards.titles.minor_share_max_percent}",
        )


def _recognition_problems(policy: Policy) -> Iterator[PolicyProblem]:
    if policy.set_exemption is not None:
        yield from _not_empty("set_exemption.programmes", policy.set_exemption.programmes)


_CHECKS: tuple[Callable[[Policy], Iterable[PolicyProblem]], ...] = (
    _credit_problems,
    _track_problems,
    _assessment_problems,
    lambda policy: _grading_problems(policy.grading),
    _help_problems,
    lambda policy: _awards_problems(policy.awards),
    _recognition_problems,
)


def policy_problems(policy: Policy) -> tuple[PolicyProblem, ...]:
    """Every cross-field problem of a type-valid policy, in file order; empty when it is consistent."""
    return tuple(problem for check in _CHECKS for problem in check(policy))
