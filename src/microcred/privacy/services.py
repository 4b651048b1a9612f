"""Every write of the privacy app: a person's export of their data and the erasure of a learner's personal
data (UK GDPR arts. 15, 17, 20), each audited in its own transaction, and the audit row of a role change.

Erasure is immediate, on the learner's own confirmed request (their password, and a box ticked saying they
understand it cannot be undone): the learner is the one person entitled to ask, the confirmation proves it is
them, and nothing in it needs a staff decision, since what must be kept (ledger, marks and credit, audit
rows, the status of their credentials) is kept by design. Staff accounts are never erased this way.
"""

import datetime as dt
import io
import json
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from microcred.accounts.models import User
from microcred.credentials.services_export import learner_export
from microcred.privacy import erasure, export_data, selectors
from microcred.privacy.errors import ErasureRefused
from microcred.privacy.models import PrivacyEvent, PrivacyEventKind, RoleEvent

DATA_FILE = "data.json"
CREDENTIALS_FOLDER = "credentials"


@dataclass(frozen=True)
class Export:
    file_name: str
    content: bytes


def _archive(person: User, *, now: dt.datetime) -> bytes:
    submissions = export_data.submissions_of(person)
    data = export_data.personal_data(person, submissions=submissions, now=now)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DATA_FILE, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        for submission in submissions:
            if submission.file:
                with submission.file.open("rb") as upload:
                    archive.writestr(export_data.submission_file_path(submission), upload.read())
        with tempfile.TemporaryDirectory() as folder:
            # The signed credentials exactly as issued, with what a verifier needs to check them offline.
            learner_export(learner=person, out_dir=Path(folder))
            for path in sorted(Path(folder).rglob("*")):
                if path.is_file():
                    archive.write(path, f"{CREDENTIALS_FOLDER}/{path.relative_to(folder).as_posix()}")
    return buffer.getvalue()


def personal_data_export(*, person: User) -> Export:
    """All the person's data as a ZIP of ``data.json``, their uploaded files and their signed credentials;
    the export is audited."""
    now = timezone.now()
    with transaction.atomic():
        content = _archive(person, now=now)
        PrivacyEvent.objects.create(
            person=person,
            kind=PrivacyEventKind.EXPORTED,
            actor=person,
            at=now,
            summary={"bytes": len(content)},
        )
    return Export(file_name=f"microcred-data-{now:%Y%m%d-%H%M%S}.zip", content=content)


def personal_data_erase(*, person: User) -> PrivacyEvent:
    """Erase the learner's personal data, at their confirmed request, in one transaction. A second request
    (a replayed form, a double click) finds the first erasure and changes nothing."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=person.pk)
        if selectors.is_staff_account(locked):
            raise ErasureRefused(
                "account",
                "Staff accounts are not erased this way: ask a platform admin to close the account.",
            )
        try:
            with transaction.atomic():
                event = PrivacyEvent.objects.create(
                    person=locked, kind=PrivacyEventKind.ERASED, actor=locked, at=timezone.now()
                )
        except IntegrityError:
            return PrivacyEvent.objects.get(person=locked, kind=PrivacyEventKind.ERASED)
        blockers = selectors.erasure_blockers(locked)
        if blockers:
            raise ErasureRefused("account", f"Not yet: {'; '.join(blockers)}. Ask again once it is decided.")
        event.summary = erasure.erase(locked).as_summary()
        event.save(update_fields=["summary"])
    return event


def role_event_write(
    *,
    person_id: int,
    actor_id: int | None,
    role_before: str,
    role_after: str,
    provider_before_id: int | None,
    provider_after_id: int | None,
) -> RoleEvent:
    """The audit row of a role change, in the transaction of the accounts change (ROLE_CHANGED_HANDLERS)."""
    return RoleEvent.objects.create(
        person_id=person_id,
        actor_id=actor_id,
        role_before=role_before,
        role_after=role_after,
        provider_before_id=provider_before_id,
        provider_after_id=provider_after_id,
        at=timezone.now(),
    )
