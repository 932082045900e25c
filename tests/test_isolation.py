"""The isolation matrix (DESIGN.md section 3): built from the URL configuration, so a new URL
without an isolation case fails here.

For every page under /<jobcenter>/: the other jobcenter's people get 404, a signed-out visitor
is sent to sign in, a member without the view's capability gets 403, and a member with it gets
the page. For every API endpoint under /api/v1/<jobcenter>/: no token 401, the other
jobcenter's token 404, a token without the capability 403. URLs that address an object also
answer 404 for the other jobcenter's object under this jobcenter's slug. The board member and
the employer contact of A are tried on every URL, pages and API alike: 403 where their role
lacks the capability, and never the other jobcenter's object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from accounts import services
from accounts.capabilities import capabilities_for
from accounts.models import ApiToken, Membership, Team, User
from accounts.tenancy import tenant_scope
from tests.factories import Personas, sign_in
from tests.isolation_case import ObjectCase

TENANT_PREFIX = "<slug:jobcenter>/"
API_PREFIX = "api/v1/<slug:jobcenter>/"

# URLs outside any jobcenter, each with why it may be there.
GLOBAL_PREFIXES = {
    "": "the front page: sign-in or the jobcenter picker",
    "health/": "operational health, no data",
    "i18n/": "the language switch",
    "konto/": "sign-in, second factor and password (allauth)",
    "admin/": "platform staff: jobcenters and users only",
    "api/schema/": "the OpenAPI schema, no data",
    "api/docs/": "the API documentation, no data",
    "kalender/": "a person's calendar feed: the secret in the address is the key, and an "
    "unknown or revoked one answers 404 (tests/placements/test_calendar.py)",
    "invitation/": "an e-mailed invitation: the secret in the address is the key, it names "
    "nobody, and accepting it for an address that has a user needs that user signed in "
    "(tests/accounts/test_invitations.py)",
    "bekraeft-adresse/": "confirming a new sign-in address: the secret in the address is the "
    "key, and only the person it belongs to, signed in, can confirm "
    "(tests/accounts/test_invitations.py)",
}

# API endpoints that are themselves a sign-in: no token, and their own isolation test.
SIGN_IN_ENDPOINTS = {"api-accounts:token-create"}


def _membership_ids(personas: Personas) -> tuple[dict[str, Any], dict[str, Any]]:
    with tenant_scope(personas.roskilde):
        mine = Membership.objects.get(user=personas.consultant_a).public_id
    with tenant_scope(personas.aalborg):
        theirs = Membership.objects.get(user=personas.consultant_b).public_id
    return {"public_id": mine}, {"public_id": theirs}


def _team_ids(personas: Personas) -> tuple[dict[str, Any], dict[str, Any]]:
    with tenant_scope(personas.roskilde):
        mine = Team.objects.get().public_id
    with tenant_scope(personas.aalborg):
        theirs = Team.objects.create(name="Aalborg-teamet").public_id
    return {"public_id": mine}, {"public_id": theirs}


def _token_ids(personas: Personas) -> tuple[dict[str, Any], dict[str, Any]]:
    ids = []
    for jobcenter, user in (
        (personas.roskilde, personas.consultant_a),
        (personas.aalborg, personas.consultant_b),
    ):
        with tenant_scope(jobcenter):
            membership = Membership.objects.get(user=user)
            token, _plain = services.api_token_create_by_operator(
                operator="tests",
                reason="a token for the test",
                membership=membership,
                name="matrix",
                read_only=True,
            )
            ids.append({"public_id": token.public_id})
    return ids[0], ids[1]


# Every tenant URL with arguments besides the jobcenter needs an entry here.
OBJECT_URLS: dict[str, ObjectCase] = {
    "accounts:member_edit": ObjectCase(_membership_ids),
    "accounts:team_edit": ObjectCase(_team_ids),
    "accounts:team_delete": ObjectCase(_team_ids),
    "accounts:token_revoke": ObjectCase(_token_ids),
}


def _load_app_cases() -> None:
    """Each app keeps its URLs' cases in tests/<app>/isolation*.py as `CASES`."""
    import importlib
    from pathlib import Path

    for path in sorted(Path(__file__).parent.glob("*/isolation*.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.{path.stem}")
        clash = set(OBJECT_URLS) & set(module.CASES)
        assert not clash, f"{path}: cases defined twice: {clash}"
        OBJECT_URLS.update(module.CASES)


_load_app_cases()


@dataclass(frozen=True)
class Route:
    route: str
    name: str
    callback: Any

    @property
    def is_api(self) -> bool:
        return self.route.startswith(API_PREFIX)

    @property
    def extra_kwargs(self) -> list[str]:
        import re

        return [k for k in re.findall(r"<(?:\w+:)?(\w+)>", self.route) if k != "jobcenter"]

    @property
    def capability(self) -> str | None:
        view_class = getattr(self.callback, "view_class", None) or getattr(
            self.callback, "cls", None
        )
        if view_class is not None:
            return getattr(view_class, "required_capability", None)
        return getattr(self.callback, "required_capability", None)

    def path(self, slug: str, kwargs: dict[str, Any]) -> str:
        import re

        values = {"jobcenter": slug, **kwargs}
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), self.route)


