"""A learner's attempts across all their enrolments at once, for the API's results list."""

from collections.abc import Sequence

from microcred.assessment.models import Submission
from microcred.enrolment.models import Enrolment


def submissions_of_enrolments(enrolments: Sequence[Enrolment]) -> list[Submission]:
    """Every attempt of the enrolments, in the enrolments' order and then by attempt, each holding its
    enrolment as given (so one query however many enrolments)."""
    by_id = {enrolment.pk: enrolment for enrolment in enrolments}
    submissions = list(Submission.objects.filter(enrolment_id__in=by_id).order_by("attempt_number", "id"))
    order = {enrolment.pk: position for position, enrolment in enumerate(enrolments)}
    submissions.sort(key=lambda submission: order[submission.enrolment_id])
    for submission in submissions:
        submission.enrolment = by_id[submission.enrolment_id]
    return submissions
