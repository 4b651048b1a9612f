"""What the platform holds about one person (UK GDPR right of access), as plain JSON values: their account,
enrolments and declarations, orders, refunds and ledger entries, progress, quiz attempts, help questions,
reviews, submissions and results, credit, credentials, claims and recognition requests.

Results are as the learner may see them (R-AS5): where the provider's policy withholds the mark, no mark is
written, and the marking history (staff's audit) is not part of the export. Other people's data is not in it:
mentors' answers come without the mentor, refunds without the officer who granted them.
"""

import datetime as dt
from typing import Any

from allauth.account.models import EmailAddress

from microcred.accounts.models import User
from microcred.assessment import selectors as assessment_selectors
from microcred.assessment.models import Credit, Submission, SubmissionStatus
from microcred.awards.models import AwardClaim, CreditTransfer, QualificationLink, SetExemption
from microcred.catalog.models import Review
from microcred.credentials.selectors import credentials_of_learner
from microcred.enrolment.models import CartItem, Enrolment, EnrolmentRefund, Order, ProgrammeAdmission
from microcred.learning.models import HelpQuestion, QuizAttempt, StepCompletion
from microcred.payments.selectors import ledger_of_learner

FORMAT_VERSION = 1
Json = dict[str, Any]


def _when(moment: dt.datetime | dt.date | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _course(enrolment_or_course: Any) -> str:
    course = getattr(enrolment_or_course, "microcredential", enrolment_or_course)
    return f"{course.title} ({course.provider.name})"


def account_of(person: User) -> Json:
    addresses = EmailAddress.objects.filter(user=person).order_by("id")
    return {
        "email": person.email,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "role": person.role,
        "date_joined": _when(person.date_joined),
        "last_login": _when(person.last_login),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in addresses
        ],
    }


def _enrolments(person: User) -> list[Json]:
    enrolments = Enrolment.objects.filter(learner=person).select_related(
        "microcredential__provider", "cohort"
    )
    return [
        {
            "id": str(enrolment.public_id),
            "course": _course(enrolment),
            "track": enrolment.track,
            "cohort_starts_on": _when(enrolment.cohort.starts_on) if enrolment.cohort else None,
            "status": enrolment.status,
            "registered_on": _when(enrolment.registered_on),
            "access_starts_on": _when(enrolment.access_starts_on),
            "registration_expires_on": _when(enrolment.registration_expires_on),
            "re_registered_on": _when(enrolment.re_registered_on),
            "paused_on": _when(enrolment.paused_on),
            "ended_at": _when(enrolment.ended_at),
            "policy_version": enrolment.policy_version,
            "declarations": enrolment.declarations,
            "declarations_version": enrolment.declarations_version,
            "declared_at": _when(enrolment.declared_at),
        }
        for enrolment in enrolments.order_by("created_at", "id")
    ]


def _orders(person: User) -> list[Json]:
    orders = Order.objects.filter(learner=person).prefetch_related("lines__microcredential__provider")
    return [
        {
            "id": str(order.public_id),
            "kind": order.kind,
            "created_at": _when(order.created_at),
            "fulfilled_at": _when(order.fulfilled_at),
            "lines": [
                {
                    "reference": line.reference,
                    "course": _course(line),
                    "track": line.track,
                    "amount_minor": line.amount_minor,
                    "currency": line.currency,
                    "policy_version": line.policy_version,
                    "declarations": line.declarations,
                    "declared_at": _when(line.declared_at),
                }
                for line in order.lines.all()
            ],
        }
        for order in orders.order_by("created_at", "id")
    ]


def _refunds(person: User) -> list[Json]:
    refunds = EnrolmentRefund.objects.filter(enrolment__learner=person).select_related("enrolment")
    return [
        {
            "enrolment": str(refund.enrolment.public_id),
            "requested_at": _when(refund.created_at),
            "asked_by_you": refund.requested_by_id == person.pk,
            "reason": refund.reason,
            "amount_minor": refund.amount_minor,
            "currency": refund.currency,
            "outcome": refund.outcome,
            "refused_reason": refund.refused_reason,
        }
        for refund in refunds.order_by("created_at", "id")
    ]


