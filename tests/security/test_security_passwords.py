"""Issue 10: passwords are hashed with Argon2, and allauth refuses a log-in after five failures in a row."""

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.test import Client
from tests.factories.accounts import PASSWORD, UserFactory

from microcred.config import settings as configured

WRONG_PASSWORD = "not-the-right-passphrase-1"
NOT_CORRECT = "The email address and/or password you specified are not correct."
TOO_MANY = "Too many failed login attempts. Try again later."


def _log_in(client: Client, password: str) -> tuple[int, str]:
    response = client.post("/accounts/login/", {"login": "learner@example.org", "password": password})
    return response.status_code, response.text


def test_a_password_is_hashed_with_argon2_under_the_deployed_hashers(settings) -> None:
    settings.PASSWORD_HASHERS = configured.PASSWORD_HASHERS

    hashed = make_password(PASSWORD)

    assert hashed.startswith("argon2$argon2id$")
    assert check_password(PASSWORD, hashed) is True


@pytest.mark.django_db
def test_the_sixth_failed_log_in_in_a_row_is_refused_even_with_the_right_password() -> None:
    UserFactory(email="learner@example.org")
    client = Client()

    failures = [_log_in(client, WRONG_PASSWORD) for _ in range(5)]
    sixth_status, sixth_page = _log_in(client, PASSWORD)

    assert [(status, NOT_CORRECT in page) for status, page in failures] == [(200, True)] * 5
    assert (sixth_status, TOO_MANY in sixth_page) == (200, True)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_right_password_after_four_failures_still_logs_in() -> None:
    UserFactory(email="learner@example.org")
    client = Client()

    for _ in range(4):
        _log_in(client, WRONG_PASSWORD)
    status, _page = _log_in(client, PASSWORD)

    assert status == 302
    assert client.session["_auth_user_id"] == str(UserFactory._meta.model.objects.get().pk)
