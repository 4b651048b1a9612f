"""The course page: everything a learner needs to decide (R-CA1 … R-CA5, R-AS5, R-AW5, R-AW6)."""

import datetime as dt
import re
from collections.abc import Iterator
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from tests.factories.catalog import (
    CohortFactory,
    CourseSetMemberFactory,
    MicrocredentialFactory,
    PriceFactory,
    ProviderFactory,
    QualificationFactory,
    QualificationMappingFactory,
    ReviewFactory,
)

from microcred.catalog.models import Microcredential, QualificationRestriction, StartMode

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=ZoneInfo("Europe/London"))
EU_MANDATORY = [
    "Identification of the learner",
    "Title",
    "Country or region of the issuer",
    "Awarding body",
    "Date of issuing",
    "Learning outcomes",
    "Notional workload",
    "Level and cycle",
    "Type of assessment",
    "Form of participation",
    "Type of quality assurance",
]


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def page_of(client: Client, course: Microcredential) -> str:
    response = client.get(f"/courses/{course.provider.slug}/{course.slug}/")
    assert response.status_code == 200
    return unescape(response.content.decode())


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def rows(page: str, start_marker: str) -> list[tuple[str, ...]]:
    """The rows of the first table after ``start_marker``, each cell as text."""
    table = page.split(start_marker, 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [
        tuple(text_of(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S))
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def eu_elements(page: str) -> dict[str, str]:
    listing = page.split('id="eu-elements">', 1)[1].split("</dl>", 1)[0]
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", listing, re.S)
    return {text_of(name).removesuffix(" (optional)"): text_of(value) for name, value in pairs}


def ibers_course(**kwargs: object) -> Microcredential:
    defaults: dict[str, object] = {
        "provider": ProviderFactory(slug="ibers"),
        "title": "Plant Breeding 1",
        "credits": 5,
        "weeks": 8,
        "hours_per_week": 6,
        "assessment_type": "report",
        "start_mode": StartMode.RELEASE,
        "release_date": dt.date(2026, 1, 12),
    }
    return MicrocredentialFactory(**{**defaults, **kwargs})


def test_r_ca3_page_shows_the_eleven_eu_mandatory_elements(client: Client) -> None:
    course = MicrocredentialFactory(
        title="Foundations of Data Science",
        learning_outcomes="Clean data.\nModel data.",
        assessment_type="project",
    )

    elements = eu_elements(page_of(client, course))

    assert list(elements)[:11] == EU_MANDATORY
    assert elements["Identification of the learner"] == "Stated on each credential"
    assert elements["Title"] == "Foundations of Data Science"
    assert elements["Country or region of the issuer"] == "United Kingdom"
    assert elements["Awarding body"] == "University of London"
    assert elements["Date of issuing"] == "Stated on each credential"
    assert elements["Learning outcomes"] == "Clean data. Model data."
    assert elements["Notional workload"] == "7.5 ECTS (150 hours, 15 UK credits)"
    assert elements["Level and cycle"] == "FHEQ level 7 (EQF level 7, QF-EHEA second cycle)"
    assert elements["Type of assessment"] == "Project-based assessment"
    assert elements["Form of participation"] == "Online"
    assert elements["Type of quality assurance"] == "QAA-reviewed UK higher education provider"
    assert elements["Integration and stackability options"] == (
        "Stackable towards PGCert (60 credits), PGDip (120 credits), Master's (180 credits)"
    )


def test_r_ca4_a_uol_course_meets_every_cmf_criterion(client: Client) -> None:
    page = page_of(client, MicrocredentialFactory(title="Foundations of Data Science"))

    assert [(name, met) for name, met, _why in rows(page, 'id="cmf-heading"')] == [
        ("Notional learning hours", "Met"),
        ("EQF level", "Met"),
        ("Counts towards a degree", "Met"),
        ("Summative assessment awarding credit", "Met"),
        ("Identity verified at assessment", "Met"),
        ("Transcript", "Met"),
    ]
    assert "This course meets every criterion of the Common Microcredential Framework." in page


def test_r_ca4_an_ibers_course_is_shown_outside_the_cmf_on_hours_not_refused(client: Client) -> None:
    # given: a set member, so it counts towards a master's (R-AW5)
    course = ibers_course()
    member = CourseSetMemberFactory(microcredential=course, course_set__name="Plant Breeding")
    member.course_set.related_programmes.add(
        QualificationFactory(provider=course.provider, title="BioInnovation MSc")
    )
    # when
    page = page_of(client, course)
    # then
    cmf = rows(page, 'id="cmf-heading"')
    assert cmf[0] == (
        "Notional learning hours",
        "Not met",
        "50 notional hours (5 credits × 10 h): outside the CMF's 100–150 hours; the 48 hours of stated study "
        "time are not what is counted.",
    )
    assert [met for _name, met, _why in cmf[1:]] == ["Met"] * 5
    assert "It is still open to enrolment." in page


def test_r_ca1_workload_shows_notional_hours_beside_weeks_times_hours(client: Client) -> None:
    course = MicrocredentialFactory(
        provider=ProviderFactory(slug="ou"), weeks=12, hours_per_week=13, assessment_type="final_assessment"
    )

    page = text_of(page_of(client, course))

    assert (
        "150 notional hours (15 credits × 10 hours). "
        "Stated study time: 12 weeks × 13 hours a week = 156 hours." in page
    )


def test_r_ca2_a_cohort_course_lists_its_coming_starts(client: Client) -> None:
    course = MicrocredentialFactory(start_mode=StartMode.COHORT)
    for starts_on in (dt.date(2026, 9, 7), dt.date(2027, 1, 4), dt.date(2027, 5, 3)):
        CohortFactory(microcredential=course, starts_on=starts_on)

    assert "Cohorts start on 4 January 2027, 3 May 2027." in text_of(page_of(client, course))


def test_r_ca2_a_course_released_later_says_when_it_can_be_booked(client: Client) -> None:
    course = ibers_course(release_date=dt.date(2027, 2, 1))

    assert "This course can be booked from its release on 1 February 2027." in text_of(
        page_of(client, course)
    )


def test_r_ca2_an_anytime_course_starts_at_once(client: Client) -> None:
    page = text_of(page_of(client, MicrocredentialFactory()))

    assert "Start any time: access begins as soon as you have paid." in page


def test_r_en3_prices_in_force_today_are_shown_per_policy_track(client: Client) -> None:
    course = ibers_course()
    PriceFactory(microcredential=course, track="learning_only", amount_minor=10000)
    PriceFactory(microcredential=course, track="credit_bearing", amount_minor=25000)
    PriceFactory(
        microcredential=course,
        track="credit_bearing",
        amount_minor=20000,
        effective_from=dt.date(2019, 1, 1),
        effective_to=dt.date(2019, 12, 31),
    )

    page = page_of(client, course)

    assert rows(page, 'id="price-heading"') == [
        ("Learning only", "£100.00", "No"),
        ("Credit-bearing", "£250.00", "Yes"),
    ]


def test_r_as5_an_ibers_page_says_no_mark_is_given(client: Client) -> None:
    elements = eu_elements(page_of(client, ibers_course()))

    assert elements["Grade achieved"] == "Pass or fail only; the mark is not given"


def test_r_en1_entry_requirements_are_the_policy_declarations(client: Client) -> None:
    page = text_of(page_of(client, MicrocredentialFactory()))

    assert (
        "When you enrol you confirm that: I hold a degree-level qualification or have equivalent experience. "
        "My English language proficiency meets the level stated for this course." in page
    )


def test_r_aw6_qualifications_listing_the_course_today_are_shown_with_their_restrictions(
    client: Client,
) -> None:
    # given
    ou = ProviderFactory(slug="ou")
    course = MicrocredentialFactory(provider=ou, title="Online Teaching", assessment_type="final_assessment")
    current = QualificationFactory(provider=ou, title="PGCert Online Teaching", study_duration_years=5)
    former = QualificationFactory(provider=ou, title="PGCert Retired")
    QualificationMappingFactory(qualification=current, microcredential=course)
    QualificationMappingFactory(
        qualification=former, microcredential=course, effective_to=dt.date(2025, 8, 31)
    )
    QualificationRestriction.objects.create(
        qualification=current, microcredential=course, excludes_module="H880 Teaching online (module)"
    )
    # when
    page = text_of(page_of(client, course))
    # then
    assert "PGCert Online Teaching (credit must be no more than 5 years old)" in page
    assert (
        "Restrictions: PGCert Online Teaching: Online Teaching and H880 Teaching online (module) cannot both "
        "count towards it." in page
    )
    assert "PGCert Retired" not in page


def test_r_aw5_a_set_member_shows_its_set_and_the_exemption(client: Client) -> None:
    course = ibers_course()
    member = CourseSetMemberFactory(microcredential=course, course_set__name="Plant Breeding")
    member.course_set.related_programmes.add(
        QualificationFactory(provider=course.provider, title="BioInnovation MSc")
    )
    CourseSetMemberFactory(
        course_set=member.course_set, position=2, microcredential=ibers_course(title="Plant Breeding 2")
    )

    page = text_of(page_of(client, course))

    assert (
        "Part of the Plant Breeding set. Complete all of it for an exemption from 20 credits of "
        "BioInnovation MSc: Plant Breeding 1 (this course) Plant Breeding 2" in page
    )


def test_r_ca5_page_shows_the_average_rating_and_count(client: Client) -> None:
    course = MicrocredentialFactory()
    for stars in (5, 4, 4):
        ReviewFactory(microcredential=course, stars=stars)

    assert "4.3 out of 5 from 3 reviews" in text_of(page_of(client, course))


@pytest.mark.parametrize(
    "path", ["/courses/uol/nothing-here/", "/courses/nobody/data/", "/courses/uol/draft/"]
)
def test_an_unknown_or_unpublished_course_is_not_found(client: Client, path: str) -> None:
    MicrocredentialFactory(title="Draft", is_published=False)

    assert client.get(path).status_code == 404