def _ledger(person: User) -> list[Json]:
    return [
        {
            "kind": entry.kind,
            "amount_minor": entry.amount_minor,
            "currency": entry.currency,
            "reference": entry.reference,
            "order_reference": entry.order_reference,
            "policy_version": entry.policy_version,
            "created_at": _when(entry.created_at),
        }
        for entry in ledger_of_learner(learner=person)
    ]


def _admissions(person: User) -> list[Json]:
    admissions = ProgrammeAdmission.objects.filter(learner=person).select_related("provider")
    return [
        {
            "provider": admission.provider.name,
            "programme": admission.programme,
            "deduction_minor": admission.deduction_minor,
            "currency": admission.currency,
            "recorded_at": _when(admission.recorded_at),
        }
        for admission in admissions.order_by("recorded_at", "id")
    ]


def _cart(person: User) -> list[Json]:
    items = CartItem.objects.filter(learner=person).select_related("microcredential__provider")
    return [
        {"course": _course(item), "track": item.track, "added_at": _when(item.added_at)} for item in items
    ]


def _progress(person: User) -> list[Json]:
    done = StepCompletion.objects.filter(learner=person).select_related(
        "step__week__microcredential__provider"
    )
    return [
        {
            "course": _course(completion.step.week),
            "step": f"{completion.step.number} {completion.step.title}",
            "completed_at": _when(completion.completed_at),
        }
        for completion in done
    ]


def _quiz_attempts(person: User) -> list[Json]:
    attempts = QuizAttempt.objects.filter(learner=person).select_related(
        "quiz__week__microcredential__provider"
    )
    return [
        {
            "course": _course(attempt.quiz.week),
            "quiz": attempt.quiz.title,
            "submitted_at": _when(attempt.submitted_at),
            "correct_count": attempt.correct_count,
            "question_count": attempt.question_count,
            "answers": attempt.answers,
        }
        for attempt in attempts
    ]


def _help_questions(person: User) -> list[Json]:
    questions = (
        HelpQuestion.objects.filter(learner=person)
        .select_related("week__microcredential__provider")
        .prefetch_related("answers")
    )
    return [
        {
            "course": _course(question.week),
            "week": question.week.number,
            "title": question.title,
            "body": question.body,
            "asked_at": _when(question.asked_at),
            "answers": [
                {"body": answer.body, "answered_at": _when(answer.answered_at)}
                for answer in question.answers.all()
            ],
        }
        for question in questions.order_by("asked_at", "id")
    ]


def _reviews(person: User) -> list[Json]:
    reviews = Review.objects.filter(learner=person).select_related("microcredential__provider")
    return [
        {
            "course": _course(review),
            "stars": review.stars,
            "text": review.text,
            "created_at": _when(review.created_at),
        }
        for review in reviews.order_by("created_at", "id")
    ]


def submission_file_path(submission: Submission) -> str:
    """Where the export keeps an uploaded file: under the attempt, by the learner's own name for it."""
    return f"submissions/{submission.reference}-attempt-{submission.attempt_number}/{submission.file_name}"


def _result(submission: Submission) -> Json | None:
    """R-AS5: the released result as the learner's own pages give it; the mark only where they show it."""
    result = assessment_selectors.learner_result_of(submission, submission.provider.policy)
    if result is None:
        return None
    shown: Json = {"outcome": result.outcome.label, "feedback": submission.feedback}
    if result.mark is not None:
        shown["mark"] = result.mark
    return shown


def submissions_of(person: User) -> list[Submission]:
    return list(
        Submission.objects.filter(enrolment__learner=person)
        .select_related("enrolment__microcredential__provider", "provider")
        .order_by("submitted_at", "id")
    )


