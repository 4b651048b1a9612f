"""The "Your data" pages: a person downloads their own data as a ZIP and a learner erases their personal data
after confirming with their password. There is no id in any URL, so nobody reaches another's data; refusals
(anonymous, staff, a wrong password, no CSRF token) change nothing."""

import io
import zipfile

import pytest
from django.test import Client
from tests.factories.accounts import PASSWORD
from tests.privacy.history import snapshot
from tests.security.markup_offences import markup_offences

from microcred.accounts.models import User
from microcred.privacy.models import PrivacyEvent, PrivacyEventKind

pytestmark = pytest.mark.django_db

PAGES = ("/my/data/", "/my/data/erase/")


@pytest.mark.parametrize("path", [*PAGES, "/my/data/export/"])
def test_anonymous_visitors_are_sent_to_log_in_and_nothing_changes(client_for, path: str) -> None:
    before = snapshot()

    response = client_for(None).post(path) if path.endswith("export/") else client_for(None).get(path)

    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={path}")
    assert snapshot() == before


@pytest.mark.parametrize("path", PAGES)
def test_the_pages_are_labelled_and_carry_no_inline_code(client_for, learner: User, path: str) -> None:
    response = client_for(learner).get(path)

    assert response.status_code == 200
    assert markup_offences(response.text) == []
    assert response.text.count("<h1>") == 1


def test_the_dashboard_links_to_your_data(client_for, learner: User) -> None:
    assert 'href="/my/data/"' in client_for(learner).get("/my/").text


def test_a_learner_downloads_their_own_data_only(client_for, learner: User, other_learner: User) -> None:
    response = client_for(learner).post("/my/data/export/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="microcred-data-')
    data = zipfile.ZipFile(io.BytesIO(response.content)).read("data.json").decode()
    assert "learner@example.org" in data
    assert "other.learner@example.org" not in data
    assert list(PrivacyEvent.objects.values_list("person_id", "kind")) == [
        (learner.pk, PrivacyEventKind.EXPORTED)
    ]


def test_the_export_is_a_post_behind_csrf(learner: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)

    assert client.get("/my/data/export/").status_code == 405
    assert client.post("/my/data/export/").status_code == 403
    assert not PrivacyEvent.objects.exists()


def test_a_learner_erases_their_personal_data_and_is_signed_out(client_for, learner: User) -> None:
    client = client_for(learner)

    response = client.post("/my/data/erase/", {"password": PASSWORD, "understood": "on"})

    assert (response.status_code, response["Location"]) == (302, "/data-erased/")
    learner.refresh_from_db()
    assert (learner.email, learner.is_active) == (f"erased-{learner.pk}@erased.invalid", False)
    assert client.get("/my/").status_code == 302
    assert client.get("/data-erased/").status_code == 200


def test_the_erasure_signs_the_learner_out_everywhere(client_for, learner: User) -> None:
    phone, laptop = client_for(learner), client_for(learner)

    phone.post("/my/data/erase/", {"password": PASSWORD, "understood": "on"})

    assert laptop.get("/my/").status_code == 302
    assert laptop.post("/my/data/export/").status_code == 302


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({"password": "wrong", "understood": "on"}, "That is not your password."),
        ({"password": PASSWORD}, "This field is required."),
    ],
    ids=["wrong-password", "not-confirmed"],
)
def test_an_unconfirmed_erasure_is_a_form_error_and_changes_nothing(
    client_for, learner: User, form: dict[str, str], error: str
) -> None:
    client = client_for(learner)
    before = snapshot()

    response = client.post("/my/data/erase/", form)

    assert response.status_code == 400
    assert error in response.text
    assert snapshot() == before


def test_the_erasure_form_needs_its_csrf_token(learner: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    before = snapshot()

    response = client.post("/my/data/erase/", {"password": PASSWORD, "understood": "on"})

    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["uol_marker", "uol_registry", "platform_admin"])
def test_staff_are_refused_the_erasure_and_nothing_changes(
    request: pytest.FixtureRequest, client_for, persona: str
) -> None:
    client = client_for(request.getfixturevalue(persona))
    before = snapshot()

    assert client.get("/my/data/erase/").status_code == 403
    assert client.post("/my/data/erase/", {"password": PASSWORD, "understood": "on"}).status_code == 403
    assert snapshot() == before
    assert "Staff accounts are not erased here" in client.get("/my/data/").text
