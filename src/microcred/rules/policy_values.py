"""The value types policy keys are validated as: each refuses a wrong value with a reason a registry officer
can act on (R-PO2)."""

import re
from typing import Annotated, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, Strict
from pydantic_core import PydanticCustomError


def in_range(low: int, high: int) -> AfterValidator:
    """An integer in ``low``..``high``, refused as ``must be between 0 and 100, got 150``."""

    def check(value: int) -> int:
        if not low <= value <= high:
            raise PydanticCustomError(
                "out_of_range",
                "must be between {low} and {high}, got {value}",
                {"low": low, "high": high, "value": value},
            )
        return value

    return AfterValidator(check)


def matching(pattern: str, expected: str) -> AfterValidator:
    """A string matching ``pattern`` in full, refused as ``must be <expected>, got "x"``."""
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise PydanticCustomError(
                "pattern", 'must be {expected}, got "{value}"', {"expected": expected, "value": value}
            )
        return value

    return AfterValidator(check)


def _known_time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise PydanticCustomError(
            "time_zone", 'must be an IANA time zone such as "Europe/London", got "{value}"', {"value": value}
        ) from None
    return value


# R-AW4: the Open Badges 3.0 AchievementType vocabulary, as its JSON schema lists it. Its "ext:" extensions
# are refused: an award's credential names a type every wallet and verifier knows.
OB3_ACHIEVEMENT_TYPES: Final = frozenset(
    {
        "Achievement", "ApprenticeshipCertificate", "Assessment", "Assignment", "AssociateDegree", "Award",
        "Badge", "BachelorDegree", "Certificate", "CertificateOfCompletion", "Certification",
        "CommunityService", "Competency", "Course", "CoCurricular", "Degree", "Diploma", "DoctoralDegree",
        "Fieldwork", "GeneralEducationDevelopment", "JourneymanCertificate", "LearningProgram", "License",
        "Membership", "ProfessionalDoctorate", "QualityAssuranceCredential", "MasterCertificate",
        "MasterDegree", "MicroCredential", "ResearchDoctorate", "SecondarySchoolDiploma",
    }
)  # fmt: skip


def _ob3_achievement_type(value: str) -> str:
    if value not in OB3_ACHIEVEMENT_TYPES:
        raise PydanticCustomError(
            "achievement_type",
            'must be an Open Badges 3.0 achievement type such as "Certificate", "Diploma" or '
            '"MasterDegree", got "{value}"',
            {"value": value},
        )
    return value


PositiveInt = Annotated[int, Strict(), Field(gt=0)]
NonNegativeInt = Annotated[int, Strict(), Field(ge=0)]
Percent = Annotated[int, Strict(), in_range(0, 100)]
Month = Annotated[int, Strict(), in_range(1, 12)]
# Days 29–31 do not exist in every month; a monthly window must exist in all of them.
DayOfMonth = Annotated[int, Strict(), in_range(1, 28)]
Text = Annotated[str, Strict(), Field(min_length=1)]
# Award names and titles are joined into titles (R-AW2): no control characters, which the fast path uses.
Name = Annotated[
    str, Strict(), Field(min_length=1), matching(r"[^\x00-\x1f\x7f]+", "text without control characters")
]
Slug = Annotated[str, Strict(), matching(r"[a-z][a-z0-9-]*", "a slug of lower-case letters, digits and -")]
Identifier = Annotated[
    str, Strict(), matching(r"[a-z][a-z0-9_]*", "an identifier of lower-case letters, digits and _")
]
Version = Annotated[str, Strict(), matching(r"[0-9A-Za-z][0-9A-Za-z.\-]*", "a version such as 2026.1")]
CurrencyCode = Annotated[str, Strict(), matching(r"[A-Z]{3}", "an ISO 4217 currency code such as GBP")]
CountryCode = Annotated[str, Strict(), matching(r"[A-Z]{2}", "an ISO 3166-1 country code such as GB")]
TimeZoneName = Annotated[str, Strict(), AfterValidator(_known_time_zone)]
AchievementType = Annotated[str, Strict(), AfterValidator(_ob3_achievement_type)]
