"""The audit log: one read over the event tables each app already writes in the transaction of its change
(marks and releases, credit, award decisions, refunds, revocations, role changes, data exports and
erasures), merged into one list, newest first.

The sources are one SQL ``UNION ALL`` of the same columns, so a page of the log is one query and its count
another, whatever the number of sources or rows. Platform admins see everything; a registry officer sees
their own provider's rows only (never the platform's transcripts, nor anyone's data exports or erasures).
"""

import datetime as dt
import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, Final

from django.core.paginator import Page, Paginator
from django.db.models import CharField, F, IntegerField, Q, QuerySet, TextChoices, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from microcred.assessment.models import Credit, MarkEvent, MarkEventKind
from microcred.awards.models import AwardEvent
from microcred.catalog.models import Provider
from microcred.credentials.models import CredentialStatusEvent
from microcred.enrolment.models import EnrolmentRefund
from microcred.privacy.models import PrivacyEvent, RoleEvent
from microcred.rules.money import Money

PAGE_SIZE: Final = 50


class AuditKind(TextChoices):
    MARK = "mark", "Marks and moderation"
    RESULT = "result", "Results released"
    CREDIT = "credit", "Credit"
    AWARD = "award", "Awards"
    REFUND = "refund", "Refunds"
    REVOCATION = "revocation", "Revocations"
    ROLE = "role", "Role changes"
    PRIVACY = "privacy", "Data exports and erasures"


# Kinds about no provider in particular: platform admins only.
PLATFORM_KINDS: Final = frozenset({AuditKind.PRIVACY})


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


def _no_text() -> Cast:
    return Cast(Value(None), CharField())


def _no_number() -> Cast:
    return Cast(Value(None), IntegerField())


def _uuid(path: str) -> Cast:
    return Cast(F(path), CharField())


def _columns(**values: Any) -> dict[str, Any]:
    """Every source's columns, in one order (a UNION matches them by position); unnamed ones are NULL."""
    defaults = {
        "audit_at": None,
        "audit_kind": None,
        "audit_action": None,
        "audit_uuid": _no_text(),
        "audit_detail": _no_text(),
        "audit_note": _no_text(),
        "audit_provider": _no_text(),
        "audit_subject": _no_text(),
        "audit_actor": _no_text(),
        "audit_mark_before": _no_number(),
        "audit_mark_after": _no_number(),
        "audit_quantity": _no_number(),
        "audit_currency": _no_text(),
        "audit_row": F("pk"),
    }
    unknown = set(values) - {name.removeprefix("audit_") for name in defaults}
    if unknown:
        raise ValueError(f"not an audit column: {sorted(unknown)}")
    return {name: values.get(name.removeprefix("audit_"), default) for name, default in defaults.items()}


@dataclass(frozen=True)
class _Source:
    kinds: frozenset[AuditKind]
    at: str
    provider_filter: Callable[[int], Q]
    rows: Callable[[frozenset[AuditKind]], QuerySet[Any]]


def _marks(kinds: frozenset[AuditKind]) -> QuerySet[Any]:
    wanted = Q()
    if AuditKind.MARK not in kinds:
        wanted &= Q(kind=MarkEventKind.RELEASED)
    if AuditKind.RESULT not in kinds:
        wanted &= ~Q(kind=MarkEventKind.RELEASED)
    return MarkEvent.objects.filter(wanted).values(
        **_columns(
            at=F("at"),
            kind=_text(AuditKind.MARK),
            action=F("kind"),
            uuid=_uuid("submission__public_id"),
            detail=F("submission__enrolment__microcredential__title"),
            note=F("note"),
            provider=F("submission__provider__name"),
            subject=F("submission__enrolment__learner__email"),
            actor=F("actor__email"),
            mark_before=F("mark_before"),
            mark_after=F("mark_after"),
        )
    )


def _credit(kinds: frozenset[AuditKind]) -> QuerySet[Any]:
    return Credit.objects.values(
        **_columns(
            at=F("created_at"),
            kind=_text(AuditKind.CREDIT),
            action=_text("awarded"),
            uuid=_uuid("submission__public_id"),
            detail=F("microcredential__title"),
            note=F("grade"),
            provider=F("provider__name"),
            subject=F("learner__email"),
            actor=F("submission__released_by__email"),
            quantity=F("credits"),
        )
    )


def _awards(kinds: frozenset[AuditKind]) -> QuerySet[Any]:
    return AwardEvent.objects.values(
        **_columns(
            at=F("at"),
            kind=_text(AuditKind.AWARD),
            action=F("kind"),
            detail=F("claim__title"),
            note=F("reason"),
            provider=F("claim__provider__name"),
            subject=F("claim__learner__email"),
            actor=F("actor__email"),
            quantity=F("claim__credits"),
        )
    )


def _refunds(kinds: frozenset[AuditKind]) -> QuerySet[Any]:
    return EnrolmentRefund.objects.values(
        **_columns(
            at=F("created_at"),
            kind=_text(AuditKind.REFUND),
            action=F("outcome"),
            uuid=_uuid("enrolment__public_id"),
            detail=F("enrolment__microcredential__title"),
            note=F("reason"),
            provider=F("enrolment__microcredential__provider__name"),
            subject=F("enrolment__learner__email"),
            actor=F("requested_by__email"),
            quantity=F("amount_minor"),
            currency=F("currency"),
        )
    )


