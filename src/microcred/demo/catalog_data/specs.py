"""The shapes of the demo catalogue's data."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ProviderSpec:
    slug: str
    name: str
    awarding_body: str
    country: str
    quality_assurance: str
    delivery_partner: str
    website: str


@dataclass(frozen=True)
class CourseSpec:
    slug: str
    title: str
    subject: str
    summary: str
    outcomes: tuple[str, ...]
    assessment_type: str
    other_subjects: tuple[str, ...] = ()


@dataclass(frozen=True)
class CatalogueSpec:
    """One provider's courses and how they run; ``assessment_supervision`` is the EU optional element."""

    provider: ProviderSpec
    credits: int
    level: int
    weeks: int
    hours_per_week: int
    start_mode: str
    entry_requirements: str
    assessment_supervision: str
    further_information: str
    courses: tuple[CourseSpec, ...]


@dataclass(frozen=True)
class QualificationSpec:
    slug: str
    title: str
    study_duration_years: int | None
    recommended_order: str
    courses: tuple[str, ...]
    # (course, module it excludes), and courses listed once but no longer: R-AW6 lists change over time.
    restrictions: tuple[tuple[str, str], ...] = ()
    former_courses: tuple[str, ...] = ()


@dataclass(frozen=True)
class CourseSetSpec:
    slug: str
    name: str
    courses: tuple[str, ...]
    programmes: tuple[str, ...]
    # Days from today each course is (or will be) released, so the list always shows some to come.
    release_offsets_days: tuple[int, ...]

    def release_offsets(self) -> tuple[tuple[str, int], ...]:
        return tuple(zip(self.courses, self.release_offsets_days, strict=True))


QAA = "QAA-reviewed UK higher education provider"
