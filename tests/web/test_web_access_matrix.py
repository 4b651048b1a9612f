"""Who may open which page: every persona against every page this part adds (STYLE.md: the access matrix).

A refusal is a redirect to a login page or a 403. The admin is for registry officers (their catalogue) and
platform admins; its user pages are for platform admins only. Refused changes are checked in
tests/accounts/test_accounts_admin.py.
"""

import pytest

from microcred.accounts.models import User

PERSONAS = (
    "anonymous",
    "learner",
    "uol_marker",
    "uol_moderator",
    "uol_registry",
    "ou_registry",
    "ibers_registry",
    "platform_admin",
)
OK = (200, None)
FORBIDDEN = (403, None)


def _to(location: str) -> tuple[int, str]:
    return (302, location)


ADMIN_LOGIN = "/admin/login/?next=/admin/"
USERS = "/admin/accounts/user/"
USERS_LOGIN = _to(f"/admin/login/?next={USERS}")

# One row per page; one column per persona, in the order of PERSONAS.
MATRIX: dict[str, tuple[tuple[int, str | None], ...]] = {
    "/my/": (_to("/accounts/login/?next=/my/"), OK, OK, OK, OK, OK, OK, OK),
    "/admin/": (
        _to(ADMIN_LOGIN), _to(ADMIN_LOGIN), _to(ADMIN_LOGIN), _to(ADMIN_LOGIN), OK, OK, OK, OK,
    ),
    ADMIN_LOGIN: (
        _to("/accounts/login/?next=%2Fadmin%2F"), FORBIDDEN, FORBIDDEN, FORBIDDEN,
        _to("/admin/"), _to("/admin/"), _to("/admin/"), _to("/admin/"),
    ),
    USERS: (USERS_LOGIN, USERS_LOGIN, USERS_LOGIN, USERS_LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
}  # fmt: skip
CASES = [
    pytest.param(persona, path, MATRIX[path][column], id=f"{persona}-{path}")
    for path in MATRIX
    for column, persona in enumerate(PERSONAS)
]


@pytest.mark.parametrize(("persona", "path", "expected"), CASES, indirect=["persona"])
@pytest.mark.django_db
def test_access_matrix(client_for, persona: User | None, path: str, expected: tuple[int, str | None]) -> None:
    response = client_for(persona).get(path)

    assert (response.status_code, response.get("Location")) == expected
