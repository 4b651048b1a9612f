"""The audit log page: platform admins see every provider's events and the data exports and erasures;
a registry officer sees their own provider's only; anyone else is refused. Filters by kind and dates, pages
of 50, and a constant number of queries whatever the number of events."""

import datetime as dt

import pytest
from django.test import Client
from tests.awards.awards_builders import credits_for, ids
from tests.factories.accounts import UserFactory
from tests.factories.catalog import ProviderFactory
from tests.privacy.history import STUDY_DAY, History, learner_with_history, teams
from tests.security.markup_offences import markup_offences

from microcred.accounts.models import User
from microcred.accounts.services import staff_member_create
from microcred.awards.services import award_claim
from microcred.common.roles import Role
from microcred.enrolment import services as enrolment_services
from microcred.privacy import services as privacy_services
from microcred.privacy.audit import AuditFilter, AuditKind, audit_rows

pytestmark = pytest.mark.django_db

URL = "/staff/audit/"


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PAYMENTS_PROVIDER = "sandbox"


@pytest.fixture
def world(time_machine) -> dict:
    """Zenobia passed a UoL and an IBERS course; UoL refunded her UoL course (which revoked its badge); an
    OU marker was made; she downloaded her data."""
    time_machine.move_to(STUDY_DAY, tick=False)
    team_of = teams()
    ada: History = learner_with_history(
        team_of, email="zenobia@example.org", first_name="Zenobia", last_name="Quillfeather", course_slug="a"
    )
    time_machine.move_to(STUDY_DAY + dt.timedelta(days=3), tick=False)
    enrolment_services.enrolment_refund_grant(
        officer=team_of["uol"]["registry"], enrolment=ada.uol_enrolment, reason="Course withdrawn"
    )
    staff_member_create(email="marker@ou.example.org", role=Role.MARKER, provider=ProviderFactory(slug="ou"))
    staff_member_create(
        email="mentor@uol.example.org", role=Role.MODERATOR, provider=ProviderFactory(slug="uol")
    )
    privacy_services.personal_data_export(person=ada.person)
    claimant = UserFactory(email="claimant@example.org")
    credits = credits_for(claimant, {"Data Science": 4})
    award_claim(
        learner=claimant, provider=ProviderFactory(slug="uol"), award="PGCert", credit_ids=ids(credits)
    )
    return {"ada": ada, "teams": team_of}


def _kinds(wanted: AuditFilter) -> list[str]:
    return [row["audit_kind"] for row in audit_rows(wanted)]


def test_a_platform_admin_sees_every_kind_of_event_of_every_provider(
    client_for, platform_admin, world
) -> None:
    response = client_for(platform_admin).get(URL)

    assert response.status_code == 200
    rows = response.context["rows"]
    assert {row.kind for row in rows} == set(AuditKind)
    providers = {world["teams"][slug]["registry"].provider.name for slug in ("uol", "ibers")}
    assert {row.provider for row in rows} == {*providers, "", ProviderFactory(slug="ou").name}
    assert markup_offences(response.text) == []


def test_a_registry_officer_sees_their_provider_only(client_for, world) -> None:
    officer = world["teams"]["uol"]["registry"]

    response = client_for(officer).get(URL)

    assert response.status_code == 200
    rows = response.context["rows"]
    uol = officer.provider.name
    assert {row.provider for row in rows} == {uol}
    assert {row.kind for row in rows} == set(AuditKind) - {AuditKind.PRIVACY}
    assert "Plant Breeding a" not in response.text
    assert "marker@ou.example.org" not in response.text


def test_another_provider_officer_sees_none_of_these_rows(client_for, world) -> None:
    ibers_officer = world["teams"]["ibers"]["registry"]

    rows = client_for(ibers_officer).get(URL).context["rows"]

    assert {row.provider for row in rows} == {ibers_officer.provider.name}
    assert not any(row.kind in (AuditKind.REFUND, AuditKind.REVOCATION) for row in rows)


