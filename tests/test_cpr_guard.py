"""No CPR number in an address (config.cpr_guard): what an attacker, or a careless colleague,
who puts one in a query string gets back, and what is left of it afterwards.

The walk at the top takes every page and API endpoint from the URL configuration (as the
isolation matrix does), so a new endpoint is covered the day it is added. Every test here also
runs under the log watch (tests/log_watch.py): a number that reached a log line fails it.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import AccessLog
from accounts.tenancy import tenant_scope
from candidates.cpr import contains_cpr_number
from companies import services as company_services
from tests.candidates.factories import fictitious_cpr, make_candidate
from tests.companies.factories import make_company
from tests.factories import Personas, sign_in
from tests.partnerships.factories import make_centre
from tests.partnerships.isolation_job_packages import make_job_package
from tests.test_isolation import (
    OBJECT_URLS,
    ROUTES,
    TENANT_API,
    TENANT_PAGES,
    Route,
    api_token,
    split_by_capability,
)

pytestmark = pytest.mark.django_db

# The parameters the pages and the API read (searches, filters, steps, pagination, the
# format of an export, where to go next), and one that nothing reads.
PARAMETERS = [
    "q",
    "search",
    "cpr",
    "page",
    "sort",
    "format",
    "kandidat",
    "candidate",
    "consultant",
    "status",
    "next",
    "ukendt",
]


def notations(number: str) -> list[str]:
    """How a CPR number arrives in a query string: alone, as written, among words, and
    encoded once more than a browser would."""
    dashed = f"{number[:6]}-{number[6:]}"
    return [
        number,
        dashed,
        f"{number[:6]} {number[6:]}",
        f"Sofie {dashed}",
        f"Sofie Testesen {number}",
        f"{number[:6]}%2D{number[6:]}",
    ]


def forms_of(number: str) -> list[str]:
    return [number, f"{number[:6]}-{number[6:]}", f"{number[:6]} {number[6:]}"]


def leaked(response: Any, number: str) -> bool:
    seen = response.content.decode(errors="replace") + " ".join(
        f"{name}: {value}" for name, value in response.headers.items()
    )
    return any(form in seen for form in forms_of(number))


def access_log_holds(personas: Personas, number: str) -> bool:
    with tenant_scope(personas.roskilde):
        rows = AccessLog.objects.values_list("criterion", "object_id", "purpose")
        return any(form in " ".join(row) for row in rows for form in forms_of(number))


class Walk:
    """Signed-in clients for every page and endpoint of jobcenter A, each as a member whose
    role may use it, and the addresses of A's objects."""

    def __init__(self, personas: Personas) -> None:
        self.personas = personas
        self.browsers: dict[int, Client] = {}
        self.apis: dict[int, Client] = {}
        self.ids: dict[Any, dict[str, Any]] = {}

    def client(self, route: Route) -> Client:
        _without, user = split_by_capability(self.personas, route.capability)
        if route.is_api:
            if user.pk not in self.apis:
                token = api_token(self.personas.roskilde, user)
                self.apis[user.pk] = Client(headers={"authorization": f"Bearer {token}"})
            return self.apis[user.pk]
        if user.pk not in self.browsers:
            self.browsers[user.pk] = sign_in(Client(), user)
        return self.browsers[user.pk]

    def path(self, route: Route) -> str:
        case = OBJECT_URLS.get(route.name)
        if not (case and case.ids):
            return route.path("roskilde", {})
        if case.ids not in self.ids:  # some URLs share their objects
            self.ids[case.ids] = case.ids(self.personas)[0]
        return route.path("roskilde", self.ids[case.ids])

    def search_rows(self) -> int:
        with tenant_scope(self.personas.roskilde):
            return AccessLog.objects.filter(action="search").count()


