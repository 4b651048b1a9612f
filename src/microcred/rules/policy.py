"""A provider's policy (R-PO1): every number a university differs in, read from ``policies/<provider>.toml``.

The file is read with tomllib, validated by pydantic (types checked strictly, unknown keys refused), checked
for consistency across fields (R-PO2), and returned as frozen dataclasses. ``policies/README.md`` documents
every key. A wrong file raises ``PolicyError`` with one line per problem: ``file: key: reason``.
"""

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import ConfigDict, Field, Strict, TypeAdapter, ValidationError

from microcred.rules.errors import PolicyError, PolicyProblem
from microcred.rules.policy_consistency import policy_problems
from microcred.rules.policy_messages import problems_from_validation_error
from microcred.rules.policy_values import (
    AchievementType,
    CountryCode,
    CurrencyCode,
    DayOfMonth,
    Identifier,
    Month,
    Name,
    NonNegativeInt,
    Percent,
    PositiveInt,
    Slug,
    Text,
    TimeZoneName,
    Version,
)

# Every section refuses keys it does not know; a typo must not be silently ignored (R-PO2).
_SECTION = ConfigDict(extra="forbid")

LocalTime = Annotated[time, Strict()]


class Cycle(StrEnum):
    """QF-EHEA cycle of a level (R-CR2)."""

    SHORT = "short"
    FIRST = "first"
    SECOND = "second"
    THIRD = "third"


class WindowMode(StrEnum):
    """How submission windows recur (R-AS2): a span of days each month, or open all the time."""

    MONTHLY = "monthly"
    CONTINUOUS = "continuous"


class GradingScheme(StrEnum):
    """R-AS4: the outcomes a mark can give."""

    PASS_FAIL = "pass_fail"
    DISTINCTION_MERIT_PASS_FAIL = "distinction_merit_pass_fail"


@dataclass(frozen=True)
class LevelMapping:
    """R-CR2: a level of the provider's framework, and where it sits in EQF and the QF-EHEA."""

    __pydantic_config__ = _SECTION
    level: PositiveInt
    eqf_level: Annotated[int, Strict(), Field(ge=1, le=8)]
    cycle: Cycle | None = None


@dataclass(frozen=True)
class EctsConversion:
    """R-CR1: ``uk_credits`` UK credits are worth ``ects`` ECTS credits; two integers keep it exact."""

    __pydantic_config__ = _SECTION
    uk_credits: PositiveInt
    ects: PositiveInt


@dataclass(frozen=True)
class CreditPolicy:
    """R-CR1, R-CR2, R-CR4: how credit is counted, levelled and how long it stays valid."""

    __pydantic_config__ = _SECTION
    hours_per_credit: PositiveInt
    ects: EctsConversion
    level_framework: Text
    levels: tuple[LevelMapping, ...]
    # R-CR4: None means credit, once awarded, stays valid.
    validity_years: PositiveInt | None = None

    @property
    def uk_credits_per_ects(self) -> Fraction:
        return Fraction(self.ects.uk_credits, self.ects.ects)


@dataclass(frozen=True)
class Declaration:
    """R-EN1: one statement a learner ticks to self-certify an entry requirement."""

    __pydantic_config__ = _SECTION
    id: Identifier
    text: Text


@dataclass(frozen=True)
class Track:
    """R-EN2/3: a way to take a course, with its price in minor units and whether it leads to credit."""

    __pydantic_config__ = _SECTION
    id: Identifier
    name: Text
    price_minor: NonNegativeInt
    credit_bearing: Annotated[bool, Strict()]


@dataclass(frozen=True)
class TopUp:
    """R-EN3: moving from one track to another for a price, before the registration expires."""

    __pydantic_config__ = _SECTION
    from_track: Identifier
    to_track: Identifier
    price_minor: NonNegativeInt


@dataclass(frozen=True)
class RegistrationPolicy:
    """R-EN4: a registration lasts some months; one spanning the academic year start must be renewed."""

    __pydantic_config__ = _SECTION
    duration_months: PositiveInt
    academic_year_start_month: Month
    academic_year_start_day: DayOfMonth
    re_registration_required: Annotated[bool, Strict()]


