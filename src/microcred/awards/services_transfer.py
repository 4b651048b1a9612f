"""R-AW7 credit transfer: the learner's request carries their CLR transcript (issued by the credentials app);
a registry officer of the provider records whether the receiving side accepted it."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from microcred.awards.errors import ClaimRefused
from microcred.awards.models import CreditTransfer, RequestStatus
from microcred.awards.services import checked_reason
from microcred.awards.services_recognition import open_for
from microcred.catalog.models import Provider
from microcred.credentials.services import transcript_issue
from microcred.credentials.services_errors import CredentialRefused

DESTINATION_MAX_LENGTH = 300


def transfer_request(*, learner: AbstractBaseUser, provider: Provider, destination: str) -> CreditTransfer:
    """R-AW7: a transfer request to ``destination`` with the learner's transcript as it stands."""
    cleaned = " ".join(str(destination).split())
    if not cleaned or len(cleaned) > DESTINATION_MAX_LENGTH:
        raise ClaimRefused(
            "destination", f"Name the programme or university, up to {DESTINATION_MAX_LENGTH} characters."
        )
    with transaction.atomic():
        try:
            transcript = transcript_issue(learner=learner)
        except CredentialRefused as error:
            raise ClaimRefused("transcript", error.message) from None
        return CreditTransfer.objects.create(
            learner_id=learner.pk,
            provider=provider,
            destination=cleaned,
            transcript=transcript,
            requested_at=timezone.now(),
        )


def transfer_decide(
    *, officer: AbstractBaseUser, transfer_id: int, accepted: bool, note: str
) -> CreditTransfer:
    """R-AW7: the registry records the receiving side's answer, saying why."""
    with transaction.atomic():
        transfer = CreditTransfer.objects.select_for_update().get(pk=transfer_id)
        open_for(officer, transfer.provider_id, transfer.status)
        transfer.outcome_note = checked_reason(note)
        transfer.status = RequestStatus.GRANTED if accepted else RequestStatus.REFUSED
        transfer.decided_at = timezone.now()
        transfer.decided_by_id = officer.pk
        transfer.save(update_fields=["outcome_note", "status", "decided_at", "decided_by"])
        return transfer
