"""Builders of the privacy tests: a learner with something of everything the platform holds about a person,
made through the real services where a journey makes it (purchase, submission, marking, release, badge,
learning), and the search of the whole database for a piece of text. Holds no tests."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.functions import Cast
from tests.assessment.builders import at, course, enrolment_for, released_result, staff, submit_file
from tests.enrolment.purchase import buy
from tests.factories.accounts import UserFactory
from tests.learning.factories import ChoiceFactory, QuestionFactory, QuizFactory, StepFactory, WeekFactory

from microcred.accounts.models import User
from microcred.assessment.models import Credit, Submission
from microcred.catalog import services as catalog_services
from microcred.common.roles import Role
from microcred.credentials import services as credential_services
from microcred.credentials.models import Credential
from microcred.enrolment.models import Enrolment
from microcred.learning import services as learning_services

STUDY_DAY = at(2026, 3, 2)
IBERS_MARK = 63
UOL_MARK = 65


@dataclass(frozen=True)
class History:
    person: User
    uol_enrolment: Enrolment
    uol_submission: Submission
    ibers_submission: Submission
    credentials: tuple[Credential, ...]


def teams() -> dict[str, dict[str, User]]:
    return {
        slug: {
            "marker": staff(Role.MARKER, slug, f"marker@{slug}.example.org"),
            "moderator": staff(Role.MODERATOR, slug, f"moderator@{slug}.example.org"),
            "registry": staff(Role.REGISTRY_OFFICER, slug, f"registry@{slug}.example.org"),
        }
        for slug in ("uol", "ibers")
    }


def _released(enrolment: Enrolment, mark: int, team: dict[str, User], file_name: str) -> Submission:
    submission = submit_file(enrolment, name=file_name)
    released_result(
        submission, mark, marker=team["marker"], moderator=team["moderator"], registry=team["registry"]
    )
    return Submission.objects.get(pk=submission.pk)


def _studied(enrolment: Enrolment, text: str) -> None:
    week = WeekFactory(microcredential=enrolment.microcredential, number=1)
    step = StepFactory(week=week, position=1)
    learning_services.step_complete(enrolment=enrolment, step=step)
    quiz = QuizFactory(week=week)
    question = QuestionFactory(quiz=quiz, position=1)
    right = ChoiceFactory(question=question, position=1, is_correct=True)
    ChoiceFactory(question=question, position=2, is_correct=False)
    learning_services.quiz_attempt_submit(
        enrolment=enrolment, quiz=quiz, answers={question.pk: frozenset({right.pk})}
    )
    learning_services.help_question_ask(enrolment=enrolment, week=week, title=f"Help from {text}", body=text)


def learner_with_history(
    team_of: dict[str, dict[str, User]], *, email: str, first_name: str, last_name: str, course_slug: str
) -> History:
    """Bought a UoL course (paid through the sandbox), studied it, asked for help, passed with a file upload
    and reviewed it; passed an IBERS course too (R-AS5: its mark is never shown). Call at STUDY_DAY."""
    person = UserFactory(email=email, first_name=first_name, last_name=last_name)
    uol = course("uol", title=f"Global Health {course_slug}", slug=f"global-health-{course_slug}")
    enrolment = buy(person, uol)
    _studied(enrolment, f"{first_name} {last_name} wonders about week one")
    uol_submission = _released(enrolment, UOL_MARK, team_of["uol"], f"{last_name}-report.pdf")
    ibers = course("ibers", title=f"Plant Breeding {course_slug}", slug=f"plant-breeding-{course_slug}")
    ibers_submission = _released(enrolment_for(person, ibers), IBERS_MARK, team_of["ibers"], "analysis.pdf")
    catalog_services.review_create(
        learner_id=person.pk, microcredential=uol, stars=5, text=f"Signed, {first_name}", has_completed=True
    )
    credentials = tuple(
        credential_services.credential_issue_for_credit(credit_id=credit.pk)
        for credit in Credit.objects.filter(learner=person).order_by("id")
    )
    return History(person, enrolment, uol_submission, ibers_submission, credentials)


def _text_fields(model: type[models.Model]) -> "list[models.Field[Any, Any]]":
    kinds = (models.CharField, models.TextField, models.JSONField, models.EmailField)
    return [field for field in model._meta.concrete_fields if isinstance(field, kinds)]


def rows_holding(text: str) -> dict[str, int]:
    """Every table's count of rows with ``text`` (any case) in a text or JSON column: the whole database."""
    found: dict[str, int] = {}
    for model in apps.get_models():
        for field in _text_fields(model):
            as_text = Cast(field.name, models.TextField())
            count = model._default_manager.annotate(searched=as_text).filter(searched__icontains=text).count()
            if count:
                found[f"{model._meta.label}.{field.name}"] = count
    return found


def snapshot() -> dict[str, Any]:
    """Every row of every table, as values: two snapshots are equal when nothing changed at all."""
    return {
        model._meta.label: sorted(map(repr, model._default_manager.order_by("pk").values_list()))
        for model in apps.get_models()
    }


def day_after(moment: dt.datetime) -> dt.datetime:
    return moment + dt.timedelta(days=1)