def test_a_cpr_number_in_any_parameter_of_any_page_or_endpoint_is_refused_and_left_nowhere(
    personas: Personas,
) -> None:
    """Every page and endpoint refuses a CPR number in its query string. The ones that search
    candidates (found here as those that log a search for `q` or `search`) and every API
    endpoint get it in each parameter, in each notation, and as a parameter's name."""
    number = fictitious_cpr()
    with tenant_scope(personas.roskilde):
        # Someone to find, were the search carried out.
        make_candidate(first_name="Sofie", last_name="Testesen", cpr=number)
    written = notations(number)
    walk = Walk(personas)
    routes = TENANT_PAGES + TENANT_API

    searching: list[Route] = []
    for route in routes:
        before = walk.search_rows()
        walk.client(route).get(walk.path(route), {"q": "Sofie", "search": "Sofie"})
        if walk.search_rows() > before:
            searching.append(route)
    assert {
        "candidates:list",
        "candidates:export",
        "placements:new",
        "partnerships:centre_seat_assign",
        "partnerships:job_package_enrol",
        "api-candidates:candidate-list",
    } <= {route.name for route in searching}

    requests = 0
    for i, route in enumerate(routes):
        path, client = walk.path(route), walk.client(route)
        if route in searching or route.is_api:
            queries: list[dict[str, str]] = [
                {name: written[j % len(written)]} for j, name in enumerate(PARAMETERS)
            ]
            queries += [{"q": text} for text in written]
            queries.append({written[0]: "1"})  # the number as a parameter's name
        else:
            queries = [{PARAMETERS[i % len(PARAMETERS)]: written[i % len(written)]}]
        for query in queries:
            response = client.get(path, query)
            where = f"{route.name} {path} {list(query)}"
            assert response.status_code == 400, f"{where}: {response.status_code}"
            assert not leaked(response, number), f"{where}: the number in the answer"
            if route.is_api:
                assert "candidates/lookup/" in response.json()["detail"], where
            requests += 1
    assert requests > len(routes)
    assert not access_log_holds(personas, number)


def test_the_pages_outside_a_jobcenter_refuse_it_too(personas: Personas) -> None:
    number = fictitious_cpr()
    anonymous = Client()
    for route in ROUTES:
        if route.route.startswith(("<slug:jobcenter>/", "api/v1/")) or "<" in route.route:
            continue
        if route.route.startswith(("konto/^", "admin/r/")) or "(?P" in route.route:
            continue
        response = anonymous.get("/" + route.route, {"q": f"Sofie {number}"})
        assert response.status_code == 400, route.route
        assert not leaked(response, number), route.route


# --- What a person sees ---------------------------------------------------------------------------


@pytest.fixture
def consultant(personas: Personas) -> Client:
    return sign_in(Client(), personas.consultant_a)


def page(name: str, **kwargs: object) -> str:
    return reverse(name, kwargs={"jobcenter": "roskilde", **kwargs})