def _submissions(submissions: list[Submission]) -> list[Json]:
    return [
        {
            "id": str(submission.public_id),
            "reference": submission.reference,
            "course": _course(submission.enrolment),
            "attempt_number": submission.attempt_number,
            "format": submission.submission_format,
            "submitted_at": _when(submission.submitted_at),
            "status": "released" if submission.status == SubmissionStatus.RELEASED else "not yet released",
            "file": submission_file_path(submission) if submission.file else None,
            "file_name": submission.file_name,
            "text": submission.text,
            "word_count": submission.word_count,
            "answers": submission.answers,
            "result": _result(submission),
        }
        for submission in submissions
    ]


def _credit(person: User) -> list[Json]:
    credits = Credit.objects.filter(learner=person).select_related("microcredential__provider")
    return [
        {
            "id": str(credit.public_id),
            "course": _course(credit),
            "subject": credit.subject,
            "credits": credit.credits,
            "level": credit.level,
            "awarded_on": _when(credit.awarded_on),
            "grade": credit.grade,
            "policy_version": credit.policy_version,
        }
        for credit in credits.order_by("awarded_on", "id")
    ]


def _credentials(person: User) -> list[Json]:
    credentials = credentials_of_learner(person)
    return [
        {
            "id": credential.credential_id,
            "kind": credential.kind,
            "title": credential.title,
            "issued_at": _when(credential.issued_at),
            "is_revoked": credential.is_revoked,
            "revoked_at": _when(credential.revoked_at),
            "file": f"credentials/credentials/{credential.public_id}.json",
        }
        for credential in credentials.order_by("issued_at", "id")
    ]


def _decided(row: Any) -> Json:
    return {"status": row.status, "decided_at": _when(row.decided_at)}


def _claims(person: User) -> list[Json]:
    claims = AwardClaim.objects.filter(learner=person).select_related("provider")
    return [
        {
            "provider": claim.provider.name,
            "award": claim.award,
            "title": claim.title,
            "credits": claim.credits,
            "claimed_at": _when(claim.claimed_at),
            "reason": claim.reason,
            **_decided(claim),
        }
        for claim in claims.order_by("claimed_at", "id")
    ]


def _recognition(person: User) -> Json:
    exemptions = SetExemption.objects.filter(learner=person).select_related("course_set", "provider")
    links = QualificationLink.objects.filter(learner=person).select_related("qualification", "credit")
    transfers = CreditTransfer.objects.filter(learner=person).select_related("provider")
    return {
        "exemptions": [
            {"set": row.course_set.name, "programme": row.programme, "credits": row.credits, **_decided(row)}
            for row in exemptions.order_by("requested_at", "id")
        ],
        "qualification_links": [
            {"qualification": str(row.qualification), "credit": str(row.credit.public_id), **_decided(row)}
            for row in links.order_by("requested_at", "id")
        ],
        "credit_transfers": [
            {"provider": row.provider.name, "destination": row.destination, **_decided(row)}
            for row in transfers.order_by("requested_at", "id")
        ],
    }


def personal_data(person: User, *, submissions: list[Submission], now: dt.datetime) -> Json:
    """Everything above, as one JSON object. ``submissions`` are :func:`submissions_of` the person, read once
    by the caller, which also packs their files."""
    return {
        "format_version": FORMAT_VERSION,
        "exported_at": _when(now),
        "account": account_of(person),
        "enrolments": _enrolments(person),
        "orders": _orders(person),
        "cart": _cart(person),
        "refunds": _refunds(person),
        "ledger": _ledger(person),
        "admissions": _admissions(person),
        "progress": _progress(person),
        "quiz_attempts": _quiz_attempts(person),
        "help_questions": _help_questions(person),
        "reviews": _reviews(person),
        "submissions": _submissions(submissions),
        "credit": _credit(person),
        "credentials": _credentials(person),
        "award_claims": _claims(person),
        **_recognition(person),
    }
