"""The admin shows submissions, mark history and credit read-only, to the provider's registry officers and to
platform admins; a registry officer of another provider finds nothing (STYLE.md: nothing changed)."""

import pytest
from django.forms.models import model_to_dict
from tests.assessment.builders import at, course, enrolment_for, marked, submit_file

from microcred.assessment.models import Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(learner, uol_marker, time_machine) -> Submission:
    time_machine.move_to(at(2026, 3, 2), tick=False)
    return marked(submit_file(enrolment_for(learner, course("uol"))), 58, uol_marker)


@pytest.mark.parametrize(
    ("persona", "listed", "change_status", "post_status"),
    [("uol_registry", "1 submission", 200, 403), ("platform_admin", "1 submission", 200, 403),
     ("ou_registry", "0 submissions", 404, 404)],
    indirect=["persona"],
)  # fmt: skip
def test_submissions_are_read_only_and_scoped_in_the_admin(
    client_for, submission, persona, listed: str, change_status: int, post_status: int
) -> None:
    client = client_for(persona)
    before = model_to_dict(Submission.objects.get(), exclude=["file"])

    listing = client.get("/admin/assessment/submission/")
    change = client.get(f"/admin/assessment/submission/{submission.pk}/change/")
    posted = client.post(f"/admin/assessment/submission/{submission.pk}/change/", {"mark": 99})

    assert (listing.status_code, change.status_code, posted.status_code) == (200, change_status, post_status)
    assert listed in listing.content.decode()
    assert model_to_dict(Submission.objects.get(), exclude=["file"]) == before
    assert "assessment/submissions/" not in change.content.decode()
