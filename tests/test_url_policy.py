"""Every URL of the project declares who may use it.

A view either says ``@public`` (and is one of the few pages listed here) or says which roles may
use it with ``@allow(...)``. The Django admin is the one exception: it checks ``is_staff`` itself.
A forgotten decorator already fails closed through ``LoginRequiredMiddleware``; this walker makes
it fail the build as well, and the anonymous requests prove the middleware really is in the way.
"""

import re
import uuid
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests import policy_fixture_urls

# The only pages anyone may open without signing in.
PUBLIC_NAMES = frozenset(
    {
        "login",
        "healthz",
        "api:schema",
        "api:docs",
        "checkins:link",
        "outcomes:check_in_link",
        "outcomes:questionnaire_link",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "set_language",
    }
)
STATIC_PREFIXES = ("static/",)
ADMIN_NAMESPACE = "admin"

_CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    """One URL pattern with the includes above it flattened into it."""

    route: str  # e.g. "cases/<uuid:code>/status/<str:change>/"
    name: str  # namespaced, e.g. "cases:change_status"
    namespaces: tuple[str, ...]
    callback: object
    is_regex: bool

    def __str__(self) -> str:
        return f"{self.route} ({self.name or 'unnamed'})"

    @property
    def is_admin(self) -> bool:
        module = getattr(self.callback, "__module__", "") or ""
        return ADMIN_NAMESPACE in self.namespaces or module.startswith("django.contrib.admin")

    @property
    def is_static(self) -> bool:
        return self.route.startswith(STATIC_PREFIXES)


def _pattern_text(pattern) -> tuple[str, bool]:
    text = str(pattern.pattern)
    is_regex = type(pattern.pattern).__name__ == "RegexPattern"
    if is_regex:
        text = text.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    return text, is_regex


def walk(
    resolver: URLResolver, prefix: str = "", namespaces: tuple[str, ...] = (), regex: bool = False
):
    """Yield a :class:`Route` for every pattern under ``resolver``, recursing into includes."""
    for entry in resolver.url_patterns:
        text, is_regex = _pattern_text(entry)
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from walk(entry, prefix + text, inner, regex or is_regex)
        elif isinstance(entry, URLPattern):
            name = ":".join([*namespaces, entry.name]) if entry.name else ""
            yield Route(prefix + text, name, namespaces, entry.callback, regex or is_regex)


def routes(urlconf=None) -> list[Route]:
    """All routes of ``urlconf`` (a module, a dotted path, or None for the project's)."""
    return list(walk(get_resolver(urlconf)))


def example_path(route: Route) -> str:
    """A concrete path for ``route``: a fresh UUID for ``<uuid:…>``, 1 for ``<int:…>``, a plain
    word for the rest. Regex routes (only the admin has them) are not supported."""
    if route.is_regex:
        raise ValueError(f"cannot build a path for regex route {route}")

    def value(match: re.Match) -> str:
        converter = match["converter"] or "str"
        if converter == "uuid":
            return str(uuid.uuid4())
        if converter == "int":
            return "1"
        return "word"

    return "/" + _CONVERTER.sub(value, route.route)


def undeclared_views(urlconf=None, *, public_names=PUBLIC_NAMES) -> list[Route]:
    """Routes whose view declares no permission, or is public without being on the list.

    A view passes when it has a non-empty ``allowed_roles`` (set by ``rtw.access.allow``), or
    ``is_public = True`` and a name in ``public_names`` (static files are public too). The Django
    admin is skipped: it enforces ``is_staff`` itself."""
    offending = []
    for route in routes(urlconf):
        if route.is_admin:
            continue
        callback = route.callback
        if getattr(callback, "is_public", False):
            bare_name = route.name.rsplit(":", 1)[-1]
            if route.name in public_names or bare_name in public_names or route.is_static:
                continue
            offending.append(route)
        elif getattr(callback, "api_scopes", None) is not None:
            # A token endpoint of the API (api/views/base.py): DRF authenticates the client and
            # checks its scopes; tests/api/test_api_matrix.py walks these routes.
            continue
        elif not getattr(callback, "allowed_roles", None):
            offending.append(route)
    return offending


