"""Credit recognised towards a programme, decided by the rules core and approved by the registry:

- ``exemption_apply`` / ``exemption_grant``: R-AW5, four passes of one set exempt exactly the policy's
  credits of one related master's, after admission and the department's approval; never from two sets;
- ``link_request`` / ``link_approve`` / ``link_refuse``: R-AW6, a passed microcredential counted towards a
  qualification listing it on the date of study; staff see the checks and decide.
"""

import dataclasses
import datetime as dt

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from microcred.assessment.models import Credit
from microcred.awards.errors import ClaimRefused, NotOpen, NotPermitted
from microcred.awards.models import QualificationLink, RequestStatus, SetExemption
from microcred.awards.selectors_recognition import linking_request_of, set_passes
from microcred.awards.services import checked_reason
from microcred.catalog.models import CourseSet, Qualification
from microcred.enrolment.models import ProgrammeAdmission
from microcred.enrolment.selectors import registry_provider_of
from microcred.rules.recognition import linking_decision, set_exemption_decision


def exemption_apply(*, learner: AbstractBaseUser, course_set: CourseSet, programme: str) -> SetExemption:
    """R-AW5: the learner applies with a set; the registry grants it once admitted and approved."""
    policy = course_set.provider.policy
    if policy.set_exemption is None or programme not in policy.set_exemption.programmes:
        raise ClaimRefused("programme", f"{programme} does not recognise sets of {course_set.provider.name}.")
    return SetExemption.objects.create(
        learner_id=learner.pk,
        provider_id=course_set.provider_id,
        course_set=course_set,
        programme=programme,
        requested_at=timezone.now(),
        policy_version=policy.version,
    )


def open_for(officer: AbstractBaseUser, provider_id: int, status: str) -> None:
    provider = registry_provider_of(officer)
    if provider is None or provider.pk != provider_id:
        raise NotPermitted("officer", "Only a registry officer of the provider may decide it.")
    if status != RequestStatus.REQUESTED:
        raise NotOpen("status", "This request has already been decided.")


def exemption_grant(
    *, officer: AbstractBaseUser, exemption_id: int, department_approved: bool
) -> SetExemption:
    """R-AW5: granted exactly as the rules core decides; a refusal names every reason and changes nothing."""
    with transaction.atomic():
        exemption = (
            SetExemption.objects.select_for_update()
            .select_related("course_set__provider")
            .get(pk=exemption_id)
        )
        open_for(officer, exemption.provider_id, exemption.status)
        admitted = ProgrammeAdmission.objects.filter(
            learner_id=exemption.learner_id, provider_id=exemption.provider_id, programme=exemption.programme
        ).exists()
        decision = set_exemption_decision(
            exemption.course_set.provider.policy,
            set_passes(exemption.learner_id, exemption.course_set),
            admitted,
            department_approved,
            exemption.programme,
            chosen_set=exemption.course_set.name,
        )
        if not decision.granted:
            raise ClaimRefused("exemption", "; ".join(decision.reasons))
        exemption.status = RequestStatus.GRANTED
        exemption.credits = decision.credits
        exemption.is_department_approved = True
        exemption.decided_at = timezone.now()
        exemption.decided_by_id = officer.pk
        exemption.policy_version = decision.policy_version
        try:
            with transaction.atomic():
                exemption.save(
                    update_fields=[
                        "status",
                        "credits",
                        "is_department_approved",
                        "decided_at",
                        "decided_by",
                        "policy_version",
                    ]
                )
        except IntegrityError:
            raise ClaimRefused(
                "exemption", "The learner already holds an exemption from another set."
            ) from None
        return exemption


def link_request(
    *, learner: AbstractBaseUser, credit: Credit, qualification: Qualification
) -> QualificationLink:
    """R-AW6: the learner asks to count their credit towards a qualification of its provider."""
    if credit.learner_id != learner.pk:
        raise NotPermitted("credit", "You can only link your own credit.")
    if qualification.provider_id != credit.provider_id:
        raise ClaimRefused("qualification", "Credit counts only towards a qualification of its own provider.")
    try:
        with transaction.atomic():
            return QualificationLink.objects.create(
                learner_id=learner.pk, credit=credit, qualification=qualification, requested_at=timezone.now()
            )
    except IntegrityError:
        raise NotOpen("qualification", "You have already asked to link this credit to it.") from None


def _decided(
    link: QualificationLink, officer: AbstractBaseUser, status: RequestStatus, now: dt.datetime
) -> None:
    link.status = status
    link.decided_at = now
    link.decided_by_id = officer.pk
    link.save(update_fields=["status", "decided_at", "decided_by", "reason", "checks", "policy_version"])


def _locked_link(officer: AbstractBaseUser, link_id: int) -> QualificationLink:
    link = QualificationLink.objects.select_for_update().select_related("qualification").get(pk=link_id)
    open_for(officer, link.qualification.provider_id, link.status)
    return link


def link_approve(
    *, officer: AbstractBaseUser, link_id: int, entry_requirements_met: bool
) -> QualificationLink:
    """R-AW6: approved only when every check of the rules core is met; otherwise refused naming them."""
    with transaction.atomic():
        link = _locked_link(officer, link_id)
        today = timezone.localdate()
        request = linking_request_of(link, today=today, entry_requirements_met=entry_requirements_met)
        decision = linking_decision(link.qualification.provider.policy, request)
        failing = [check.explanation for check in decision.checks if not check.met]
        if failing:
            raise ClaimRefused("link", "; ".join(failing))
        link.checks = [dataclasses.asdict(check) for check in decision.checks]
        link.policy_version = decision.policy_version
        _decided(link, officer, RequestStatus.GRANTED, timezone.now())
        return link


def link_refuse(*, officer: AbstractBaseUser, link_id: int, reason: str) -> QualificationLink:
    with transaction.atomic():
        link = _locked_link(officer, link_id)
        link.reason = checked_reason(reason)
        _decided(link, officer, RequestStatus.REFUSED, timezone.now())
        return link
