"""Checks the admin runs before saving (``Model.clean``): what the database cannot check alone, because it
needs the provider's policy or the other rows of a price list or qualification list."""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from microcred.common.policies import UnknownPolicyError
from microcred.rules.errors import PolicyError
from microcred.rules.policy import Policy

if TYPE_CHECKING:
    from microcred.catalog.models.provider import Provider


def policy_for(provider: "Provider", field: str = "provider") -> Policy:
    """The provider's policy, or a form error naming ``field`` when it cannot be loaded."""
    try:
        return provider.policy
    except (UnknownPolicyError, PolicyError) as error:
        raise ValidationError({field: str(error)}) from None


def refuse_overlap(
    others: QuerySet[Any], effective_from: dt.date | None, effective_to: dt.date | None, what: str
) -> None:
    """Two spans of one list may not share a day: which one is in force must never be ambiguous."""
    if effective_from is None:
        return
    overlapping = others.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=effective_from))
    if effective_to is not None:
        overlapping = overlapping.filter(effective_from__lte=effective_to)
    first = overlapping.order_by("effective_from").first()
    if first is not None:
        until = f"to {first.effective_to:%d %B %Y}" if first.effective_to else "with no end"
        raise ValidationError(
            {"effective_from": f"overlaps the {what} from {first.effective_from:%d %B %Y} {until}"}
        )