@dataclass(frozen=True)
class RefundPolicy:
    """R-EN5: a full refund up to ``window_days`` after the course starts (or access began, for anytime)."""

    __pydantic_config__ = _SECTION
    window_days: PositiveInt
    refused_after_summative_submission: Annotated[bool, Strict()]


@dataclass(frozen=True)
class UpgradeDeductionPolicy:
    """R-EN6: what was paid for microcredentials comes off the first module of a full programme, capped."""

    __pydantic_config__ = _SECTION
    module_credits: PositiveInt
    module_fee_minor: PositiveInt
    includes_top_ups: Annotated[bool, Strict()]
    excludes_refunded: Annotated[bool, Strict()]


@dataclass(frozen=True)
class DaySpan:
    """R-AS2: days ``first_day``..``last_day`` of every month, both included."""

    __pydantic_config__ = _SECTION
    first_day: DayOfMonth
    last_day: DayOfMonth


@dataclass(frozen=True)
class WindowPolicy:
    """R-AS2: when summative work may be submitted. A window opens 00:00 local on its first day and closes
    at ``closes_at`` local on its last day."""

    __pydantic_config__ = _SECTION
    mode: WindowMode
    spans: tuple[DaySpan, ...] = ()
    closes_at: LocalTime = time(23, 59)


@dataclass(frozen=True)
class AttemptPolicy:
    """R-AS3: attempts in all (first attempt included), and whether each resit needs a later window."""

    __pydantic_config__ = _SECTION
    max_attempts: PositiveInt
    later_window_required: Annotated[bool, Strict()]


@dataclass(frozen=True)
class AssessmentType:
    """R-AS1: a kind of final assessment; its own pass mark overrides the grading pass mark."""

    __pydantic_config__ = _SECTION
    id: Identifier
    name: Text
    pass_mark: Percent | None = None
    word_limit: PositiveInt | None = None


@dataclass(frozen=True)
class AssessmentPolicy:
    """R-AS1–3, R-AS6: windows, attempts, the assessment types offered and the word-limit tolerance."""

    __pydantic_config__ = _SECTION
    windows: WindowPolicy
    attempts: AttemptPolicy
    types: tuple[AssessmentType, ...]
    # R-AS6: a word count over the limit by more than this share is flagged to the marker.
    word_limit_tolerance_percent: Percent


@dataclass(frozen=True)
class GradingPolicy:
    """R-AS4/5: the scheme, its boundaries (integer marks 0–100), and whether learners see the mark."""

    __pydantic_config__ = _SECTION
    scheme: GradingScheme
    pass_mark: Percent
    show_mark_to_learner: Annotated[bool, Strict()]
    merit_mark: Percent | None = None
    distinction_mark: Percent | None = None


@dataclass(frozen=True)
class HelpPolicy:
    """R-LE3: a mentor answers help-area questions within a target; staff are warned before it passes."""

    __pydantic_config__ = _SECTION
    answer_target_hours: PositiveInt
    warn_before_hours: NonNegativeInt


@dataclass(frozen=True)
class AwardStep:
    """R-AW1: a rung of the award ladder, e.g. 60 credits make a PGCert."""

    __pydantic_config__ = _SECTION
    name: Name
    credits: PositiveInt
    # R-AW4: the type its credential's achievement carries (``Certificate`` for a PGCert).
    achievement_type: AchievementType


@dataclass(frozen=True)
class TitleRules:
    """R-AW2: thresholds that turn the balance of subjects into an award title."""

    __pydantic_config__ = _SECTION
    minor_share_max_percent: Percent
    interdisciplinary_title: Name
    # Two subjects already have titles of their own ("a and b", "a with b"); above three, a three-subject
    # choice would have none.
    interdisciplinary_min_subjects: Annotated[int, Strict(), Field(ge=2, le=3)]


