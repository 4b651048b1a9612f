"""Reads that feed the rules core's recognition decisions (R-AW5, R-AW6)."""

import datetime as dt

from microcred.assessment.models import Credit
from microcred.awards.models import CreditTransfer, QualificationLink, RequestStatus, SetExemption
from microcred.catalog.models import CourseSet, QualificationMapping, QualificationRestriction
from microcred.rules.recognition import (
    Exclusion,
    LinkingDecision,
    LinkingRequest,
    MappingPeriod,
    linking_decision,
)


def set_passes(learner_id: int, course_set: CourseSet) -> dict[str, set[str]]:
    """R-AW5: the set's microcredentials the learner holds credit for, by set name."""
    members = course_set.members.values_list("microcredential_id", flat=True)
    passed = Credit.objects.filter(learner_id=learner_id, microcredential_id__in=members).values_list(
        "microcredential__slug", flat=True
    )
    return {course_set.name: set(passed)}


def _exclusions(link: QualificationLink) -> tuple[Exclusion, ...]:
    rows = QualificationRestriction.objects.filter(qualification=link.qualification).select_related(
        "microcredential", "excludes_microcredential"
    )
    return tuple(
        Exclusion(
            row.microcredential.slug,
            row.excludes_microcredential.slug if row.excludes_microcredential else row.excludes_module,
        )
        for row in rows
    )


def linking_request_of(
    link: QualificationLink, *, today: dt.date, entry_requirements_met: bool
) -> LinkingRequest:
    """R-AW6: the request as the rules core takes it; the date of study is the day the credit was awarded."""
    credit = Credit.objects.select_related("microcredential").get(pk=link.credit_id)
    mappings = QualificationMapping.objects.filter(
        qualification=link.qualification, microcredential_id=credit.microcredential_id
    )
    counted = QualificationLink.objects.filter(
        learner_id=link.learner_id, qualification=link.qualification, status=RequestStatus.GRANTED
    ).values_list("credit__microcredential__slug", flat=True)
    return LinkingRequest(
        microcredential=credit.microcredential.slug,
        qualification=link.qualification.title,
        studied_on=credit.awarded_on,
        credit_awarded_on=credit.awarded_on,
        requested_on=today,
        mappings=tuple(MappingPeriod(row.effective_from, row.effective_to) for row in mappings),
        exclusions=_exclusions(link),
        already_counted=tuple(counted),
        study_duration_years=link.qualification.study_duration_years,
        entry_requirements_met=entry_requirements_met,
    )


def open_links_of(provider_id: int) -> list[QualificationLink]:
    """The registry's queue of linking requests, oldest first."""
    return list(
        QualificationLink.objects.filter(
            qualification__provider_id=provider_id, status=RequestStatus.REQUESTED
        )
        .select_related("learner", "qualification__provider", "credit__microcredential")
        .order_by("requested_at", "id")
    )


def link_checks(link: QualificationLink, *, today: dt.date) -> LinkingDecision:
    """R-AW6: the rules core's checks as staff see them before deciding; entry requirements are for the
    officer to confirm, so they show as not yet met."""
    request = linking_request_of(link, today=today, entry_requirements_met=False)
    return linking_decision(link.qualification.provider.policy, request)


def open_exemptions_of(provider_id: int) -> list[SetExemption]:
    """R-AW5: the registry's queue of set exemption applications, oldest first."""
    return list(
        SetExemption.objects.filter(provider_id=provider_id, status=RequestStatus.REQUESTED)
        .select_related("learner", "course_set")
        .order_by("requested_at", "id")
    )


def open_transfers_of(provider_id: int) -> list[CreditTransfer]:
    """R-AW7: transfer requests awaiting the receiving side's answer, oldest first."""
    return list(
        CreditTransfer.objects.filter(provider_id=provider_id, status=RequestStatus.REQUESTED)
        .select_related("learner", "transcript")
        .order_by("requested_at", "id")
    )
