"""The e-mails the assessment app sends, as plain text. Sent by the tasks in ``tasks.py``, after commit.

R-AS5: the result is written from ``learner_result_of``, which withholds the mark where the policy says; the
mark itself is never read here."""

from django.conf import settings
from django.core.mail import send_mail

from microcred.assessment import selectors
from microcred.assessment.models import Submission


def result_released_send(submission: Submission) -> None:
    enrolment = submission.enrolment
    course = enrolment.microcredential
    policy = course.provider.policy
    result = selectors.learner_result_of(submission, policy)
    if result is None:
        return
    next_step = (
        f"Your {course.credits} credits are now in My learning."
        if result.outcome.is_pass
        else "Your assessment page says whether you may resit, and when."
    )
    body = "\n".join(
        [
            f"The result of your final assessment for {course.title} ({course.provider.name}) is out.",
            "",
            f"Result: {result.text}",
            f"Attempt: {submission.attempt_number}",
            "",
            next_step,
            f"See the result and any feedback on your assessment page: "
            f"{settings.SITE_URL}/my/enrolments/{enrolment.public_id}/assessment/",
        ]
    )
    send_mail(f"[microcred] Your result for {course.title}", body, None, [enrolment.learner.email])
