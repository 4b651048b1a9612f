"""A learner's own claims for the API, and the public ids of their credit (the planner speaks in row ids)."""

import uuid
from collections.abc import Iterable, Sequence

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from microcred.assessment.models import Credit
from microcred.awards.models import AwardClaim


def claims_of_learner(learner: AbstractBaseUser) -> QuerySet[AwardClaim]:
    """Every claim of the learner, newest first, whatever became of it."""
    return (
        AwardClaim.objects.filter(learner_id=learner.pk)
        .select_related("provider")
        .order_by("-claimed_at", "-id")
    )


def credit_public_ids(learner: AbstractBaseUser, credit_ids: Iterable[int | str]) -> dict[str, uuid.UUID]:
    """``{str(credit id): public id}`` of the learner's own credit among ``credit_ids``, in one query."""
    ids = {int(pk) for pk in credit_ids}
    rows = Credit.objects.filter(learner_id=learner.pk, pk__in=ids).values_list("pk", "public_id")
    return {str(pk): public_id for pk, public_id in rows}


def credit_ids_of(learner: AbstractBaseUser, public_ids: Sequence[uuid.UUID]) -> list[int] | None:
    """The row ids of the learner's own credit with these public ids, in their order; None when one of
    them is not the learner's."""
    found = dict(
        Credit.objects.filter(learner_id=learner.pk, public_id__in=public_ids).values_list("public_id", "pk")
    )
    if any(public_id not in found for public_id in public_ids):
        return None
    return [found[public_id] for public_id in public_ids]
