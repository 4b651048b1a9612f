"""Builders of the award credential tests (R-AW4): credit a learner holds, claimed and conferred through the
awards services, with the outbox's on-commit send run (or not) as a committed request would. Holds no
tests."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from tests.awards.awards_builders import credits_for, ids

from microcred.accounts.models import User
from microcred.assessment.models import Credit
from microcred.awards.models import AwardClaim
from microcred.awards.services import award_claim, award_confer
from microcred.catalog.models import Provider
from microcred.credentials.models import Credential

CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]

# 15-credit UoL courses: four make a PGCert, eight a PGDip, twelve a master's.
PGCERT_CREDIT = {"Data Science": 3, "Cyber Security": 1}
PGDIP_CREDIT = {"Data Science": 6, "Cyber Security": 2}
MASTERS_CREDIT = {"Data Science": 9, "Cyber Security": 3}


def uol() -> Provider:
    return Provider.objects.get(slug="uol")


def claimed(learner: User, award: str, credits: list[Credit]) -> AwardClaim:
    return award_claim(learner=learner, provider=uol(), award=award, credit_ids=ids(credits))


def conferred(
    learner: User,
    officer: User,
    capture: CaptureOnCommit,
    award: str,
    credits: list[Credit] | dict[str, int],
    *,
    is_committed: bool = True,
) -> AwardClaim:
    """The award claimed from ``credits`` (or fresh credit of those subjects) and conferred; with
    ``is_committed`` the conferment's on-commit callbacks run, as they do when its request commits."""
    held = credits_for(learner, credits) if isinstance(credits, dict) else credits
    claim = claimed(learner, award, held)
    with capture(execute=is_committed):
        return award_confer(officer=officer, claim_id=claim.pk)


def award_credential_of(claim: AwardClaim) -> Credential:
    return Credential.objects.get(award_claim=claim)