# --- The project ---------------------------------------------------------------------------


def test_every_project_view_declares_who_may_use_it():
    assert [str(route) for route in undeclared_views()] == []


def test_the_public_pages_are_exactly_sign_in_password_reset_healthz_and_check_in_links():
    public = {
        route.name
        for route in routes()
        if not route.is_admin and getattr(route.callback, "is_public", False)
    }
    assert public == {
        "login",
        "healthz",
        "api:schema",
        "api:docs",
        "checkins:link",
        "outcomes:check_in_link",
        "outcomes:questionnaire_link",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "set_language",
    }


def test_the_walker_reaches_the_included_case_urls():
    names = {route.name for route in routes()}
    assert {"home", "cases:worklist", "cases:change_status", "cases:worker_change"} <= names
    assert any(route.is_admin for route in routes())


NON_PUBLIC_ROUTES = [
    route
    for route in routes()
    if not route.is_admin
    and not getattr(route.callback, "is_public", False)
    and getattr(route.callback, "api_scopes", None) is None
]
# The API's token endpoints: not behind the sign-in page but behind a client token.
TOKEN_ROUTES = [route for route in routes() if getattr(route.callback, "api_scopes", None)]


def test_every_token_route_is_under_the_api_and_needs_a_scope():
    assert TOKEN_ROUTES
    assert [str(r) for r in TOKEN_ROUTES if not r.route.startswith("api/v1/")] == []


@pytest.mark.django_db
@pytest.mark.parametrize("route", TOKEN_ROUTES, ids=str)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_call_without_a_token_is_refused_with_401(route, method):
    response = getattr(Client(), method)(example_path(route))
    # Before the method is looked at: no token says nothing about what the route serves.
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_every_example_path_resolves_to_its_own_view():
    for route in NON_PUBLIC_ROUTES + TOKEN_ROUTES:
        assert resolve(example_path(route)).func is route.callback, str(route)


@pytest.mark.django_db
@pytest.mark.parametrize("route", NON_PUBLIC_ROUTES, ids=str)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_sign_in(route, method):
    path = example_path(route)
    response = getattr(Client(), method)(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


@pytest.mark.django_db
def test_anonymous_can_open_the_public_pages():
    assert Client().get("/accounts/login/").status_code == 200
    assert Client().get("/healthz").status_code in (200, 503)


@pytest.mark.django_db
def test_anonymous_is_sent_to_the_admin_sign_in_by_the_admin():
    response = Client().get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"


# --- The walker itself ---------------------------------------------------------------------


def test_walker_reports_views_without_a_declared_permission():
    offending = undeclared_views(policy_fixture_urls)
    assert [route.name for route in offending] == [
        "quietly_public",
        "allows_nobody",
        "things:forgotten",
    ]
    assert [route.route for route in offending] == [
        "leak/",
        "nobody/",
        "things/<uuid:code>/forgotten/",
    ]


def test_walker_accepts_the_fixture_once_its_faults_are_allowed():
    offending = undeclared_views(
        policy_fixture_urls, public_names=PUBLIC_NAMES | {"quietly_public"}
    )
    assert [route.name for route in offending] == ["allows_nobody", "things:forgotten"]


def test_example_path_fills_every_converter():
    route = Route(
        "cases/<uuid:code>/status/<str:change>/<int:n>/<slug:s>/<word>/", "x", (), None, False
    )
    path = example_path(route)
    parts = path.strip("/").split("/")
    assert parts[0] == "cases"
    assert str(uuid.UUID(parts[1])) == parts[1]
    assert parts[2:] == ["status", "word", "1", "word", "word"]