def test_a_name_with_a_cpr_number_in_the_candidate_search_is_refused_with_the_lookup_offered(
    personas: Personas, consultant: Client
) -> None:
    number = fictitious_cpr()
    with tenant_scope(personas.roskilde):
        make_candidate(first_name="Sofie", cpr=number)

    response = consultant.get(
        page("candidates:list"), {"q": f"Sofie {number[:6]}-{number[6:]}", "status": "active"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Et CPR-nummer må ikke stå i en adresse" in html
    # The form that sends the number by POST, empty.
    assert f'<form method="post" action="{page("candidates:cpr_lookup")}"' in html
    assert 'name="cpr" autocomplete="off"' in html
    assert not leaked(response, number)
    assert response["Referrer-Policy"] == "strict-origin"
    assert response["Cache-Control"] == "no-store"
    with tenant_scope(personas.roskilde):
        assert not AccessLog.objects.exists()


def test_the_candidate_searches_of_placements_centres_and_jobpakker_refuse_it(
    personas: Personas,
) -> None:
    number = fictitious_cpr()
    with tenant_scope(personas.roskilde):
        make_candidate(first_name="Sofie", cpr=number)
        centre = make_centre()
        package = make_job_package()
    manager = sign_in(Client(), personas.manager_a)
    searches = [
        page("placements:new"),
        page("partnerships:centre_seat_assign", public_id=centre.public_id),
        page("partnerships:centre_waiting_add", public_id=centre.public_id),
        page("partnerships:job_package_enrol", public_id=package.public_id),
    ]
    for url in searches:
        assert manager.get(url, {"q": "Sofie"}).status_code == 200, url
        response = manager.get(url, {"q": f"Sofie {number[:6]}-{number[6:]}"})
        assert response.status_code == 400, url
        assert not leaked(response, number), url
    with tenant_scope(personas.roskilde):
        criteria = list(
            AccessLog.objects.filter(action="search").values_list("criterion", flat=True)
        )
    assert len(criteria) == len(searches)  # the searches for "Sofie", and nothing else
    assert not access_log_holds(personas, number)


def test_an_unknown_api_parameter_is_not_echoed_in_the_next_link(personas: Personas) -> None:
    number = fictitious_cpr()
    with tenant_scope(personas.roskilde):
        for i in range(3):
            make_candidate(last_name=f"Kandidat {i}")
    token = api_token(personas.roskilde, personas.consultant_a)
    api = Client(headers={"authorization": f"Bearer {token}"})

    response = api.get("/api/v1/roskilde/candidates/", {"page_size": 1, "cpr": number})

    assert response.status_code == 400
    assert set(response.json()) == {"detail"}
    assert not leaked(response, number)
    # Without the number, the same request pages as usual.
    assert api.get("/api/v1/roskilde/candidates/", {"page_size": 1})["content-type"].startswith(
        "application/json"
    )


def test_htmx_reloads_the_page_without_the_search_and_says_why(
    personas: Personas, consultant: Client
) -> None:
    number = fictitious_cpr()

    response = consultant.get(
        page("candidates:list"), {"q": number}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 400
    assert response["HX-Redirect"] == page("candidates:list")
    reloaded = consultant.get(response["HX-Redirect"])
    assert "Et CPR-nummer må ikke stå i en adresse" in reloaded.content.decode()


def test_a_signed_out_visitor_is_sent_to_sign_in_without_the_number(personas: Personas) -> None:
    number = fictitious_cpr()

    response = Client().get(page("candidates:list"), {"q": number})

    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]
    assert not leaked(response, number)


def test_the_https_redirect_does_not_carry_the_number(settings, personas: Personas) -> None:
    settings.SECURE_SSL_REDIRECT = True
    number = fictitious_cpr()

    response = Client().get(page("candidates:list"), {"q": number})

    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert not leaked(response, number)


# --- What is not a CPR number ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "010190-1234",
        "0101901234",
        "010190 1234",
        "010190 - 1234",
        "Sofie 010285-1234",
        "Sofie010285-1234",
        "290200-1234",  # 29 February
        "cpr=0101901234&x",
    ],
)
def test_cpr_shaped_text(text: str) -> None:
    assert contains_cpr_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "20123456",  # a phone number
        "+45 20 12 34 56",
        "+4520123456",
        "12345674",  # a CVR number
        "3213901234",  # no 32nd day
        "0113901234",  # no 13th month
        "3002901234",  # no 30 February
        "01019012345",  # eleven digits
        "2026-01-01",
        "22.11.2026",
        "1700000000",  # a time stamp
        "550e8400-e29b-41d4-a716-ab0101901234",  # a public id
        "DEMO-ROS-1001",
    ],
)
def test_not_cpr_shaped_text(text: str) -> None:
    assert not contains_cpr_number(text)


def test_a_phone_number_or_a_cvr_number_in_a_search_passes(
    personas: Personas, consultant: Client
) -> None:
    for typed in ("20123456", "+45 20 12 34 56", "12345674"):
        assert consultant.get(page("candidates:list"), {"q": typed}).status_code == 200
        assert consultant.get(page("companies:list"), {"q": typed}).status_code == 200


