"""The site's shell: a layout every page shares (skip link, navigation, main landmark), a home page that
says what the platform is and searches the catalogue, and nothing fetched from another host (DESIGN.md:
pages with htmx shipped by django-htmx, no CDN)."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from tests.factories.catalog import ProviderFactory

from microcred.accounts.models import User


def _title(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
    assert match is not None
    return " ".join(match.group(1).split())


def _external_urls(html: str) -> list[str]:
    urls = re.findall(r"""(?:src|href|action)\s*=\s*["']([^"']+)["']""", html)
    return [url for url in urls if urlsplit(url).netloc not in ("", "testserver") or url.startswith("//")]


@pytest.mark.django_db
def test_home_page_links_each_provider_and_searches_the_catalogue() -> None:
    for slug in ("uol", "ou", "ibers"):
        ProviderFactory(slug=slug)

    response = Client().get("/")

    assert response.status_code == 200
    html = response.text
    assert '<form class="search" method="get" action="/courses/" role="search">' in html
    assert '<label for="home-search">Search the courses</label>' in html
    assert '<input id="home-search" type="search" name="q"' in html
    links = re.findall(r'<a href="(/courses/\?provider=[^"]+)">([^<]+)</a>', html)
    assert links == [
        ("/courses/?provider=ibers", "Courses from IBERS, Aberystwyth University"),
        ("/courses/?provider=ou", "Courses from The Open University"),
        ("/courses/?provider=uol", "Courses from University of London"),
    ]


@pytest.mark.django_db
def test_home_page_fetches_nothing_from_another_host_and_serves_htmx_itself() -> None:
    html = Client().get("/").text

    assert _external_urls(html) == []
    assert '<script src="/static/django_htmx/htmx-2.min.js" defer></script>' in html
    assert '<link rel="stylesheet" href="/static/microcred/site.css">' in html


def test_the_external_url_check_catches_a_cdn() -> None:
    html = '<script src="https://unpkg.com/htmx.org"></script><a href="//fonts.example/x">f</a><a href="/ok">'

    assert _external_urls(html) == ["https://unpkg.com/htmx.org", "//fonts.example/x"]


@pytest.mark.django_db
def test_layout_for_a_visitor_has_skip_link_landmarks_and_log_in() -> None:
    html = Client().get("/").text

    assert html.index('<a class="skip-link" href="#content">Skip to main content</a>') < html.index("<header")
    assert '<main id="content" class="wrap" tabindex="-1">' in html
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert '<a href="/accounts/login/">Log in</a>' in html
    assert '<a class="button button--small" href="/accounts/signup/">Sign up</a>' in html
    assert "<footer" in html
    assert "Log out" not in html


def test_layout_for_a_learner_shows_their_address_and_log_out(client_for, learner: User) -> None:
    html = client_for(learner).get("/").text

    assert (
        '<a class="site-nav__account" href="/accounts/email/" title="Your account">learner@example.org</a>'
        in html
    )
    assert '<form method="post" action="/accounts/logout/" class="inline-form">' in html
    assert "Log in" not in html


def test_account_pages_use_the_site_layout(client_for, learner: User) -> None:
    html = client_for(learner).get("/accounts/password/change/").text

    assert _title(html) == "Change Password · microcred"
    assert '<a class="skip-link" href="#content">' in html
    assert '<nav class="subnav" aria-label="Your account">' in html
    assert '<a href="/accounts/password/change/" aria-current="page">Password</a>' in html


@pytest.mark.django_db
def test_log_in_page_labels_every_field() -> None:
    html = Client().get("/accounts/login/").text

    assert '<label for="id_login">Email:</label>' in html
    assert '<label for="id_password">Password:</label>' in html
    assert _title(html) == "Sign In · microcred"


def test_my_learning_says_plainly_there_are_no_enrolments(client_for, learner: User) -> None:
    response = client_for(learner).get("/my/")

    assert response.status_code == 200
    assert (
        '<p>You have no enrolments yet. <a href="/courses/">Browse the courses</a> to find one.</p>'
        in response.text
    )
    assert '<a href="/my/" aria-current="page">My learning</a>' in response.text


def test_my_learning_names_a_staff_members_provider(client_for, uol_marker: User) -> None:
    html = client_for(uol_marker).get("/my/").text

    assert "Signed in as marker@uol.example.org (marker, University of London)." in html
