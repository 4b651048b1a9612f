"""Sign up with an e-mail address, verify it by the e-mailed link, log in, log out, reset a password
(DESIGN.md: accounts by django-allauth, e-mail login, mandatory verification)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from tests.factories.accounts import PASSWORD, UserFactory

from microcred.accounts.models import User
from microcred.common.roles import Role

NEW_PASSWORD = "a-new-long-passphrase-42"


def _link_in(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://testserver(/accounts/\S+/)", str(message.body))
    assert match is not None, message.body
    return match.group(1)


def _log_in(client: Client, email: str, password: str) -> str:
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302
    return str(response["Location"])


@pytest.mark.django_db
def test_sign_up_verify_by_link_log_in_and_log_out() -> None:
    client = Client()

    # given a new person signs up
    response = client.post(
        "/accounts/signup/",
        {"email": "New.Learner@Example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    # then they are a learner, unverified, told to check their e-mail, and sent one link
    assert (response.status_code, response["Location"]) == (302, "/accounts/confirm-email/")
    user = User.objects.get()
    assert (user.email, user.role, user.provider_id) == ("new.learner@example.org", Role.LEARNER, None)
    assert list(EmailAddress.objects.values_list("email", "verified")) == [("new.learner@example.org", False)]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.learner@example.org"]
    assert mail.outbox[0].subject == "[microcred] Please Confirm Your Email Address"

    # when they follow the link and confirm
    link = _link_in(mail.outbox[0])
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302

    # then the address is verified and they can log in, reach My learning, and log out
    assert list(EmailAddress.objects.values_list("verified", "primary")) == [(True, True)]
    assert _log_in(client, "new.learner@example.org", PASSWORD) == "/my/"
    assert client.get("/my/").status_code == 200
    assert client.post("/accounts/logout/")["Location"] == "/"
    assert client.get("/my/")["Location"] == "/accounts/login/?next=/my/"


@pytest.mark.django_db
def test_log_in_before_verifying_sends_the_link_again_and_does_not_log_in() -> None:
    UserFactory(email="unverified@example.org", email_verified=False)
    EmailAddress.objects.create(
        user=User.objects.get(), email="unverified@example.org", verified=False, primary=True
    )
    client = Client()

    assert _log_in(client, "unverified@example.org", PASSWORD) == "/accounts/confirm-email/"

    assert len(mail.outbox) == 1
    assert client.get("/my/")["Location"] == "/accounts/login/?next=/my/"


@pytest.mark.django_db
def test_wrong_password_is_refused_with_the_error_tied_to_the_form(learner: User) -> None:
    response = Client().post("/accounts/login/", {"login": learner.email, "password": "wrong"})

    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in response.text
    assert response.wsgi_request.user.is_authenticated is False


@pytest.mark.django_db
def test_sign_up_errors_are_tied_to_their_field() -> None:
    response = Client().post(
        "/accounts/signup/", {"email": "new@example.org", "password1": PASSWORD, "password2": "different"}
    )

    assert response.status_code == 200
    assert '<ul class="errorlist" id="id_password2_error">' in response.text
    assert 'aria-describedby="id_password2_error"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_sign_up_refuses_a_short_or_common_password() -> None:
    response = Client().post(
        "/accounts/signup/", {"email": "new@example.org", "password1": "password", "password2": "password"}
    )

    assert response.status_code == 200
    assert "This password is too short. It must contain at least 10 characters." in response.text
    assert "This password is too common." in response.text
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_sign_up_with_an_address_in_use_reveals_nothing_and_tells_the_owner(learner: User) -> None:
    response = Client().post(
        "/accounts/signup/", {"email": learner.email, "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response["Location"] == "/accounts/confirm-email/"
    assert User.objects.count() == 1
    assert (mail.outbox[0].to, mail.outbox[0].subject) == (
        ["learner@example.org"],
        "[microcred] Account Already Exists",
    )


@pytest.mark.django_db
def test_password_reset_by_e_mailed_link(learner: User) -> None:
    client = Client()

    response = client.post("/accounts/password/reset/", {"email": "LEARNER@example.org"})

    assert response["Location"] == "/accounts/password/reset/done/"
    assert len(mail.outbox) == 1
    assert (mail.outbox[0].to, mail.outbox[0].subject) == (
        ["learner@example.org"],
        "[microcred] Password Reset Email",
    )
    # allauth swaps the key in the link for a session-held one, as Django's own reset view does
    set_password_page = client.get(_link_in(mail.outbox[0]))
    assert set_password_page.status_code == 302
    response = client.post(
        set_password_page["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response["Location"] == "/accounts/password/reset/key/done/"
    assert _log_in(Client(), "learner@example.org", NEW_PASSWORD) == "/my/"
    assert (
        Client().post("/accounts/login/", {"login": learner.email, "password": PASSWORD}).status_code == 200
    )
