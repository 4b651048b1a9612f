"""Factories for course content and for the enrolments that open it, with deterministic values.

The enrolment factories build the rows the enrolment app's checkout would leave (order, paid line,
enrolment) directly: learning only reads enrolments, through the enrolment app's selectors.
"""

import datetime as dt

import factory
from factory.django import DjangoModelFactory
from tests.factories.accounts import UserFactory
from tests.factories.catalog import MicrocredentialFactory

from microcred.catalog.models import Microcredential
from microcred.enrolment.models import Enrolment, EnrolmentStatus, Order, OrderKind, OrderLine
from microcred.learning.models import Choice, Question, QuestionKind, Quiz, Step, StepKind, Week


class OrderFactory(DjangoModelFactory[Order]):
    class Meta:
        model = Order

    learner = factory.SubFactory(UserFactory)
    kind = OrderKind.PURCHASE
    idempotency_key = factory.Sequence(lambda n: f"learning-test-order-{n}")


class OrderLineFactory(DjangoModelFactory[OrderLine]):
    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory)
    microcredential = factory.SubFactory(MicrocredentialFactory)
    provider = factory.SelfAttribute("microcredential.provider")
    reference = factory.Sequence(lambda n: f"uol:learning-test-line-{n}")
    track = "credit_bearing"
    amount_minor = 49500
    currency = "GBP"
    policy_version = "test"


class EnrolmentFactory(DjangoModelFactory[Enrolment]):
    """An active enrolment on a UoL course whose access began on 1 September 2026."""

    class Meta:
        model = Enrolment

    learner = factory.SubFactory(UserFactory)
    microcredential = factory.SubFactory(MicrocredentialFactory)
    order_line = factory.SubFactory(
        OrderLineFactory,
        order__learner=factory.SelfAttribute("...learner"),
        microcredential=factory.SelfAttribute("..microcredential"),
    )
    track = "credit_bearing"
    status = EnrolmentStatus.ACTIVE
    policy_version = "test"
    registered_on = dt.date(2026, 9, 1)
    access_starts_on = dt.date(2026, 9, 1)


class WeekFactory(DjangoModelFactory[Week]):
    class Meta:
        model = Week

    microcredential = factory.SubFactory(MicrocredentialFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: f"Week {o.number} topic")


class StepFactory(DjangoModelFactory[Step]):
    class Meta:
        model = Step

    week = factory.SubFactory(WeekFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: f"Step {o.position}")
    kind = StepKind.TEXT
    body = "Read this *carefully*."


class QuizFactory(DjangoModelFactory[Quiz]):
    class Meta:
        model = Quiz

    week = factory.SubFactory(WeekFactory)
    step = None
    title = "Check your understanding"


class QuestionFactory(DjangoModelFactory[Question]):
    class Meta:
        model = Question

    quiz = factory.SubFactory(QuizFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.LazyAttribute(lambda o: f"Question {o.position}?")
    kind = QuestionKind.SINGLE


class ChoiceFactory(DjangoModelFactory[Choice]):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.LazyAttribute(lambda o: f"Choice {o.position}")
    is_correct = False


def course_content(microcredential: Microcredential, *, weeks: int, steps_per_week: int) -> list[Step]:
    """``weeks`` weeks of ``steps_per_week`` text steps each, every week with a one-question quiz; the steps
    in study order."""
    steps = []
    for number in range(1, weeks + 1):
        week = WeekFactory(microcredential=microcredential, number=number)
        steps += [StepFactory(week=week, position=position) for position in range(1, steps_per_week + 1)]
        question = QuestionFactory(quiz=QuizFactory(week=week), position=1)
        ChoiceFactory(question=question, position=1, is_correct=True)
        ChoiceFactory(question=question, position=2)
    return steps
