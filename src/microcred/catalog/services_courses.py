"""A provider's own catalogue writes from its systems (the API): microcredentials, cohorts and prices.

Each runs the checks the admin runs before saving (``full_clean``: the policy's levels, assessment types and
tracks, R-CA2 cohorts of fixed-start courses only, R-EN2 price spans that never overlap, the unique
constraints), saves with ``update_fields``, and writes a :class:`CatalogChange` in the same transaction.
``actor`` is the registry officer, or None for an API key, which ``actor_label`` then names."""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from microcred.catalog.errors import CatalogEntryInvalid
from microcred.catalog.models import (
    CatalogChange,
    CatalogChangeKind,
    Cohort,
    Microcredential,
    Price,
    Provider,
    Subject,
)
from microcred.catalog.services import microcredential_subjects_set

MICROCREDENTIAL_FIELDS: Final = (
    "title", "summary", "description", "delivery_partner", "credits", "level", "weeks", "hours_per_week",
    "learning_outcomes", "assessment_type", "form_of_participation", "entry_requirements", "start_mode",
    "release_date", "prerequisites", "identity_verified_at_assessment",
    "supervision_and_identity_verification", "further_information", "is_published",
)  # fmt: skip
COHORT_FIELDS: Final = ("starts_on", "capacity")
PRICE_FIELDS: Final = ("track", "amount_minor", "currency", "effective_from", "effective_to")


@dataclass(frozen=True)
class CatalogActor:
    """Who writes: a registry officer, or (``user`` None) a provider system's API key named by ``label``."""

    user: AbstractBaseUser | None
    label: str = ""


