"""R-EN6: a registry officer records a learner's admission to a full programme; what the learner paid for the
provider's microcredentials (top-ups included, refunds excluded) comes off the first module, capped, as a
deduction in the ledger."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction

from microcred.accounts.models import User
from microcred.enrolment import selectors
from microcred.enrolment.errors import EnrolmentError, NotAllowed
from microcred.enrolment.models import ProgrammeAdmission
from microcred.payments import services as payment_services
from microcred.payments.models import LedgerEntryKind


def programme_admission_record(
    *, officer: AbstractBaseUser, learner: User, programme: str
) -> ProgrammeAdmission:
    """Record the admission once per learner and provider, and post the deduction the rules give."""
    programme = programme.strip()
    if not programme:
        raise EnrolmentError("programme", "Name the programme the learner was admitted to.")
    if len(programme) > 200:
        raise EnrolmentError("programme", "Keep the programme's name to 200 characters.")
    provider = selectors.registry_provider_of(officer)
    if provider is None:
        raise NotAllowed("officer", "Only a registry officer can record an admission.")
    policy = provider.policy
    if policy.upgrade_deduction is None:
        raise NotAllowed("programme", f"{policy.name} makes no upgrade deduction.")
    with transaction.atomic():
        decision = selectors.deduction_quote(learner, provider)
        try:
            with transaction.atomic():
                admission = ProgrammeAdmission.objects.create(
                    learner=learner,
                    provider=provider,
                    programme=programme,
                    recorded_by_id=officer.pk,
                    deduction_minor=decision.amount.amount_minor,
                    counted_minor=decision.counted.amount_minor,
                    cap_minor=decision.cap.amount_minor if decision.cap else 0,
                    currency=policy.currency,
                    policy_version=policy.version,
                )
        except IntegrityError:
            raise EnrolmentError(
                "learner", f"The admission of {learner.email} is already recorded."
            ) from None
        if decision.allowed:
            admission.ledger_entry = payment_services.ledger_entry_post(
                learner=learner,
                kind=LedgerEntryKind.DEDUCTION,
                amount=decision.amount,
                reference=f"{selectors.line_reference_prefix(provider)}admission:{admission.public_id}",
                policy_version=policy.version,
                idempotency_key=f"enrolment-admission:{admission.public_id}",
            )
            admission.save(update_fields=["ledger_entry"])
    return admission
