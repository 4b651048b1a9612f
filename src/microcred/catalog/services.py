"""Writes to the catalogue that carry a rule. Plain catalogue editing goes through the admin."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction

from microcred.catalog.errors import InvalidReview, ReviewAlreadyExists, ReviewNotAllowed
from microcred.catalog.models import Microcredential, Review, Subject


@transaction.atomic
def microcredential_subjects_set(*, microcredential: Microcredential, subjects: Iterable[Subject]) -> None:
    """Set the course's subjects (its primary subject always among them) and the subject names that text
    search reads from the course's own row."""
    chosen = {subject.pk: subject for subject in subjects}
    chosen.setdefault(microcredential.primary_subject_id, microcredential.primary_subject)
    microcredential.subjects.set(chosen.values())
    microcredential.subject_names = " ".join(sorted(subject.name for subject in chosen.values()))
    microcredential.save(update_fields=["subject_names"])


def review_create(
    *, learner_id: int, microcredential: Microcredential, stars: int, text: str, has_completed: bool
) -> Review:
    """R-CA5: a learner who completed the course rates it once, 1–5 stars.

    ``has_completed`` is the eligibility hook: the caller (the web or API layer) asks the enrolment app
    whether this learner has a completed enrolment on this course and passes the answer. The catalogue
    sits below enrolment (import-linter) and so cannot ask itself.
    """
    if not has_completed:
        raise ReviewNotAllowed("Only a learner who has completed this course can review it.")
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise InvalidReview("stars", "must be a whole number from 1 to 5")
    try:
        with transaction.atomic():
            return Review.objects.create(
                learner_id=learner_id, microcredential=microcredential, stars=stars, text=text.strip()
            )
    except IntegrityError:
        raise ReviewAlreadyExists("You have already reviewed this course.") from None
