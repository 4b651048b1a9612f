"""The catalogue: who publishes what, when it starts, what it costs, what it counts towards, what learners
thought of it (R-CA1 … R-CA6)."""

from microcred.catalog.models.changes import CatalogChange, CatalogChangeKind
from microcred.catalog.models.courses import (
    Cohort,
    FormOfParticipation,
    Microcredential,
    Price,
    StartMode,
    Subject,
)
from microcred.catalog.models.provider import Provider
from microcred.catalog.models.recognition import (
    CourseSet,
    CourseSetMember,
    Qualification,
    QualificationMapping,
    QualificationRestriction,
)
from microcred.catalog.models.reviews import Review

__all__ = [
    "CatalogChange",
    "CatalogChangeKind",
    "Cohort",
    "CourseSet",
    "CourseSetMember",
    "FormOfParticipation",
    "Microcredential",
    "Price",
    "Provider",
    "Qualification",
    "QualificationMapping",
    "QualificationRestriction",
    "Review",
    "StartMode",
    "Subject",
]