def all_routes() -> list[Route]:
    routes: list[Route] = []

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}{pattern.namespace}:"
                walk(pattern.url_patterns, route, ns)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}{pattern.name}" if pattern.name else route
                routes.append(Route(route.lstrip("^").replace("\\Z", ""), name, pattern.callback))

    walk(get_resolver().url_patterns, "", "")
    return routes


ROUTES = all_routes()
TENANT_PAGES = [r for r in ROUTES if r.route.startswith(TENANT_PREFIX)]
TENANT_API = [r for r in ROUTES if r.is_api and r.name not in SIGN_IN_ENDPOINTS]


def test_every_url_is_classified() -> None:
    unclassified = []
    for route in ROUTES:
        if route.route.startswith((TENANT_PREFIX, API_PREFIX)):
            if route.extra_kwargs and not getattr(OBJECT_URLS.get(route.name), "ids", None):
                unclassified.append(f"{route.route} ({route.name}): add it to OBJECT_URLS")
            continue
        if not any(
            route.route == prefix or (prefix and route.route.startswith(prefix))
            for prefix in GLOBAL_PREFIXES
        ):
            unclassified.append(f"{route.route} ({route.name}): neither tenant nor global")
    assert not unclassified, "URLs without an isolation case:\n" + "\n".join(unclassified)


def test_the_matrix_covers_the_sections_and_the_api() -> None:
    names = {r.name for r in TENANT_PAGES} | {r.name for r in TENANT_API}
    assert {"companies:list", "reports:list", "dashboard", "api-accounts:me"} <= names


def members_of_a(personas: Personas) -> list[User]:
    return [
        personas.board_a,
        personas.employer_a,
        personas.consultant_a,
        personas.manager_a,
        personas.admin_a,
    ]


def role_in_a(personas: Personas, user: User) -> str:
    with tenant_scope(personas.roskilde):
        return Membership.objects.get(user=user).role


def outer_members(personas: Personas) -> list[User]:
    """The board member and the employer contact: members of A who see almost nothing."""
    return [personas.board_a, personas.employer_a]


def may(personas: Personas, user: User, capability: str | None) -> bool:
    return capability is None or capability in capabilities_for(role_in_a(personas, user))


def split_by_capability(personas: Personas, capability: str | None) -> tuple[User | None, User]:
    """A member of A without the capability (if any), and one with it."""
    without = allowed = None
    for user in members_of_a(personas):
        has = capability is None or capability in capabilities_for(role_in_a(personas, user))
        if has and allowed is None:
            allowed = user
        if not has and without is None:
            without = user
    assert allowed is not None, f"no role has {capability}"
    return without, allowed


def request(client: Client, method: str, path: str, **extra: Any) -> Any:
    return getattr(client, method)(path, **extra)