@dataclass(frozen=True)
class AwardsPolicy:
    """R-AW1–4: credits stack into awards of one level, titled by subject balance."""

    __pydantic_config__ = _SECTION
    level: PositiveInt
    own_provider_only: Annotated[bool, Strict()]
    higher_supersedes_lower: Annotated[bool, Strict()]
    ladder: tuple[AwardStep, ...]
    titles: TitleRules


@dataclass(frozen=True)
class SetExemptionPolicy:
    """R-AW5: a complete set of microcredentials exempts the learner from credits of a related programme."""

    __pydantic_config__ = _SECTION
    set_size: PositiveInt
    exemption_credits: PositiveInt
    programmes: tuple[Text, ...]
    requires_admission: Annotated[bool, Strict()]
    requires_department_approval: Annotated[bool, Strict()]
    max_sets: PositiveInt = 1


@dataclass(frozen=True)
class LinkingPolicy:
    """R-AW6: linking a completed microcredential to a qualification, on a staff decision."""

    __pydantic_config__ = _SECTION
    requires_staff_approval: Annotated[bool, Strict()]
    checks_entry_requirements: Annotated[bool, Strict()]
    checks_study_duration: Annotated[bool, Strict()]


@dataclass(frozen=True)
class Policy:
    """One provider's policy, as loaded from its TOML file (R-PO1)."""

    __pydantic_config__ = _SECTION
    provider: Slug
    name: Text
    version: Version
    currency: CurrencyCode
    timezone: TimeZoneName
    country: CountryCode
    credit: CreditPolicy
    declarations_version: Text
    declarations: tuple[Declaration, ...]
    tracks: tuple[Track, ...]
    assessment: AssessmentPolicy
    grading: GradingPolicy
    help: HelpPolicy
    region: Text | None = None
    top_up: TopUp | None = None
    registration: RegistrationPolicy | None = None
    refunds: RefundPolicy | None = None
    upgrade_deduction: UpgradeDeductionPolicy | None = None
    awards: AwardsPolicy | None = None
    set_exemption: SetExemptionPolicy | None = None
    qualification_linking: LinkingPolicy | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def track(self, track_id: str) -> Track | None:
        return next((track for track in self.tracks if track.id == track_id), None)


_POLICY_ADAPTER: TypeAdapter[Policy] = TypeAdapter(Policy)


def parse_policy(data: Mapping[str, Any], source: str) -> Policy:
    """Validate parsed TOML data; raise PolicyError naming ``source`` and every problem found."""
    try:
        policy = _POLICY_ADAPTER.validate_python(dict(data))
    except ValidationError as error:
        raise PolicyError(source, problems_from_validation_error(error)) from None
    problems = policy_problems(policy)
    if problems:
        raise PolicyError(source, problems)
    return policy


def load_policy(path: Path | str) -> Policy:
    """Read and validate one policy file; a missing file or a TOML syntax error is a PolicyError too. The
    file is named for its provider (``policies/uol.toml`` holds ``provider = "uol"``), so a provider's policy
    is found by its slug."""
    source = str(path)
    try:
        with open(path, "rb") as file:
            data = tomllib.load(file)
    except FileNotFoundError:
        raise PolicyError(source, (PolicyProblem("", "file not found"),)) from None
    except IsADirectoryError:
        raise PolicyError(source, (PolicyProblem("", "is a directory, not a policy file"),)) from None
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(source, (PolicyProblem("", f"TOML syntax error: {error}"),)) from None
    except UnicodeDecodeError:
        raise PolicyError(source, (PolicyProblem("", "not valid UTF-8"),)) from None
    except ValueError:
        # tomllib reads integers with int(), which refuses more than 4,300 digits with a bare ValueError.
        raise PolicyError(source, (PolicyProblem("", "a number is too long to read"),)) from None
    policy = parse_policy(data, source)
    expected = Path(path).stem
    if policy.provider != expected:
        reason = f'must match the file name "{expected}", got "{policy.provider}"'
        raise PolicyError(source, (PolicyProblem("provider", reason),))
    return policy