def test_a_p_number_search_in_the_company_register_keeps_working(
    personas: Personas, consultant: Client
) -> None:
    """Real P-numbers read as birth dates (1003388608: 10.03.38), so the company register's
    search lets a bare ten-digit number that starts with 1 through, and only there."""
    p_number = "1003388608"
    assert contains_cpr_number(p_number)
    with tenant_scope(personas.roskilde):
        company = make_company(name="Køkkenfabrikken A/S")
        company_services.workplace_create(
            actor=None, company=company, name="Køkkenet", p_number=p_number
        )
        candidate = make_candidate()
    token = api_token(personas.roskilde, personas.consultant_a)
    api = Client(headers={"authorization": f"Bearer {token}"})

    found = consultant.get(page("companies:list"), {"q": p_number})
    assert found.status_code == 200 and "Køkkenfabrikken" in found.content.decode()
    assert consultant.get(page("companies:export"), {"q": p_number}).status_code == 200
    by_api = api.get("/api/v1/roskilde/companies/", {"search": p_number})
    assert by_api.status_code == 200
    assert [c["name"] for c in by_api.json()["results"]] == ["Køkkenfabrikken A/S"]
    # The company step of "Nyt forløb", once the candidate is chosen.
    company_step = consultant.get(
        page("placements:new"), {"kandidat": str(candidate.public_id), "q": p_number}
    )
    assert company_step.status_code == 200

    refused = [
        consultant.get(page("companies:list"), {"q": f"{p_number[:6]}-{p_number[6:]}"}),
        consultant.get(page("companies:list"), {"q": f"Køkken {p_number}"}),
        consultant.get(page("companies:list"), {"q": p_number, "status": p_number}),
        consultant.get(page("candidates:list"), {"q": p_number}),
        consultant.get(page("placements:new"), {"q": p_number}),  # the candidate step
        api.get("/api/v1/roskilde/candidates/", {"search": p_number}),
    ]
    assert [r.status_code for r in refused] == [400] * len(refused)


def test_the_p_number_searches_name_real_addresses() -> None:
    from config.cpr_guard import P_NUMBER_SEARCHES

    names = {route.name for route in ROUTES}
    assert set(P_NUMBER_SEARCHES) <= names


# --- The servers' own request logs ----------------------------------------------------------------


def test_runserver_logs_the_path_without_the_query_string() -> None:
    """`make run` serves with runserver, which logs each request line on "django.server"."""
    from config.request_logging import NoQueryStrings

    number = fictitious_cpr()
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (f"GET /roskilde/borgere/?q=Sofie+{number} HTTP/1.1", "400", "1234"),
        None,
    )
    assert NoQueryStrings().filter(record)
    assert record.getMessage() == '"GET /roskilde/borgere/ HTTP/1.1" 400 1234'
    assert logging.getLogger("django.server").filters[0].__class__ is NoQueryStrings


def test_gunicorn_logs_requests_without_their_query_string_or_referer() -> None:
    """The production web server (Dockerfile, docker-compose.yml) with our settings, serving a
    trivial application: its access and error logs name paths only."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request
    from pathlib import Path

    number = fictitious_cpr()
    root = Path(__file__).resolve().parent.parent
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and settings
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "config/gunicorn_conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "tests.gunicorn_app:app",
        ],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _attempt in range(100):
            try:
                urllib.request.urlopen(f"{base}/ready/", timeout=1).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        page = urllib.request.Request(  # noqa: S310 - a local address
            f"{base}/roskilde/borgere/?q=Sofie+{number}",
            headers={"Referer": f"{base}/roskilde/forloeb/nyt/?q={number}"},
        )
        assert urllib.request.urlopen(page, timeout=5).read() == b"ok"  # noqa: S310
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{base}/boom/?cpr={number}", timeout=5)  # noqa: S310
    finally:
        server.terminate()
        access_log, error_log = server.communicate(timeout=30)

    assert "GET /roskilde/borgere/ HTTP/1.1" in access_log
    assert "/boom/" in error_log and "Error handling request" in error_log
    for form in forms_of(number):
        assert form not in access_log + error_log
