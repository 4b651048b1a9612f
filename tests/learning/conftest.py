"""Fixtures of the learning tests: a fixed clock, the learning URLs, a UoL course of 12 weeks at 13 hours a
week with two weeks of content, and the enrolments that open it (or do not yet)."""

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from tests.factories.accounts import UserFactory
from tests.factories.catalog import MicrocredentialFactory
from tests.learning.factories import EnrolmentFactory, course_content

from microcred.accounts.models import User
from microcred.catalog.models import Microcredential
from microcred.enrolment.models import Enrolment
from microcred.learning.models import Step

LONDON = ZoneInfo("Europe/London")
# Week 7 of an enrolment whose access began on 1 September 2026.
NOW = dt.datetime(2026, 10, 14, 9, 30, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def course(db: None) -> Microcredential:
    return MicrocredentialFactory(title="Data Science Foundations", weeks=12, hours_per_week=13)


@pytest.fixture
def steps(course: Microcredential) -> list[Step]:
    """Two weeks of two steps each (1.1, 1.2, 2.1, 2.2), each week with a one-question quiz."""
    return course_content(course, weeks=2, steps_per_week=2)


@pytest.fixture
def enrolment(learner: User, course: Microcredential) -> Enrolment:
    return EnrolmentFactory(learner=learner, microcredential=course)


@pytest.fixture
def waiting_learner(db: None) -> User:
    return UserFactory(email="waiting.learner@example.org")


@pytest.fixture
def waiting_enrolment(waiting_learner: User, course: Microcredential) -> Enrolment:
    """An enrolment on the same course whose access begins at the January cohort: no access today."""
    return EnrolmentFactory(
        learner=waiting_learner,
        microcredential=course,
        registered_on=dt.date(2026, 10, 1),
        access_starts_on=dt.date(2027, 1, 11),
    )