@pytest.mark.django_db
@pytest.mark.parametrize("route", TENANT_PAGES, ids=lambda r: r.name)
def test_tenant_pages_are_isolated(route: Route, personas: Personas) -> None:
    case = OBJECT_URLS.get(route.name)
    mine, theirs = case.ids(personas) if case and case.ids else ({}, {})
    method = case.method if case else "get"
    url = route.path("roskilde", mine)
    body = case.request_kwargs(mine) if case else {}

    anonymous = request(Client(), method, url, **body)
    assert anonymous.status_code == 302 and "/konto/login/" in anonymous["Location"], url

    for outsider in (personas.consultant_b, personas.admin_b):
        response = request(sign_in(Client(), outsider), method, url, **body)
        assert response.status_code == 404, f"{url} as {outsider.email}: {response.status_code}"
        assert "Roskilde" not in response.content.decode(), "the 404 names the jobcenter"

    without, allowed = split_by_capability(personas, route.capability)
    if without is not None:
        response = request(sign_in(Client(), without), method, url, **body)
        assert response.status_code == 403, f"{url} as {without.email}: {response.status_code}"

    # The two members furthest from the staff's daily work meet every URL themselves.
    for outer in outer_members(personas):
        response = request(sign_in(Client(), outer), method, url, **body)
        if not may(personas, outer, route.capability):
            assert response.status_code == 403, f"{url} as {outer.email}: {response.status_code}"
        elif case and case.personal and outer != allowed:
            assert response.status_code == 404, f"{url} as {outer.email}: another's object"
        else:
            assert response.status_code < 400, f"{url} as {outer.email}: {response.status_code}"
        if case and case.ids:
            foreign = route.path("roskilde", theirs)
            response = request(
                sign_in(Client(), outer), method, foreign, **case.request_kwargs(theirs)
            )
            assert response.status_code in (403, 404), f"{foreign} as {outer.email}"

    member = sign_in(Client(), allowed)
    response = request(member, method, url, **body)
    assert response.status_code < 400, f"{url} as {allowed.email}: {response.status_code}"

    if case and case.ids:
        foreign = route.path("roskilde", theirs)
        response = request(member, method, foreign, **case.request_kwargs(theirs))
        assert response.status_code == 404, f"{foreign} (Aalborg's object): {response.status_code}"


def api_token(jobcenter: Any, user: User) -> str:
    with tenant_scope(jobcenter):
        membership = Membership.objects.get(user=user)
        _token, plain = services.api_token_create_by_operator(
            operator="tests",
            reason="a token for the test",
            membership=membership,
            name="matrix",
            read_only=False,
        )
    return plain


@pytest.mark.django_db
@pytest.mark.parametrize("route", TENANT_API, ids=lambda r: r.name)
def test_tenant_api_endpoints_are_isolated(route: Route, personas: Personas) -> None:
    case = OBJECT_URLS.get(route.name)
    mine, theirs = case.ids(personas) if case and case.ids else ({}, {})
    method = case.method if case else "get"
    url = route.path("roskilde", mine)
    body = case.request_kwargs(mine) if case else {}
    if method != "get" and not body:
        body = {"data": "{}", "content_type": "application/json"}  # the API takes JSON only

    assert request(Client(), method, url, **body).status_code == 401

    for outsider in (personas.consultant_b, personas.admin_b):
        token = api_token(personas.aalborg, outsider)
        response = request(
            Client(), method, url, headers={"authorization": f"Bearer {token}"}, **body
        )
        assert response.status_code == 404, f"{url} with {outsider.email}'s token"

    without, allowed = split_by_capability(personas, route.capability)
    if without is not None:
        token = api_token(personas.roskilde, without)
        response = request(
            Client(), method, url, headers={"authorization": f"Bearer {token}"}, **body
        )
        assert response.status_code == 403, f"{url} with {without.email}'s token"

    for outer in outer_members(personas):
        token = api_token(personas.roskilde, outer)
        response = request(
            Client(), method, url, headers={"authorization": f"Bearer {token}"}, **body
        )
        if may(personas, outer, route.capability):
            assert response.status_code < 400, f"{url} with {outer.email}'s token"
        else:
            assert response.status_code == 403, f"{url} with {outer.email}'s token"

    token = api_token(personas.roskilde, allowed)
    headers = {"authorization": f"Bearer {token}"}
    assert request(Client(), method, url, headers=headers, **body).status_code < 400
    if case and case.ids:
        foreign = route.path("roskilde", theirs)
        theirs_body = case.request_kwargs(theirs)
        assert request(Client(), method, foreign, headers=headers, **theirs_body).status_code == 404


@pytest.mark.django_db
def test_no_api_token_of_one_jobcenter_is_listed_in_the_other(personas: Personas) -> None:
    api_token(personas.aalborg, personas.consultant_b)
    with tenant_scope(personas.roskilde):
        assert not ApiToken.objects.exists()
