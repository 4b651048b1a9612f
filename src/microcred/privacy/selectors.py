"""Reads of the privacy app: whose data may be erased this way, and what still stands in the way."""

from microcred.accounts.models import User
from microcred.assessment.models import Submission, SubmissionStatus
from microcred.awards.models import (
    AwardClaim,
    ClaimStatus,
    CreditTransfer,
    QualificationLink,
    RequestStatus,
    SetExemption,
)
from microcred.common.roles import Role
from microcred.enrolment.models import EnrolmentRefund, RefundOutcome


def is_staff_account(person: User) -> bool:
    """Staff, and anyone who can open the admin, are not erased by the learner's own request."""
    return person.role != Role.LEARNER or person.is_staff or person.is_superuser


def erasure_blockers(person: User) -> list[str]:
    """What is still being decided for the learner: erasing now would leave a marker without the file, a
    registry officer without the claimant, or a refund without anyone to tell."""
    open_work = Submission.objects.filter(enrolment__learner=person).exclude(status=SubmissionStatus.RELEASED)
    checks = (
        (open_work.exists(), "a submission of yours is still being marked"),
        (
            EnrolmentRefund.objects.filter(enrolment__learner=person, outcome=RefundOutcome.PENDING).exists(),
            "a refund of yours is pending at the payment provider",
        ),
        (
            AwardClaim.objects.filter(learner=person, status=ClaimStatus.CLAIMED).exists(),
            "an award claim of yours awaits the registry",
        ),
        (
            SetExemption.objects.filter(learner=person, status=RequestStatus.REQUESTED).exists()
            or QualificationLink.objects.filter(learner=person, status=RequestStatus.REQUESTED).exists()
            or CreditTransfer.objects.filter(learner=person, status=RequestStatus.REQUESTED).exists(),
            "a request of yours for recognition of credit awaits the registry",
        ),
    )
    return [reason for is_open, reason in checks if is_open]