def test_the_event_kinds_are_exact(world) -> None:
    uol = world["teams"]["uol"]["registry"].provider

    kinds = _kinds(AuditFilter(provider=uol))

    # UoL: marked and released, five credits, a claim, a refund and the revocation it made, a moderator made.
    assert sorted(kinds) == sorted(["mark", "mark", *["credit"] * 5, "award", "refund", "revocation", "role"])
    released = audit_rows(AuditFilter(provider=uol, kinds=[AuditKind.RESULT]))
    assert [(row["audit_kind"], row["audit_action"]) for row in released] == [("mark", "released")]


def test_filters_by_kind_and_by_dates(client_for, platform_admin, world) -> None:
    client = client_for(platform_admin)

    refunds = client.get(URL, {"kinds": ["refund", "revocation"]}).context["rows"]
    later = client.get(URL, {"date_from": "2026-03-05"}).context["rows"]
    earlier = client.get(URL, {"date_to": "2026-03-04"}).context["rows"]

    assert sorted(row.kind for row in refunds) == ["refund", "revocation"]
    assert {row.kind for row in later} == set(AuditKind) - {AuditKind.MARK, AuditKind.RESULT}
    assert AuditKind.REFUND not in {row.kind for row in earlier}
    assert len(later) + len(earlier) == len(client.get(URL).context["rows"])


def test_a_bad_date_range_is_a_form_error(client_for, platform_admin, world) -> None:
    response = client_for(platform_admin).get(URL, {"date_from": "2026-03-05", "date_to": "2026-03-01"})

    assert response.status_code == 400
    assert "The end date is before the start date." in response.text


def test_a_registry_officer_cannot_ask_for_exports_and_erasures(client_for, world) -> None:
    officer = world["teams"]["uol"]["registry"]

    response = client_for(officer).get(URL, {"kinds": ["privacy"]})

    assert response.status_code == 400
    assert "Select a valid choice. privacy is not one of the available choices." in response.text
    assert AuditKind.PRIVACY not in {row.kind for row in response.context["rows"]}


def _role_events(count: int, provider) -> None:
    for number in range(count):
        email = f"marker{number}@{provider.slug}.example.org"
        staff_member_create(email=email, role=Role.MARKER, provider=provider)


def test_pages_of_fifty_with_a_constant_number_of_queries(
    client_for, platform_admin, django_assert_num_queries
) -> None:
    provider = ProviderFactory(slug="uol")
    _role_events(60, provider)
    client: Client = client_for(platform_admin)
    client.get(URL)

    # session, user, the MFA middleware's check, then the log's count and page: the same for 60 events and 61
    with django_assert_num_queries(5):
        first = client.get(URL)
    _role_events(1, ProviderFactory(slug="ou"))
    with django_assert_num_queries(5):
        second = client.get(URL, {"page": 2})

    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 11
    assert 'rel="next"' in first.text


@pytest.mark.parametrize("persona", ["learner", "uol_marker", "uol_moderator"])
def test_learners_and_markers_are_refused(request: pytest.FixtureRequest, client_for, persona: str) -> None:
    assert client_for(request.getfixturevalue(persona)).get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client_for) -> None:
    response = client_for(None).get(URL)

    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={URL}")


def test_a_role_change_in_the_admin_is_audited_with_its_actor(
    client_for, platform_admin, learner: User
) -> None:
    provider = ProviderFactory(slug="uol")
    form = {
        "email": learner.email,
        "first_name": "",
        "last_name": "",
        "role": Role.MARKER,
        "provider": provider.pk,
        "is_active": "on",
    }

    response = client_for(platform_admin).post(f"/admin/accounts/user/{learner.pk}/change/", form)

    assert response.status_code == 302
    rows = client_for(platform_admin).get(URL, {"kinds": ["role"]}).context["rows"]
    changed = [row for row in rows if row.subject == learner.email]
    assert [(row.action, row.note, row.actor, row.provider) for row in changed] == [
        ("marker", "learner", "admin@example.org", provider.name)
    ]
