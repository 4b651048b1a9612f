"""The demo's learners stand at the stages it prints, reached through the real services."""

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from pytest_django.fixtures import Settings

from microcred.assessment.models import Credit
from microcred.credentials.models import Credential
from microcred.enrolment.models import Enrolment
from microcred.payments.models import LedgerEntry

pytestmark = pytest.mark.django_db


def _load(settings: Settings, capture_on_commit: Callable[..., Any]) -> str:
    """Run the demo as `make demo` does, its after-commit work (badges, e-mails) included."""
    settings.DEBUG = True
    out = StringIO()
    with capture_on_commit(execute=True):
        call_command("demo", stdout=out)
    return out.getvalue()


def test_r_en2_r_cd1_demo_learners_are_studying_and_stacking(
    settings: Settings, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    # when
    printed = _load(settings, django_capture_on_commit_callbacks)

    # then
    assert "Learners: 6 enrolments, 4 released passes with their badges" in printed
    studying = Enrolment.objects.filter(learner__email="learner.studying@demo.example.org")
    assert sorted(studying.values_list("microcredential__provider__slug", "track")) == [
        ("ibers", "learning_only"),
        ("uol", "credit_bearing"),
    ]
    stacking = Credit.objects.filter(learner__email="learner.stacking@demo.example.org")
    assert sorted(stacking.values_list("subject", "credits")) == [
        ("Cyber Security", 15),
        ("Cyber Security", 15),
        ("Data Science", 15),
        ("Data Science", 15),
    ]
    assert Credential.objects.filter(credit__in=stacking).count() == 4


def test_demo_learners_load_once_however_often_the_demo_runs(
    settings: Settings, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    _load(settings, django_capture_on_commit_callbacks)
    counts = (Enrolment.objects.count(), Credential.objects.count(), LedgerEntry.objects.count())

    _load(settings, django_capture_on_commit_callbacks)

    assert (Enrolment.objects.count(), Credential.objects.count(), LedgerEntry.objects.count()) == counts
