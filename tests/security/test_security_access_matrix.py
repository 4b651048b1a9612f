"""The access matrix of the whole project (STYLE.md): every URL pattern, walked from the root resolver, is
classified in tests/security/access_rules.py, and every classified route is requested by every persona. The
audience gets through (no login redirect, no 401/403/404, no server error); everyone else is refused (the
login page for anonymous visitors, 403 or 404 for the signed-in) and no row of any table changes. Routes
proven elsewhere (the API with its keys, allauth's MFA steps, signed webhooks, the admin's per-model
permissions) are named there and only checked to be classified. Object-level guessing is in
tests/security/test_security_object_access.py."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from tests.assessment.builders import at, staff
from tests.credentials.issuance_builders import credentials_settings
from tests.security.access_rules import API as API_MATRIX
from tests.security.access_rules import NAMESPACES, PERSONAS, ROUTES, Access
from tests.security.access_world import World

from microcred.accounts.models import User
from microcred.api.api import api
from microcred.common.roles import Role

pytestmark = pytest.mark.django_db

LOGIN_PAGES = ("/accounts/login/", "/admin/login/")


def walk(
    patterns: list[Any] | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    """(key, namespace) of every route; the key is ``namespace:name``, or the whole pattern of an unnamed
    route."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace
            yield from walk(entry.url_patterns, pattern, inner or namespace)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield (name or pattern), namespace


def classification(key: str, namespace: str) -> Access | None:
    return ROUTES.get(key) or NAMESPACES.get(namespace.partition(":")[0])


def test_every_route_of_the_project_is_classified() -> None:
    routes = dict(walk())

    unclassified = sorted(key for key, namespace in routes.items() if classification(key, namespace) is None)
    stale = sorted(set(ROUTES) - set(routes))

    assert unclassified == [], "add these to tests/security/access_rules.py"
    assert stale == [], "these routes no longer exist"


def test_every_api_operation_is_classified() -> None:
    paths = api.get_openapi_schema()["paths"].values()
    operations = {f"api-v1:{operation['operationId']}" for path in paths for operation in path.values()}

    assert sorted(operations - set(ROUTES)) == []


@pytest.fixture
def people(request: pytest.FixtureRequest) -> dict[str, User | None]:
    found: dict[str, User | None] = {"anonymous": None}
    for name in PERSONAS[1:]:
        found[name] = (
            staff(Role.MARKER, "ou", "marker@ou.example.org")
            if name == "ou_marker"
            else request.getfixturevalue(name)
        )
    return found


@pytest.fixture
def world(learner, settings, tmp_path: Path, time_machine) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    credentials_settings(settings, did_web=True)
    settings.METRICS_ENABLED = True
    time_machine.move_to(at(2026, 3, 2), tick=False)
    return World(learner)


def state() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the project, but the last-login stamp a sign-in itself writes."""
    rows = {}
    for model in apps.get_models():
        if not model.__module__.startswith("microcred."):
            continue
        names = [field.attname for field in model._meta.concrete_fields if field.attname != "last_login"]
        rows[model._meta.label] = list(model._default_manager.order_by("pk").values_list(*names))
    return rows


def _is_login(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 302 and response["Location"].startswith(LOGIN_PAGES)


def _outcome(response, *, is_allowed: bool, is_anonymous: bool) -> str | None:  # type: ignore[no-untyped-def]
    """None when the response is what the persona should get; otherwise what was wrong."""
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    refused = _is_login(response) or status in (401, 403, 404)
    if is_allowed:
        return f"refused ({status} {response.get('Location', '')})" if refused else None
    if is_anonymous:
        return None if refused else f"not sent to log in ({status})"
    return None if status in (403, 404) else f"let through ({status} {response.get('Location', '')})"


REQUESTED = sorted(key for key, access in ROUTES.items() if not access.proven_by)


@pytest.mark.parametrize("key", REQUESTED)
def test_each_route_lets_its_audience_through_and_refuses_everyone_else_changing_nothing(
    key: str, world: World, people: dict[str, User | None]
) -> None:
    access = ROUTES[key]
    url = reverse(key, kwargs={name: world.value(value) for name, value in access.args.items()})
    wrong: dict[str, str] = {}
    for persona, person in people.items():
        is_allowed = persona in access.who.personas
        client = Client()
        if person is not None:
            client.force_login(person)
        with transaction.atomic():
            before = None if is_allowed else state()
            response = client.generic(
                access.method, url, _form_body(access), "application/x-www-form-urlencoded"
            )
            problem = _outcome(response, is_allowed=is_allowed, is_anonymous=person is None)
            if problem is None and before is not None and state() != before:
                problem = "refused, but something changed"
            transaction.set_rollback(True)
        if problem:
            wrong[persona] = problem

    assert wrong == {}, f"{access.method} {url} is for {access.who.name}"


def _form_body(access: Access) -> str:
    return urlencode(dict(access.form))


def _admin_pages() -> list[str]:
    """The admin's pages that take no argument: its index, every changelist and add page."""
    pages = []
    for key, namespace in walk():
        if namespace == "admin" and key.startswith("admin:") and key != "admin:logout":
            try:
                pages.append(reverse(key))
            except NoReverseMatch:
                continue
    return sorted(set(pages))


def test_the_admin_site_is_closed_to_everyone_but_registry_officers_and_platform_admins(
    people: dict[str, User | None],
) -> None:
    """Whether an officer may see or add a given model is the admin's own, per-model permission (proven in
    tests/accounts/test_accounts_admin.py and each app's admin tests); everyone else never gets in."""
    allowed = NAMESPACES["admin"].who.personas
    wrong: dict[tuple[str, str], int] = {}
    for persona, person in people.items():
        client = Client()
        if person is not None:
            client.force_login(person)
        for page in _admin_pages():
            response = client.get(page)
            if persona in allowed:
                is_right = response.status_code in (200, 302, 403) and not _is_login(response)
            else:
                is_right = _is_login(response) or response.status_code == 403
            if not is_right:
                wrong[(persona, page)] = response.status_code

    assert len(_admin_pages()) > 20
    assert wrong == {}


def test_every_route_cited_to_the_api_matrix_is_in_it() -> None:
    from tests.api.test_api_access_matrix import MATRIX

    cited = {key.removeprefix("api-v1:") for key, access in ROUTES.items() if access.proven_by == API_MATRIX}

    assert sorted(cited - set(MATRIX)) == []
