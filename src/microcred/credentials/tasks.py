"""Celery tasks of the credentials app. Issuance is idempotent by credit: a retry, or a second enqueue of the
same credit, finds the badge already issued and signs nothing."""

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
