"""The demo catalogue: three universities as the sources describe them, loaded idempotently."""

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from microcred.catalog.models import (
    Cohort,
    CourseSet,
    Microcredential,
    Price,
    Qualification,
    QualificationMapping,
)
from microcred.demo.catalog_loader import cohort_starts, load_catalog

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def snapshot() -> list[list[dict[str, Any]]]:
    # created_at is set once, on insert; everything else must be identical after a second run.
    return [
        list(model.objects.order_by("pk").values()) for model in apps.get_app_config("catalog").get_models()
    ]


def test_loading_the_demo_twice_changes_nothing() -> None:
    load_catalog(today=TODAY)
    first = snapshot()

    load_catalog(today=TODAY)

    assert snapshot() == first


def test_uol_has_twelve_or_more_anytime_courses_over_four_or_more_subjects_at_495() -> None:
    load_catalog(today=TODAY)
    uol = Microcredential.objects.filter(provider__slug="uol")

    assert uol.count() == 14
    assert uol.values("primary_subject").distinct().count() == 6
    assert set(uol.values_list("start_mode", "credits", "level")) == {("anytime", 15, 7)}
    assert set(Price.objects.filter(microcredential__in=uol).values_list("track", "amount_minor")) == {
        ("credit_bearing", 49500)
    }


def test_r_ca2_ou_courses_start_in_january_may_and_september_of_the_coming_year() -> None:
    load_catalog(today=TODAY)
    ou = Microcredential.objects.filter(provider__slug="ou")

    assert ou.count() == 6
    assert set(ou.values_list("weeks", "hours_per_week", "start_mode")) == {(12, 13, "cohort")}
    for course in ou:
        assert list(course.cohorts.values_list("starts_on", flat=True)) == [
            dt.date(2027, 1, 4),
            dt.date(2027, 5, 3),
            dt.date(2027, 9, 6),
        ]
    assert ou.first().provider.delivery_partner == "FutureLearn"


def test_cohort_starts_are_the_first_mondays_within_a_year() -> None:
    assert cohort_starts(dt.date(2027, 1, 4)) == [
        dt.date(2027, 5, 3),
        dt.date(2027, 9, 6),
        dt.date(2028, 1, 3),
    ]


def test_r_aw6_ou_has_two_qualifications_with_dated_listings() -> None:
    load_catalog(today=TODAY)

    qualifications = Qualification.objects.filter(provider__slug="ou")
    in_force = QualificationMapping.objects.filter(
        qualification__in=qualifications, effective_to__isnull=True
    )

    assert list(qualifications.values_list("title", flat=True)) == [
        "Postgraduate Certificate in Business and Management",
        "Postgraduate Certificate in Online and Distance Education",
    ]
    assert in_force.count() == 6
    assert QualificationMapping.objects.filter(effective_to=dt.date(2025, 8, 31)).count() == 1


def test_r_aw5_ibers_has_two_sets_of_four_five_credit_courses_with_some_released_later() -> None:
    load_catalog(today=TODAY)

    sets = CourseSet.objects.filter(provider__slug="ibers").prefetch_related("members", "related_programmes")
    ibers = Microcredential.objects.filter(provider__slug="ibers")

    assert [(s.name, [m.position for m in s.members.all()]) for s in sets] == [
        ("Plant Breeding", [1, 2, 3, 4]),
        ("Sustainable Livestock Production", [1, 2, 3, 4]),
    ]
    assert [p.title for p in sets[0].related_programmes.order_by("title")] == [
        "Agrifood Innovation MSc",
        "BioInnovation MSc",
    ]
    assert set(ibers.values_list("credits", "weeks", "start_mode")) == {(5, 8, "release")}
    assert ibers.filter(release_date__gt=TODAY).count() == 4
    assert set(Price.objects.filter(microcredential__in=ibers).values_list("track", "amount_minor")) == {
        ("learning_only", 10000),
        ("credit_bearing", 25000),
    }


def test_every_demo_course_page_renders_and_the_cmf_verdicts_follow_the_sources(client: Client) -> None:
    load_catalog(today=timezone.localdate())

    for course in Microcredential.objects.select_related("provider"):
        response = client.get(f"/courses/{course.provider.slug}/{course.slug}/")
        assert response.status_code == 200, course.slug
        meets_cmf = (
            "meets every criterion of the Common Microcredential Framework" in response.content.decode()
        )
        assert meets_cmf is (course.provider.slug != "ibers"), course.slug


def test_the_demo_command_prints_the_catalogue_and_the_log_ins(settings: Settings) -> None:
    settings.DEBUG = True
    out = StringIO()

    call_command("demo", stdout=out)

    printed = out.getvalue()
    assert "Catalogue: 28 microcredentials (uol 14, ou 6, ibers 8), " in printed
    assert "uol.registry@demo.example.org" in printed
    assert Cohort.objects.count() == 18


def test_the_demo_command_refuses_to_load_public_log_ins_without_debug(settings: Settings) -> None:
    settings.DEBUG = False

    with pytest.raises(CommandError, match="the demo's log-ins are public"):
        call_command("demo", stdout=StringIO())

    assert Cohort.objects.count() == 0
