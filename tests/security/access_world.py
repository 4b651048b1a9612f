"""The world the access matrices ask about: a learner's objects at UoL (and an IBERS set exemption and an OU
qualification link), each made the first time a route asks for it, so a route builds only what it needs."""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from tests.assessment.builders import course, enrolment_for, staff, submit_file
from tests.awards.awards_builders import credit_for, credits_for, ids
from tests.credentials.issuance_builders import badge_for
from tests.factories.catalog import (
    CourseSetFactory,
    CourseSetMemberFactory,
    MicrocredentialFactory,
    ProviderFactory,
    QualificationFactory,
    QualificationMappingFactory,
)
from tests.learning.factories import QuizFactory, StepFactory, WeekFactory
from tests.payments.builders import course_line

from microcred.accounts.models import User
from microcred.assessment.models import Submission
from microcred.awards import services as award_services
from microcred.awards import services_recognition, services_transfer
from microcred.catalog.models import Microcredential
from microcred.common.roles import Role
from microcred.credentials.models import Credential
from microcred.enrolment.models import Enrolment, ProgrammeAdmission
from microcred.enrolment.services import cart_item_add
from microcred.learning import services as learning_services
from microcred.learning.models import StepKind, Week
from microcred.payments import services as payment_services


@dataclass
class World:
    """The objects the routes are asked about, made when first asked for: all the learner's, at UoL."""

    learner: User

    @cached_property
    def course(self) -> Microcredential:
        return course("uol")

    @cached_property
    def enrolment_row(self) -> Enrolment:
        return enrolment_for(self.learner, self.course)

    @cached_property
    def week(self) -> Week:
        return WeekFactory(microcredential=self.course, number=1)

    provider_slug = "uol"

    @property
    def course_slug(self) -> str:
        return self.course.slug

    @cached_property
    def other_course_slug(self) -> str:
        return MicrocredentialFactory(provider=ProviderFactory(slug="uol"), title="Another Course").slug

    @property
    def enrolment(self) -> str:
        return str(self.enrolment_row.public_id)

    @property
    def order(self) -> str:
        return str(self.enrolment_row.order_line.order.public_id)

    @cached_property
    def checkout(self) -> str:
        made = payment_services.checkout_create(
            learner=self.learner, lines=(course_line(),), order_reference="order:1",
            idempotency_key="order:1", success_url="/my/", cancel_url="/courses/",
        )  # fmt: skip
        return str(made.public_id)

    @cached_property
    def cart_item(self) -> int:
        other = MicrocredentialFactory(provider=ProviderFactory(slug="uol"), title="In The Cart")
        return cart_item_add(learner=self.learner, microcredential=other, track=None, cohort=None).pk

    @cached_property
    def submission_row(self) -> Submission:
        return submit_file(self.enrolment_row, "My Essay.pdf")

    @property
    def submission(self) -> str:
        return str(self.submission_row.public_id)

    @cached_property
    def step(self) -> int:
        return StepFactory(week=self.week, position=1).pk

    @cached_property
    def file_step(self) -> int:
        upload = SimpleUploadedFile("reading-list.txt", b"Chapter 1\n")
        return StepFactory(week=self.week, position=2, kind=StepKind.FILE, body="", file=upload).pk

    @cached_property
    def quiz(self) -> int:
        return QuizFactory(week=self.week).pk

    @property
    def week_number(self) -> int:
        return self.week.number

    @cached_property
    def help_question(self) -> int:
        return learning_services.help_question_ask(
            enrolment=self.enrolment_row, week=self.week, title="Where do I start?", body="Step 1 or 2?"
        ).pk

    @cached_property
    def badge(self) -> Credential:
        return badge_for(self.learner)

    @property
    def credential(self) -> str:
        return str(self.badge.public_id)

    @property
    def issuer_slug(self) -> str:
        return self.badge.issuer.slug

    @property
    def status_list_number(self) -> int:
        return self.badge.status_list.number

    @cached_property
    def claim(self) -> int:
        credits = credits_for(self.learner, {"Data Science": 4})
        uol = ProviderFactory(slug="uol")
        return award_services.award_claim(
            learner=self.learner, provider=uol, award="PGCert", credit_ids=ids(credits)
        ).pk

    @cached_property
    def transfer(self) -> int:
        assert self.badge
        uol = ProviderFactory(slug="uol")
        return services_transfer.transfer_request(
            learner=self.learner, provider=uol, destination="MSc, UoL"
        ).pk

    @cached_property
    def exemption(self) -> int:
        course_set = CourseSetFactory(name="Plant Breeding")
        for position in range(1, 5):
            credit = credit_for(
                self.learner, provider_slug="ibers", subject="Plant Breeding", title=f"PB {position}"
            )
            CourseSetMemberFactory(
                course_set=course_set, microcredential=credit.microcredential, position=position
            )
        officer = staff(Role.REGISTRY_OFFICER, "ibers", "admissions@ibers.example.org")
        programme = course_set.provider.policy.set_exemption.programmes[0]
        ProgrammeAdmission.objects.create(
            learner=self.learner, provider=officer.provider, programme=programme, recorded_by=officer,
            deduction_minor=0, counted_minor=0, cap_minor=0, currency="GBP", policy_version="test",
        )  # fmt: skip
        return services_recognition.exemption_apply(
            learner=self.learner, course_set=course_set, programme=programme
        ).pk

    @cached_property
    def link(self) -> int:
        credit = credit_for(
            self.learner, provider_slug="ou", subject="Data Science", awarded_on=dt.date(2026, 3, 2)
        )
        qualification = QualificationFactory(title="PGCert in Data Analytics", study_duration_years=5)
        QualificationMappingFactory(
            qualification=qualification,
            microcredential=credit.microcredential,
            effective_from=dt.date(2025, 1, 1),
        )
        return services_recognition.link_request(
            learner=self.learner, credit=credit, qualification=qualification
        ).pk

    def value(self, name: str) -> Any:
        """A world object's id, or the name itself where the route takes a literal (a reset key)."""
        return getattr(self, name) if hasattr(type(self), name) else name
