"""Issue 10: every page a visitor or learner reaches runs under a CSP without 'unsafe-inline', so none of
them may carry inline scripts, event handlers, ``javascript:`` URLs or inline styles."""

from pathlib import Path

import pytest
from django.test import Client
from tests.factories.catalog import MicrocredentialFactory
from tests.security.markup_offences import markup_offences

from microcred import web
from microcred.accounts.models import User


def test_the_offence_finder_catches_each_kind_of_inline_code() -> None:
    html = (
        "<script>alert(1)</script><script src='/static/a.js'></script>"
        '<script type="application/json">{"a": 1}</script>'
        '<button onclick="go()">Go</button><a href=" JavaScript:go()">x</a>'
        '<style>p { color: red; }</style><p style="color: red">red</p>'
    )

    assert markup_offences(html) == [
        "inline <script>",
        "<button onclick=>",
        "<a href=javascript:>",
        "<style> element",
        "<p style=>",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/courses/", "/accounts/login/", "/accounts/signup/"])
def test_public_pages_carry_no_inline_code(path: str) -> None:
    MicrocredentialFactory(title="Data Ethics")

    response = Client().get(path)

    assert response.status_code == 200
    assert markup_offences(response.text) == []


@pytest.mark.django_db
def test_course_page_carries_no_inline_code_and_links_its_stylesheet() -> None:
    course = MicrocredentialFactory(title="Data Ethics")

    response = Client().get(f"/courses/{course.provider.slug}/{course.slug}/")

    assert response.status_code == 200
    assert markup_offences(response.text) == []
    assert '<link rel="stylesheet" href="/static/microcred/catalog.css">' in response.text


def test_dashboard_carries_no_inline_code(client_for, learner: User) -> None:
    response = client_for(learner).get("/my/")

    assert response.status_code == 200
    assert markup_offences(response.text) == []


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code() -> None:
    html = Client().get("/accounts/login/").text

    assert (
        """<meta name="htmx-config" content='{"includeIndicatorStyles": false, "allowEval": false}'>"""
        in html
    )
    assert html.index('name="htmx-config"') < html.index("django_htmx/htmx-2.min.js")


def test_no_site_template_carries_inline_code() -> None:
    """Covers the pages the tests above do not reach (marking, payments, credentials) by their markup."""
    templates = Path(web.__file__).parent / "templates"

    offences = {
        str(template.relative_to(templates)): markup_offences(template.read_text())
        for template in sorted(templates.rglob("*.html"))
    }

    assert len(offences) > 50
    assert {name: found for name, found in offences.items() if found} == {}
