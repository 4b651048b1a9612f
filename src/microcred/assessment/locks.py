"""The assessment app's row locks, in one place. A learner's attempts are numbered under a lock on their
enrolment; every staff write to a submission holds a lock on it. On SQLite ``select_for_update`` is a no-op
and writes are serialised by the database itself; the version check and unique constraints still hold."""

from django.db.models import QuerySet

from microcred.assessment.errors import NotPermitted, NotReady
from microcred.assessment.models import Submission
from microcred.enrolment.models import Enrolment


def enrolment_locked(*, enrolment_id: int, learner_id: int) -> Enrolment:
    """The learner's own enrolment, locked while an attempt is taken; someone else's is refused as unknown."""
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("microcredential__provider")
        .filter(pk=enrolment_id, learner_id=learner_id)
        .first()
    )
    if enrolment is None:
        raise NotPermitted("enrolment", "No such enrolment of yours.")
    return enrolment


def _submissions_locked() -> QuerySet[Submission]:
    return Submission.objects.select_for_update(of=("self",)).select_related(
        "enrolment__learner",
        "enrolment__microcredential__provider",
        "enrolment__microcredential__primary_subject",
    )


def submission_locked(submission_id: int) -> Submission:
    submission = _submissions_locked().filter(pk=submission_id).first()
    if submission is None:
        raise NotReady("submission", "That submission no longer exists.")
    return submission
