"""The catalogue admin: registry officers manage their own provider's catalogue, platform admins all of it,
nobody else any of it. Every refusal leaves the data as it was."""

import datetime as dt
from typing import Any

import pytest
from django.db import models
from django.urls import reverse
from tests.factories.catalog import (
    CohortFactory,
    CourseSetFactory,
    MicrocredentialFactory,
    PriceFactory,
    ProviderFactory,
    QualificationFactory,
    QualificationMappingFactory,
    ReviewFactory,
)

from microcred.accounts.models import User
from microcred.catalog.models import Cohort, Microcredential, StartMode

pytestmark = pytest.mark.django_db
ALL = {"view", "add", "change", "delete"}
MODELS = [
    "provider",
    "subject",
    "microcredential",
    "cohort",
    "price",
    "courseset",
    "qualification",
    "qualificationmapping",
    "review",
]
REGISTRY_MAY = {"provider": {"view", "change"}, "subject": {"view", "add"}, "review": {"view", "delete"}}
PLATFORM_ADMIN_MAY = {"review": {"view", "delete"}}
PERSONAS = ["anonymous", "learner", "uol_marker", "uol_registry", "ou_registry", "platform_admin"]
ACTIONS = ["changelist", "add", "change", "delete"]
SHARED_MODELS = {"subject"}


def uol_catalogue() -> dict[str, models.Model]:
    """One object of every catalogue model, all of the University of London."""
    uol = ProviderFactory(slug="uol")
    course = MicrocredentialFactory(provider=uol, title="Leading Change", start_mode=StartMode.COHORT)
    qualification = QualificationFactory(provider=uol, title="PGCert Management")
    return {
        "provider": uol,
        "subject": course.primary_subject,
        "microcredential": course,
        "cohort": CohortFactory(microcredential=course),
        "price": PriceFactory(microcredential=course),
        "courseset": CourseSetFactory(provider=uol, name="Management Set"),
        "qualification": qualification,
        "qualificationmapping": QualificationMappingFactory(
            qualification=qualification, microcredential=course
        ),
        "review": ReviewFactory(microcredential=course),
    }


def url(model: str, action: str, obj: models.Model) -> str:
    if action in ("changelist", "add"):
        return reverse(f"admin:catalog_{model}_{action}")
    return reverse(f"admin:catalog_{model}_{action}", args=[obj.pk])


def expected_status(persona: str, model: str, action: str) -> int:
    if persona in ("anonymous", "learner", "uol_marker"):
        return 302  # to the log-in page: not staff
    may = (PLATFORM_ADMIN_MAY if persona == "platform_admin" else REGISTRY_MAY).get(model, ALL)
    is_own = persona in ("platform_admin", "uol_registry") or model in SHARED_MODELS
    if action == "changelist" or (action == "change" and is_own):
        return 200  # a change page is read-only without the change permission
    if action == "add":
        return 200 if "add" in may else 403
    if not is_own:
        return 404
    return 200 if "delete" in may else 403


def snapshot() -> list[list[dict[str, Any]]]:
    from django.apps import apps

    catalog = apps.get_app_config("catalog").get_models()
    return [list(model.objects.order_by("pk").values()) for model in catalog]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_admin_access_matrix(
    request: pytest.FixtureRequest, client_for: Any, persona_name: str, model: str, action: str
) -> None:
    catalogue = uol_catalogue()
    persona = None if persona_name == "anonymous" else request.getfixturevalue(persona_name)

    response = client_for(persona).get(url(model, action, catalogue[model]))

    assert response.status_code == expected_status(persona_name, model, action)


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("persona", ["anonymous", "learner", "uol_marker", "ou_registry"], indirect=True)
def test_refused_deletes_and_changes_change_nothing(
    client_for: Any, persona: User | None, model: str
) -> None:
    # given
    catalogue = uol_catalogue()
    before = snapshot()
    client = client_for(persona)
    # when
    client.post(url(model, "delete", catalogue[model]), {"post": "yes"})
    client.post(url(model, "change", catalogue[model]), {"title": "Changed", "name": "Changed", "stars": 1})
    # then
    assert snapshot() == before


def test_registry_officer_deletes_own_cohort(client_for: Any, uol_registry: User) -> None:
    cohort = uol_catalogue()["cohort"]

    response = client_for(uol_registry).post(url("cohort", "delete", cohort), {"post": "yes"})

    assert response.status_code == 302
    assert not Cohort.objects.filter(pk=cohort.pk).exists()


def test_registry_officer_sees_only_own_courses(client_for: Any, ou_registry: User) -> None:
    uol_catalogue()
    MicrocredentialFactory(provider=ProviderFactory(slug="ou"), title="Applied Behavioural Economics")

    page = client_for(ou_registry).get(reverse("admin:catalog_microcredential_changelist")).content.decode()

    assert "Applied Behavioural Economics" in page
    assert "Leading Change" not in page


def test_registry_officer_is_offered_only_own_courses_for_a_cohort(
    client_for: Any, ou_registry: User
) -> None:
    uol_catalogue()
    ou_course = MicrocredentialFactory(
        provider=ProviderFactory(slug="ou"), title="Applied Behavioural Economics"
    )

    form = client_for(ou_registry).get(reverse("admin:catalog_cohort_add")).context["adminform"].form

    assert list(form.fields["microcredential"].queryset) == [ou_course]


def test_registry_officer_cannot_add_a_cohort_to_another_providers_course(
    client_for: Any, ou_registry: User
) -> None:
    uol_course = uol_catalogue()["microcredential"]
    before = snapshot()

    response = client_for(ou_registry).post(
        reverse("admin:catalog_cohort_add"), {"microcredential": uol_course.pk, "starts_on": "2027-01-04"}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert snapshot() == before


def test_a_course_added_by_a_registry_officer_belongs_to_their_provider(
    client_for: Any, ou_registry: User
) -> None:
    # given: the form posts another provider; the field is fixed to the officer's own
    subject = uol_catalogue()["subject"]
    form = {
        "provider": ProviderFactory(slug="uol").pk,
        "slug": "leading-change",
        "title": "Leading Change",
        "summary": "Lead change.",
        "subjects": [subject.pk],
        "primary_subject": subject.pk,
        "credits": 15,
        "level": 7,
        "weeks": 12,
        "hours_per_week": 13,
        "learning_outcomes": "Lead change.",
        "assessment_type": "final_assessment",
        "form_of_participation": "online",
        "start_mode": "cohort",
        "identity_verified_at_assessment": "on",
        **{
            f"{prefix}-{key}": value
            for prefix in ("cohorts", "prices")
            for key, value in MANAGEMENT_FORM.items()
        },
    }
    # when
    response = client_for(ou_registry).post(reverse("admin:catalog_microcredential_add"), form)
    # then
    assert response.status_code == 302
    course = Microcredential.objects.get(provider__slug="ou", slug="leading-change")
    assert (course.provider.slug, course.subject_names) == ("ou", subject.name)


MANAGEMENT_FORM = {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"}


def test_a_price_outside_the_policy_tracks_is_refused_with_the_field_named(
    client_for: Any, uol_registry: User
) -> None:
    course = uol_catalogue()["microcredential"]

    response = client_for(uol_registry).post(
        reverse("admin:catalog_price_add"),
        {
            "microcredential": course.pk,
            "track": "learning_only",
            "amount_minor": 100,
            "currency": "GBP",
            "effective_from": dt.date(2030, 1, 1),
        },
    )

    assert response.status_code == 200
    assert "must be one of the policy&#x27;s tracks: credit_bearing" in response.content.decode()
