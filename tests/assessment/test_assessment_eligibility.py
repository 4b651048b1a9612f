"""R-EN3: only a learner with an active, credit-bearing enrolment may sit the final assessment; and only the
learner whose enrolment it is."""

import pytest
from tests.assessment.builders import MINIMAL_PDF, at, course, enrolment_for, submit_file, upload

from microcred.assessment import selectors, services
from microcred.assessment.errors import NotEligible, NotPermitted
from microcred.assessment.models import Submission
from microcred.enrolment.models import EnrolmentStatus

pytestmark = pytest.mark.django_db

LEARNING_ONLY = (
    "Your place is learning-only: only credit-bearing learners may sit the final assessment. "
    "Top up to a credit-bearing place to take it."
)


def test_r_en3_a_learning_only_enrolment_is_refused(learner, time_machine) -> None:
    enrolment = enrolment_for(learner, course("ibers"), track="learning_only")
    time_machine.move_to(at(2026, 3, 2), tick=False)

    with pytest.raises(NotEligible) as refused:
        submit_file(enrolment)

    assert (refused.value.field, refused.value.message) == ("enrolment", LEARNING_ONLY)
    assert Submission.objects.count() == 0


def test_r_en3_a_credit_bearing_ibers_enrolment_may_submit(learner, time_machine) -> None:
    enrolment = enrolment_for(learner, course("ibers"), track="credit_bearing")
    time_machine.move_to(at(2026, 3, 2), tick=False)

    assert submit_file(enrolment).attempt_number == 1


def test_r_en3_a_refunded_enrolment_is_refused(learner, time_machine) -> None:
    enrolment = enrolment_for(learner, course("uol"), status=EnrolmentStatus.REFUNDED)
    time_machine.move_to(at(2026, 3, 2), tick=False)

    with pytest.raises(NotEligible) as refused:
        submit_file(enrolment)

    assert refused.value.message == "This enrolment was refunded and has ended."


def test_r_en3_the_page_of_a_learning_only_learner_offers_no_submission(
    client_for, learner, time_machine
) -> None:
    enrolment = enrolment_for(learner, course("ibers"), track="learning_only")
    time_machine.move_to(at(2026, 3, 2), tick=False)

    page = client_for(learner).get(f"/my/enrolments/{enrolment.public_id}/assessment/").content.decode()

    assert LEARNING_ONLY in page
    assert "Submit attempt" not in page


def test_r_en3_a_learning_only_post_to_submit_changes_nothing(client_for, learner, time_machine) -> None:
    enrolment = enrolment_for(learner, course("ibers"), track="learning_only")
    time_machine.move_to(at(2026, 3, 2), tick=False)

    response = client_for(learner).post(
        f"/my/enrolments/{enrolment.public_id}/assessment/submit/",
        {"file": upload("report.pdf", MINIMAL_PDF)},
    )

    assert response.status_code == 400
    assert LEARNING_ONLY in response.content.decode()
    assert Submission.objects.count() == 0


def test_another_learners_enrolment_is_not_found(client_for, learner, other_learner, time_machine) -> None:
    enrolment = enrolment_for(learner, course("uol"))
    time_machine.move_to(at(2026, 3, 2), tick=False)
    content = services.SubmissionContent(text="mine")

    with pytest.raises(NotPermitted):
        services.submission_create(enrolment_id=enrolment.pk, learner=other_learner, content=content)
    response = client_for(other_learner).get(f"/my/enrolments/{enrolment.public_id}/assessment/")

    assert response.status_code == 404
    assert Submission.objects.count() == 0


def test_r_en5_a_submission_is_what_refunds_ask_about(learner, time_machine) -> None:
    enrolment = enrolment_for(learner, course("uol"))
    time_machine.move_to(at(2026, 3, 2), tick=False)
    before = selectors.has_summative_submission(enrolment)

    submit_file(enrolment)

    assert (before, selectors.has_summative_submission(enrolment)) == (False, True)