def _subjects(slugs: Sequence[str]) -> list[Subject]:
    found = {subject.slug: subject for subject in Subject.objects.filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise CatalogEntryInvalid({"subjects": [f"no such subject: {', '.join(missing)}"]})
    return [found[slug] for slug in slugs]


def _checked_save(obj: models.Model, *, update_fields: Sequence[str] | None = None) -> None:
    try:
        obj.full_clean()
    except ValidationError as error:
        raise CatalogEntryInvalid(dict(error.message_dict)) from None
    try:
        with transaction.atomic():
            obj.save(update_fields=update_fields)
    except IntegrityError:
        # Two writes raced past full_clean's unique check; the second is refused the same way.
        raise CatalogEntryInvalid({"__all__": ["This clashes with an entry saved a moment ago."]}) from None


def _change_write(
    provider_id: int, kind: CatalogChangeKind, obj: models.Model, changes: dict[str, Any], actor: CatalogActor
) -> None:
    CatalogChange.objects.create(
        provider_id=provider_id,
        kind=kind,
        object_id=obj.pk,
        changes=changes,
        actor_id=actor.user.pk if actor.user is not None else None,
        actor_label=actor.label,
        at=timezone.now(),
    )


def _apply(obj: models.Model, values: Mapping[str, Any], allowed: Sequence[str]) -> dict[str, list[Any]]:
    """Set the allowed ``values`` on ``obj``; returns ``{field: [before, after]}`` of those that differ."""
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise CatalogEntryInvalid({field: ["cannot be set here"] for field in unknown})
    changes = {}
    for field, value in values.items():
        before = getattr(obj, field)
        if before != value:
            changes[field] = [before, value]
            setattr(obj, field, value)
    return changes


def _created(values: Mapping[str, Any]) -> dict[str, list[Any]]:
    return {field: [None, value] for field, value in values.items()}


def microcredential_create(
    *,
    provider: Provider,
    slug: str,
    subject_slugs: Sequence[str],
    values: Mapping[str, Any],
    actor: CatalogActor,
) -> Microcredential:
    """A new microcredential of ``provider``; its first subject is the primary one (R-AW2)."""
    if not subject_slugs:
        raise CatalogEntryInvalid({"subjects": ["name at least one subject"]})
    with transaction.atomic():
        subjects = _subjects(subject_slugs)
        course = Microcredential(provider=provider, slug=slug, primary_subject=subjects[0])
        _apply(course, values, MICROCREDENTIAL_FIELDS)
        _checked_save(course)
        microcredential_subjects_set(microcredential=course, subjects=subjects)
        changes = _created({"slug": slug, "subjects": list(subject_slugs), **values})
        _change_write(provider.pk, CatalogChangeKind.MICROCREDENTIAL_CREATED, course, changes, actor)
    return course


def microcredential_update(
    *,
    microcredential: Microcredential,
    values: Mapping[str, Any],
    subject_slugs: Sequence[str] | None,
    actor: CatalogActor,
) -> Microcredential:
    """Change the given fields (and, when given, the subjects, the first the primary one)."""
    with transaction.atomic():
        course = Microcredential.objects.select_for_update().get(pk=microcredential.pk)
        changes = _apply(course, values, MICROCREDENTIAL_FIELDS)
        subjects = _subjects(subject_slugs) if subject_slugs else None
        if subjects is not None and subjects[0].pk != course.primary_subject_id:
            changes["primary_subject"] = [course.primary_subject.slug, subjects[0].slug]
            course.primary_subject = subjects[0]
        if changes:
            fields = [field for field in changes if field != "primary_subject"]
            if "primary_subject" in changes:
                fields.append("primary_subject")
            _checked_save(course, update_fields=fields)
        if subjects is not None:
            before = sorted(course.subjects.values_list("slug", flat=True))
            microcredential_subjects_set(microcredential=course, subjects=subjects)
            if before != sorted(subject_slugs or ()):
                changes["subjects"] = [before, sorted(subject_slugs or ())]
        if changes:
            _change_write(
                course.provider_id, CatalogChangeKind.MICROCREDENTIAL_UPDATED, course, changes, actor
            )
    return course


def cohort_create(
    *, microcredential: Microcredential, starts_on: dt.date, capacity: int | None, actor: CatalogActor
) -> Cohort:
    """R-CA2: a start date of a fixed-start microcredential."""
    with transaction.atomic():
        cohort = Cohort(microcredential=microcredential, starts_on=starts_on, capacity=capacity)
        _checked_save(cohort)
        changes = _created({"starts_on": starts_on, "capacity": capacity})
        _change_write(microcredential.provider_id, CatalogChangeKind.COHORT_CREATED, cohort, changes, actor)
    return cohort


def cohort_update(*, cohort: Cohort, values: Mapping[str, Any], actor: CatalogActor) -> Cohort:
    with transaction.atomic():
        locked = Cohort.objects.select_for_update().select_related("microcredential").get(pk=cohort.pk)
        changes = _apply(locked, values, COHORT_FIELDS)
        if changes:
            _checked_save(locked, update_fields=list(changes))
            provider_id = locked.microcredential.provider_id
            _change_write(provider_id, CatalogChangeKind.COHORT_UPDATED, locked, changes, actor)
    return locked


def price_create(
    *, microcredential: Microcredential, values: Mapping[str, Any], actor: CatalogActor
) -> Price:
    """R-EN2, R-EN7: a price of one of the policy's tracks over a span of dates, in minor units."""
    with transaction.atomic():
        Microcredential.objects.select_for_update().filter(pk=microcredential.pk).first()
        price = Price(microcredential=microcredential)
        _apply(price, values, PRICE_FIELDS)
        _checked_save(price)
        _change_write(
            microcredential.provider_id, CatalogChangeKind.PRICE_CREATED, price, _created(values), actor
        )
    return price


def price_update(*, price: Price, values: Mapping[str, Any], actor: CatalogActor) -> Price:
    with transaction.atomic():
        # The course's row is the lock of its price list: two changes never both pass the overlap check.
        Microcredential.objects.select_for_update().filter(pk=price.microcredential_id).first()
        locked = Price.objects.select_related("microcredential__provider").get(pk=price.pk)
        changes = _apply(locked, values, PRICE_FIELDS)
        if changes:
            _checked_save(locked, update_fields=list(changes))
            provider_id = locked.microcredential.provider_id
            _change_write(provider_id, CatalogChangeKind.PRICE_UPDATED, locked, changes, actor)
    return locked