def _revocations(kinds: frozenset[AuditKind]) -> QuerySet[Any]:
    return CredentialStatusEvent.objects.values(
        **_columns(
            at=F("at"),
            kind=_text(AuditKind.REVOCATION),
            action=F("reason"),
            uuid=_uuid("credential__public_id"),
            detail=F("credential__title"),
            note=F("note"),
            provider=F("credential__issuer__provider__name"),
            subject=F("credential__learner__email"),
            actor=F("actor__email"),
        )
    )


def _roles(kinds: frozenset[AuditKind]) -> QuerySet[Any]:
    return RoleEvent.objects.values(
        **_columns(
            at=F("at"),
            kind=_text(AuditKind.ROLE),
            action=F("role_after"),
            note=F("role_before"),
            detail=F("provider_before__name"),
            provider=Coalesce(F("provider_after__name"), F("provider_before__name")),
            subject=F("person__email"),
            actor=F("actor__email"),
        )
    )


def _privacy(kinds: frozenset[AuditKind]) -> QuerySet[Any]:
    return PrivacyEvent.objects.values(
        **_columns(
            at=F("at"),
            kind=_text(AuditKind.PRIVACY),
            action=F("kind"),
            subject=F("person__email"),
            actor=F("actor__email"),
        )
    )


SOURCES: Final = (
    _Source(
        frozenset({AuditKind.MARK, AuditKind.RESULT}),
        "at",
        lambda provider_id: Q(submission__provider_id=provider_id),
        _marks,
    ),
    _Source(
        frozenset({AuditKind.CREDIT}), "created_at", lambda provider_id: Q(provider_id=provider_id), _credit
    ),
    _Source(
        frozenset({AuditKind.AWARD}), "at", lambda provider_id: Q(claim__provider_id=provider_id), _awards
    ),
    _Source(
        frozenset({AuditKind.REFUND}),
        "created_at",
        lambda provider_id: Q(enrolment__microcredential__provider_id=provider_id),
        _refunds,
    ),
    _Source(
        frozenset({AuditKind.REVOCATION}),
        "at",
        lambda provider_id: Q(credential__issuer__provider_id=provider_id),
        _revocations,
    ),
    _Source(
        frozenset({AuditKind.ROLE}),
        "at",
        lambda provider_id: Q(provider_before_id=provider_id) | Q(provider_after_id=provider_id),
        _roles,
    ),
    _Source(frozenset({AuditKind.PRIVACY}), "at", lambda provider_id: Q(pk__in=[]), _privacy),
)


@dataclass(frozen=True)
class AuditFilter:
    """What the page asks for. ``provider`` None: everything (a platform admin's view)."""

    provider: Provider | None
    kinds: Collection[AuditKind] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def _range(source: _Source, wanted: AuditFilter) -> Q:
    found = Q()
    if wanted.date_from is not None:
        found &= Q(**{f"{source.at}__gte": _day_start(wanted.date_from)})
    if wanted.date_to is not None:
        found &= Q(**{f"{source.at}__lt": _day_start(wanted.date_to + dt.timedelta(days=1))})
    if wanted.provider is not None:
        found &= source.provider_filter(wanted.provider.pk)
    return found


def audit_rows(wanted: AuditFilter) -> QuerySet[Any]:
    """Every row the filter asks for, as one ordered query (newest first)."""
    kinds = frozenset(wanted.kinds or AuditKind)
    if wanted.provider is not None:
        kinds -= PLATFORM_KINDS
    parts = [
        source.rows(kinds).filter(_range(source, wanted)).order_by()
        for source in SOURCES
        if source.kinds & kinds
    ]
    if not parts:
        return PrivacyEvent.objects.none().values(**_columns(at=F("at"), kind=_text(""), action=F("kind")))
    first, *others = parts
    merged = first.union(*others, all=True) if others else first
    return merged.order_by("-audit_at", "-audit_row", "audit_kind")


@dataclass(frozen=True)
class AuditRow:
    at: dt.datetime
    kind: AuditKind
    action: str
    reference: str
    detail: str
    note: str
    provider: str
    subject: str
    actor: str
    mark_before: int | None
    mark_after: int | None
    amount: Money | None
    quantity: int | None


def _reference(kind: AuditKind, value: str | None) -> str:
    """A submission as staff call it (its short reference); an enrolment or credential by its id."""
    if not value:
        return ""
    public_id = uuid.UUID(value)
    return public_id.hex[:8].upper() if kind in (AuditKind.MARK, AuditKind.CREDIT) else str(public_id)


def _row(values: dict[str, Any]) -> AuditRow:
    kind = AuditKind(values["audit_kind"])
    if kind == AuditKind.MARK and values["audit_action"] == MarkEventKind.RELEASED:
        kind = AuditKind.RESULT
    currency = values["audit_currency"]
    quantity = values["audit_quantity"]
    return AuditRow(
        at=values["audit_at"],
        kind=kind,
        action=str(values["audit_action"] or "").replace("_", " "),
        reference=_reference(kind, values["audit_uuid"]),
        detail=values["audit_detail"] or "",
        note=str(values["audit_note"] or "").replace("_", " "),
        provider=values["audit_provider"] or "",
        subject=values["audit_subject"] or "",
        actor=values["audit_actor"] or "",
        mark_before=values["audit_mark_before"],
        mark_after=values["audit_mark_after"],
        amount=Money(quantity, currency) if currency else None,
        quantity=None if currency else quantity,
    )


def audit_page(wanted: AuditFilter, *, number: int | str | None) -> tuple[Page[Any], list[AuditRow]]:
    """One page of the log (a count and a slice: two queries) and its rows."""
    page = Paginator(audit_rows(wanted), PAGE_SIZE).get_page(number)
    return page, [_row(values) for values in page.object_list]
