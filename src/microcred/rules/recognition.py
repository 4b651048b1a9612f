"""Credit recognised towards a programme: a set exemption (R-AW5) and qualification linking (R-AW6).

Both are decisions over plain values, each check with its reason, so staff see why; staff approve on top.
"""

import datetime as dt
import enum
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from microcred.rules.errors import RuleInputError
from microcred.rules.policy import LinkingPolicy, Policy, SetExemptionPolicy


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _check_text(field: str, value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise RuleInputError(f"{field}: must be a non-empty string, got {value!r}")


@dataclass(frozen=True)
class ExemptionDecision:
    """R-AW5: whether a complete set exempts the learner from credits of ``programme``, and why not."""

    granted: bool
    credits: int
    sets: tuple[str, ...]
    programme: str
    reasons: tuple[str, ...]
    policy_version: str


def _set_exemption_policy(policy: Policy) -> SetExemptionPolicy:
    if policy.set_exemption is None:
        raise RuleInputError(f"policy.set_exemption: the {policy.provider} policy grants no set exemptions")
    return policy.set_exemption


def _passes(passes_by_set: Mapping[str, Collection[str]]) -> dict[str, int]:
    """Distinct microcredentials passed per set: passing one course twice counts once."""
    counted: dict[str, int] = {}
    for set_name, passed in passes_by_set.items():
        _check_text("passes_by_set", set_name)
        if isinstance(passed, str):
            raise RuleInputError(f"passes_by_set[{set_name!r}]: must be a collection of microcredentials")
        for microcredential in passed:
            _check_text(f"passes_by_set[{set_name!r}]", microcredential)
        counted[set_name] = len(set(passed))
    return counted


def _set_reasons(exemption: SetExemptionPolicy, counted: Mapping[str, int]) -> list[str]:
    if any(count >= exemption.set_size for count in counted.values()):
        return []
    if not any(counted.values()):
        return [f"no microcredential of a set has been passed; a set needs {exemption.set_size}"]
    nearest = min(counted, key=lambda set_name: (-counted[set_name], set_name))
    return [f"no set is complete: {nearest} has {counted[nearest]} of {exemption.set_size} passed"]


def _standing_reasons(exemption: SetExemptionPolicy, admitted: bool, department_approved: bool) -> list[str]:
    reasons = []
    if exemption.requires_admission and not admitted:
        reasons.append("the learner has not been admitted as a postgraduate student")
    if exemption.requires_department_approval and not department_approved:
        reasons.append("the academic department has not approved the exemption")
    return reasons


def _chosen_sets(
    exemption: SetExemptionPolicy, counted: Mapping[str, int], chosen_set: str | None
) -> tuple[tuple[str, ...], list[str]]:
    complete = sorted(set_name for set_name, count in counted.items() if count >= exemption.set_size)
    if chosen_set is None:
        # R-AW5: credit from one set only (max_sets), the first by name when more are complete.
        return tuple(complete[: exemption.max_sets]), []
    if chosen_set not in complete:
        return (), [f"the chosen set {chosen_set} is not complete"]
    return (chosen_set,), []


def set_exemption_decision(
    policy: Policy,
    passes_by_set: Mapping[str, Collection[str]],
    admitted: bool,
    department_approved: bool,
    chosen_programme: str,
    *,
    chosen_set: str | None = None,
) -> ExemptionDecision:
    """R-AW5: the passes of one complete set exempt the learner from exactly ``exemption_credits`` of a
    related programme, once admitted and approved by the department; never more, never from two sets.

    ``passes_by_set`` maps each set to the microcredentials of it the learner has passed.
    """
    exemption = _set_exemption_policy(policy)
    _check_text("chosen_programme", chosen_programme)
    counted = _passes(passes_by_set)
    reasons: list[str] = []
    if chosen_programme not in exemption.programmes:
        recognising = ", ".join(exemption.programmes)
        reasons.append(f"{chosen_programme} does not recognise sets; these do: {recognising}")
    reasons += _set_reasons(exemption, counted)
    sets, set_reasons = _chosen_sets(exemption, counted, chosen_set)
    reasons += set_reasons
    reasons += _standing_reasons(exemption, admitted, department_approved)
    granted = not reasons
    return ExemptionDecision(
        granted=granted,
        credits=exemption.exemption_credits * len(sets) if granted else 0,
        sets=sets if granted else (),
        programme=chosen_programme,
        reasons=tuple(reasons),
        policy_version=policy.version,
    )


@dataclass(frozen=True)
class MappingPeriod:
    """R-AW6: a microcredential is listed for a qualification from one day to another (both included);
    ``effective_to`` None means until further notice."""

    effective_from: dt.date
    effective_to: dt.date | None = None

    def __post_init__(self) -> None:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise RuleInputError(
                f"effective_to: must not be before effective_from {self.effective_from}, "
                f"got {self.effective_to}"
            )

    def covers(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def __str__(self) -> str:
        if self.effective_to is None:
            return f"from {_day(self.effective_from)}"
        return f"from {_day(self.effective_from)} to {_day(self.effective_to)}"


@dataclass(frozen=True)
class Exclusion:
    """R-AW6: two things that cannot both count towards the qualification: a microcredential and another
    microcredential or a module."""

    microcredential: str
    excludes: str


@dataclass(frozen=True)
class LinkingRequest:
    """R-AW6: a learner asks to count a completed microcredential towards a qualification.

    ``already_counted`` holds the microcredentials already linked to the qualification and the modules the
    learner holds; ``study_duration_years`` is the qualification's limit on the age of counted credit.
    """

    microcredential: str
    qualification: str
    studied_on: dt.date
    credit_awarded_on: dt.date
    requested_on: dt.date
    mappings: tuple[MappingPeriod, ...]
    exclusions: tuple[Exclusion, ...] = ()
    already_counted: tuple[str, ...] = ()
    study_duration_years: int | None = None
    entry_requirements_met: bool = False

    def __post_init__(self) -> None:
        _check_text("microcredential", self.microcredential)
        _check_text("qualification", self.qualification)
        if self.credit_awarded_on > self.requested_on:
            raise RuleInputError(
                f"credit_awarded_on: must not be after requested_on {self.requested_on}, "
                f"got {self.credit_awarded_on}"
            )
        if self.study_duration_years is not None and self.study_duration_years <= 0:
            raise RuleInputError(
                f"study_duration_years: must be more than 0, got {self.study_duration_years}"
            )


@dataclass(frozen=True)
class LinkingCheck:
    """One row of a linking decision: what was checked, whether it is met, and why."""

    name: str
    met: bool
    explanation: str


class LinkingOutcome(enum.StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"


@dataclass(frozen=True)
class LinkingDecision:
    """R-AW6: every check with its explanation; an eligible request still awaits staff when the policy
    says so."""

    checks: tuple[LinkingCheck, ...]
    outcome: LinkingOutcome
    needs_staff_approval: bool
    policy_version: str


def _listed_check(request: LinkingRequest) -> LinkingCheck:
    subject = f"{request.microcredential} for {request.qualification}"
    period = next((period for period in request.mappings if period.covers(request.studied_on)), None)
    if period is not None:
        return LinkingCheck(
            "listed", True, f"{subject} is listed {period}, which covers {_day(request.studied_on)}"
        )
    if not request.mappings:
        return LinkingCheck("listed", False, f"{subject} is not listed")
    listed = "; ".join(str(period) for period in request.mappings)
    explanation = f"{subject} was not listed on {_day(request.studied_on)} (listed {listed})"
    return LinkingCheck("listed", False, explanation)


def _restrictions_check(request: LinkingRequest) -> LinkingCheck:
    own = request.microcredential
    # Exclusions work both ways: a microcredential that excludes this one, or one this one excludes.
    excluded = {exclusion.excludes for exclusion in request.exclusions if exclusion.microcredential == own}
    excluded |= {exclusion.microcredential for exclusion in request.exclusions if exclusion.excludes == own}
    conflicts = sorted(excluded & set(request.already_counted))
    if conflicts:
        return LinkingCheck("restrictions", False, f"{own} cannot count together with {', '.join(conflicts)}")
    return LinkingCheck("restrictions", True, f"nothing already counted excludes {own}")


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        # 29 February in a year that has none: the day before.
        return day.replace(year=day.year - years, day=28)


def _duration_check(request: LinkingRequest) -> LinkingCheck:
    years = request.study_duration_years
    if years is None:
        return LinkingCheck(
            "study_duration", True, f"{request.qualification} sets no limit on the age of credit"
        )
    earliest = _years_before(request.requested_on, years)
    awarded = _day(request.credit_awarded_on)
    if request.credit_awarded_on >= earliest:
        return LinkingCheck(
            "study_duration",
            True,
            f"credit awarded {awarded} is within {years} years of {_day(request.requested_on)}",
        )
    explanation = f"credit awarded {awarded} is older than {years} years: it must be from {_day(earliest)} on"
    return LinkingCheck("study_duration", False, explanation)


def _entry_check(request: LinkingRequest) -> LinkingCheck:
    if request.entry_requirements_met:
        return LinkingCheck(
            "entry_requirements", True, f"the entry requirements of {request.qualification} are met"
        )
    return LinkingCheck(
        "entry_requirements", False, f"the entry requirements of {request.qualification} are not met"
    )


def _linking_policy(policy: Policy) -> LinkingPolicy:
    if policy.qualification_linking is None:
        raise RuleInputError(
            f"policy.qualification_linking: the {policy.provider} policy links no qualifications"
        )
    return policy.qualification_linking


def linking_decision(policy: Policy, request: LinkingRequest) -> LinkingDecision:
    """R-AW6: may this microcredential count towards the qualification? Listed on the date of study, no
    restriction against what already counts, credit young enough and entry requirements met (the last two
    when the policy checks them)."""
    linking = _linking_policy(policy)
    checks: Sequence[LinkingCheck] = [_listed_check(request), _restrictions_check(request)]
    if linking.checks_study_duration:
        checks = [*checks, _duration_check(request)]
    if linking.checks_entry_requirements:
        checks = [*checks, _entry_check(request)]
    eligible = all(check.met for check in checks)
    return LinkingDecision(
        checks=tuple(checks),
        outcome=LinkingOutcome.ELIGIBLE if eligible else LinkingOutcome.NOT_ELIGIBLE,
        needs_staff_approval=linking.requires_staff_approval,
        policy_version=policy.version,
    )
