"""Celery tasks of the credentials app. Issuance is idempotent by credit (by claim, for an award): a retry, or
a second enqueue of the same, finds the credential already issued and signs nothing."""

from celery import shared_task


@shared_task  # type: ignore[untyped-decorator]  # celery ships no type hints
def credential_issue_for_credit(credit_id: int) -> str:
    """R-CD1: sign the badge of a released pass; returns the credential's public id."""
    from microcred.credentials.services_issuance import credential_issue_for_credit as issue

    return str(issue(credit_id=credit_id).public_id)


@shared_task  # type: ignore[untyped-decorator]  # celery ships no type hints
def credentials_issue_pending() -> int:
    """R-CD1's safety net: a badge for any credit whose issuance never ran (a worker down at release time);
    returns how many were issued. Safe to run at any time, as often as liked."""
    from microcred.credentials.services_batch import credentials_issue_pending as issue_pending

    return issue_pending().issued


@shared_task  # type: ignore[untyped-decorator]  # celery ships no type hints
def credentials_issue_for_credits(*credit_ids: int) -> int:
    """R-CD1: the badges of a batch of credits (a partner platform's completions), by the cohort signer;
    credits already holding a badge are skipped, so a retry issues nothing twice. Returns how many."""
    from microcred.credentials.services_batch import credentials_issue_pending as issue_pending

    return issue_pending(credit_ids=list(credit_ids)).issued


@shared_task  # type: ignore[untyped-decorator]  # celery ships no type hints
def credential_issue_for_award(*conferment: str | int) -> str:
    """R-AW4: sign a conferred award's credential (the arguments are ``AwardConferment.as_args``); a retry
    finds it issued and signs nothing. Returns the credential's public id."""
    from microcred.credentials.services_awards import AwardConferment
    from microcred.credentials.services_awards import credential_issue_for_award as issue

    return str(issue(conferment=AwardConferment.from_args(*conferment)).public_id)
