"""The candidate REST API (issue 5, item 10): what it shows, what it refuses, what it logs.

Every answer any test here receives is checked, after the test, for the CPR numbers the test
made: neither the ten digits nor DDMMYY-XXXX with the real last four may appear in any body.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AccessLog, Membership, Team
from accounts.tenancy import tenant_scope
from candidates import services
from candidates.models import Assessment, Candidate, Consent, Occupation
from tests.candidates.factories import fictitious_cpr, make_candidate
from tests.companies.factories import make_company
from tests.companies.test_api import token_for

pytestmark = pytest.mark.django_db

BASE = "/api/v1/roskilde"
URL = f"{BASE}/candidates/"
LOOKUP = f"{BASE}/candidates/lookup/"


# --- helpers ----------------------------------------------------------------------------------


class Api:
    """A JSON client with one bearer token that keeps every answer's raw bytes."""

    def __init__(self, token: str, bodies: list[bytes]) -> None:
        self.client = Client(headers={"authorization": f"Bearer {token}"})
        self.bodies = bodies

    def _keep(self, response: Any) -> Any:
        self.bodies.append(response.content)
        return response

    def get(self, url: str, params: dict[str, Any] | None = None) -> Any:
        return self._keep(self.client.get(url, params or {}))

    def post(self, url: str, body: Any) -> Any:
        return self._keep(self.client.post(url, body, content_type="application/json"))

    def patch(self, url: str, body: Any) -> Any:
        return self._keep(self.client.patch(url, body, content_type="application/json"))


@pytest.fixture
def bodies() -> list[bytes]:
    return []


@pytest.fixture
def numbers() -> list[str]:
    """Every CPR number a test makes (through `new_cpr`)."""
    return []


def assert_no_cpr_number(bodies: list[bytes], numbers: list[str]) -> None:
    """Neither the ten digits nor DDMMYY-XXXX (or DDMMYY XXXX) with the real last four."""
    for number in numbers:
        for form in (number, f"{number[:6]}-{number[6:]}", f"{number[:6]} {number[6:]}"):
            for body in bodies:
                assert form.encode() not in body, "a CPR number in an API answer"


@pytest.fixture(autouse=True)
def _no_cpr_number_in_any_answer(bodies: list[bytes], numbers: list[str]) -> Any:
    yield
    assert_no_cpr_number(bodies, numbers)


@pytest.fixture
def new_cpr(numbers: list[str]) -> Any:
    def make() -> str:
        number = fictitious_cpr()
        numbers.append(number)
        return number

    return make


@pytest.fixture
def api(personas: Any, bodies: list[bytes]) -> Api:
    return Api(token_for(personas.roskilde, personas.consultant_a), bodies)


@pytest.fixture
def candidate(personas: Any, new_cpr: Any) -> Any:
    """make_candidate in Roskilde, with a CPR number the answers are checked for."""

    def make(**fields: Any) -> Candidate:
        fields.setdefault("cpr", new_cpr())
        with tenant_scope(personas.roskilde):
            return make_candidate(**fields)

    return make


class Log:
    """The access-log rows written since the last call, as (action, object_id, criterion)."""

    def __init__(self, jobcenter: Any) -> None:
        self.jobcenter = jobcenter
        self.seen = 0

    def new(self) -> list[tuple[str, str, str]]:
        with tenant_scope(self.jobcenter):
            rows = list(
                AccessLog.objects.order_by("pk").values_list("action", "object_id", "criterion")[
                    self.seen :
                ]
            )
        self.seen += len(rows)
        return rows


@pytest.fixture
def log(personas: Any) -> Log:
    return Log(personas.roskilde)


def in_roskilde(personas: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
    with tenant_scope(personas.roskilde):
        return fn(*args, **kwargs)


def the_team(personas: Any) -> Team:
    return in_roskilde(personas, Team.objects.get)


def view(candidate: Candidate) -> tuple[str, str, str]:
    return ("view", str(candidate.public_id), "")


# --- the list ---------------------------------------------------------------------------------


def test_the_list_searches_filters_and_paginates(api: Api, personas, candidate) -> None:
    team = the_team(personas)
    with tenant_scope(personas.roskilde):
        services.catalogues_ensure_defaults()
        scheme = services.schemes_ensure_defaults()[0]
        groups = services.target_groups_ensure_defaults()
    holm = candidate(
        first_name="Søren",
        last_name="Holm",
        case_reference="SAG-2026-17",
        consultant=personas.consultant_a,
        team=team,
        target_group=groups[0],
        hours_per_week=30,
    )
    berg = candidate(first_name="Ida", last_name="Berg", consultant=personas.manager_a)
    aagaard = candidate(first_name="Åse", last_name="Aagaard", hours_per_week=10)
    with tenant_scope(personas.roskilde):
        services.assessment_record(
            actor=None,
            candidate=holm,
            scheme=scheme,
            value="Jobparat",
            assessed_on=timezone.localdate(),
        )
        services.candidate_set_occupations(
            actor=None,
            candidate=berg,
            wished=[Occupation.objects.get(code="2512")],
            held=[],
        )
        services.candidate_set_status(
            actor=None, candidate=aagaard, status="closed", reason="I job"
        )

    page = api.get(URL, {"page_size": 2}).json()
    assert page["count"] == 3
    assert [r["last_name"] for r in page["results"]] == ["Aagaard", "Berg"]
    assert page["next"] and "page=2" in page["next"]
    assert [
        r["last_name"] for r in api.get(URL, {"page_size": 2, "page": 2}).json()["results"]
    ] == ["Holm"]

    def names(**params: Any) -> list[str]:
        response = api.get(URL, params)
        assert response.status_code == 200, response.json()
        return [row["last_name"] for row in response.json()["results"]]

    assert names(search="Soren Holm") == ["Holm"]  # æøå folded
    assert names(search="Aagård") == ["Aagaard"]
    assert names(search="SAG-2026-17") == ["Holm"]  # the case reference
    assert names(status="closed") == ["Aagaard"]
    assert names(target_group=groups[0].name) == ["Holm"]
    assert names(target_group=str(groups[0].public_id)) == ["Holm"]
    assert names(assessment="Jobparat") == ["Holm"]
    assert names(consultant="MANAGER@roskilde.example") == ["Berg"]
    assert names(team="virksomhedsteam") == ["Holm"]
    assert names(team=str(team.public_id)) == ["Holm"]
    assert names(occupation="2512") == ["Berg"]
    assert names(min_hours="20") == ["Holm"]
    assert names(mine="true") == ["Holm"]
    assert names(ordering="-hours") == ["Holm", "Aagaard", "Berg"]

    row = api.get(URL, {"search": "Holm"}).json()["results"][0]
    assert row["public_id"] == str(holm.public_id)
    assert row["consultant"] == "consultant@roskilde.example"
    assert row["team"] == "Virksomhedsteam"
    assert row["target_group"] == groups[0].name
    assert row["latest_assessment"]["scheme"] == scheme.name
    assert row["latest_assessment"]["value"] == "Jobparat"
    assert row["hours_per_week"] == 30.0
    assert row["has_cpr"] is True
    assert row["cpr_masked"] == holm.cpr_masked and row["cpr_masked"].endswith("-XXXX")
    assert "cpr" not in row


def test_the_list_refuses_wrong_query_parameters(api: Api, personas, log: Log) -> None:
    with tenant_scope(personas.aalborg):
        theirs = Team.objects.create(name="Aalborg-teamet")
    for params, field in (
        ({"status": "gone"}, "status"),
        ({"page_size": 101}, "page_size"),
        ({"page": "x"}, "page"),
        ({"min_hours": "mange"}, "min_hours"),
        ({"min_hours": 61}, "min_hours"),
        ({"ordering": "cpr"}, "ordering"),
        ({"consultant": "not-an-email"}, "consultant"),
        ({"consultant": "nobody@example.com"}, "consultant"),
        ({"consultant": "consultant@aalborg.example"}, "consultant"),
        ({"team": "Ukendt team"}, "team"),
        ({"team": str(theirs.public_id)}, "team"),
        ({"target_group": "Ukendt"}, "target_group"),
        ({"mine": "true", "consultant": "consultant@roskilde.example"}, "mine"),
        ({"mine": "måske"}, "mine"),
    ):
        response = api.get(URL, params)
        assert response.status_code == 400, params
        assert field in response.json(), (params, response.json())
    assert log.new() == []


def test_a_cpr_number_in_the_list_search_is_refused_and_never_logged(
    api: Api, personas, candidate, new_cpr, log: Log
) -> None:
    number = new_cpr()
    candidate(cpr=number)

    for typed in (number, f"{number[:6]}-{number[6:]}", f"{number[:6]} {number[6:]}"):
        response = api.get(URL, {"search": typed})
        assert response.status_code == 400
        assert "candidates/lookup/" in response.json()["detail"]
    assert log.new() == []


def test_the_list_logs_one_row_per_person_shown_and_one_per_search(
    api: Api, personas, candidate, log: Log
) -> None:
    shown = [candidate(last_name=f"Kandidat {i}", hours_per_week=10 + i) for i in range(3)]

    assert api.get(URL).status_code == 200
    assert sorted(log.new()) == sorted(("list", str(c.public_id), "") for c in shown)

    api.get(URL, {"page_size": 2})
    assert len(log.new()) == 2  # the page's rows only

    api.get(URL, {"search": "Kandidat", "min_hours": "11", "page_size": 1})
    rows = log.new()
    assert len(rows) == 2
    assert rows[0][0] == "search"
    assert "search=Kandidat" in rows[0][2] and "min_hours=11" in rows[0][2]
    assert rows[1][0] == "list"

    api.get(URL, {"search": "Ingen med det navn"})
    assert [r[0] for r in log.new()] == ["search"]

    api.get(URL, {"mine": "true"})
    assert [r[0] for r in log.new()] == ["search"]  # the filter is a search too


def test_the_list_s_queries_do_not_grow_with_rows(
    api: Api, personas, candidate, django_assert_max_num_queries
) -> None:
    team = the_team(personas)
    with tenant_scope(personas.roskilde):
        scheme = services.schemes_ensure_defaults()[0]
        group = services.target_groups_ensure_defaults()[0]

    def add(n: int) -> None:
        for i in range(n):
            c = candidate(
                last_name=f"Person {i}",
                consultant=personas.consultant_a,
                team=team,
                target_group=group,
            )
            with tenant_scope(personas.roskilde):
                services.assessment_record(
                    actor=None,
                    candidate=c,
                    scheme=scheme,
                    value="Jobparat",
                    assessed_on=timezone.localdate(),
                )

    add(2)
    api.get(URL)  # the token's last use is stamped on the first request
    searched = {"search": "Person", "team": "Virksomhedsteam"}
    counts = []
    for params in ({}, searched):
        with CaptureQueriesContext(connection) as few:
            assert api.get(URL, params).status_code == 200
        counts.append(len(few.captured_queries))
    add(15)
    for params, count in zip(({}, searched), counts, strict=True):
        with django_assert_max_num_queries(count):
            response = api.get(URL, {"page_size": 100, **params})
        assert len(response.json()["results"]) == 17


# --- one candidate ----------------------------------------------------------------------------


def test_register_a_candidate(api: Api, personas, new_cpr, log: Log) -> None:
    number = new_cpr()
    with tenant_scope(personas.roskilde):
        group = services.target_groups_ensure_defaults()[0]

    response = api.post(
        URL,
        {
            "first_name": "Mette",
            "last_name": "Frederiksen",
            "cpr": f"{number[:6]}-{number[6:]}",
            "email": "mette@example.com",
            "postcode": "4000",
            "city": "Roskilde",
            "case_reference": "SAG-1",
            "consultant": "consultant@roskilde.example",
            "team": "Virksomhedsteam",
            "target_group": group.name.upper(),
            "danish_level": "native",
            "driving_licences": ["B", "truck"],
            "hours_per_week": "25.5",
            "max_travel_km": 30,
            "languages": ["dansk", "engelsk"],
            "competences": ["truck", "lager"],
            "occupations_wished": ["2512", "3115"],
            "occupations_held": ["1412"],
        },
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["cpr_masked"] == f"{number[:6]}-XXXX"
    assert body["has_cpr"] is True
    assert "cpr" not in body
    assert body["status"] == "active"
    assert (body["consultant"], body["team"], body["target_group"]) == (
        "consultant@roskilde.example",
        "Virksomhedsteam",
        group.name,
    )
    assert body["hours_per_week"] == 25.5
    assert body["driving_licences"] == ["B", "truck"]
    assert {(o["code"], o["kind"]) for o in body["occupations"]} == {
        ("2512", "wished"),
        ("3115", "wished"),
        ("1412", "held"),
    }
    with tenant_scope(personas.roskilde):
        created = Candidate.objects.get(public_id=body["public_id"])
    assert log.new() == [view(created)]


def test_a_duplicate_cpr_number_names_the_existing_candidate_not_the_number(
    api: Api, personas, candidate, new_cpr, log: Log
) -> None:
    number = new_cpr()
    existing = candidate(first_name="Anna", last_name="Holm", cpr=number)
    other = candidate(first_name="Bo", last_name="Berg")

    created = api.post(URL, {"first_name": "Anna", "last_name": "Holm", "cpr": number})
    patched = api.patch(f"{URL}{other.public_id}/", {"cpr": f"{number[:6]}-{number[6:]}"})

    for response in (created, patched):
        assert response.status_code == 400
        body = response.json()
        assert str(existing.public_id) in body["cpr"][0]
        assert "Anna Holm" in body["cpr"][0]
        assert body["existing_public_id"] == str(existing.public_id)
    assert in_roskilde(personas, Candidate.objects.count) == 2
    # The error shows who has the number: a view of that person, each time.
    assert log.new() == [view(existing), view(existing)]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12345", "ti cifre"),
        ("0101901234567", "ti cifre"),
        ("310290-1234", "gyldig fødselsdato"),
        ("abcdef-ghij", "ti cifre"),
    ],
)
def test_an_invalid_cpr_number_answers_400_in_danish_without_repeating_it(
    api: Api, personas, candidate, typed, message, log: Log
) -> None:
    someone = candidate()
    for response in (
        api.post(URL, {"first_name": "A", "last_name": "B", "cpr": typed}),
        api.patch(f"{URL}{someone.public_id}/", {"cpr": typed}),
        api.post(LOOKUP, {"cpr": typed}),
    ):
        assert response.status_code == 400
        assert message in " ".join(response.json()["cpr"])
        assert typed.encode() not in response.content
    assert log.new() == []


def test_unknown_fields_are_refused_not_ignored(api: Api, personas, log: Log) -> None:
    response = api.post(
        URL,
        {"first_name": "A", "last_name": "B", "cpr_ciphertext": "x", "sensitive_notes": []},
    )

    assert response.status_code == 400
    assert set(response.json()) == {"cpr_ciphertext", "sensitive_notes"}
    assert "Ukendt felt" in response.json()["sensitive_notes"][0]
    assert in_roskilde(personas, Candidate.objects.count) == 0
    assert log.new() == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"last_name": "B"}, "first_name"),
        ({"first_name": "", "last_name": "B"}, "first_name"),
        ({"first_name": "A\x00", "last_name": "B"}, "first_name"),
        ({"first_name": "A", "last_name": "B", "cpr": 123}, "cpr"),
        ({"first_name": "A", "last_name": "B", "cpr": ["0101901234"]}, "cpr"),
        ({"first_name": "A", "last_name": "B", "hours_per_week": "mange"}, "hours_per_week"),
        ({"first_name": "A", "last_name": "B", "hours_per_week": 61}, "hours_per_week"),
        ({"first_name": "A", "last_name": "B", "max_travel_km": -1}, "max_travel_km"),
        ({"first_name": "A", "last_name": "B", "languages": "dansk"}, "languages"),
        ({"first_name": "A", "last_name": "B", "driving_licences": ["Z"]}, "driving_licences"),
        ({"first_name": "A", "last_name": "B", "danish_level": "perfekt"}, "danish_level"),
        ({"first_name": "A", "last_name": "B", "email": "ikke en adresse"}, "email"),
        ({"first_name": "A", "last_name": "B", "postcode": "40x0"}, "postcode"),
        (
            {"first_name": "A", "last_name": "B", "consultant": "board@roskilde.example"},
            "consultant",
        ),
        (
            {"first_name": "A", "last_name": "B", "consultant": "consultant@aalborg.example"},
            "consultant",
        ),
        ({"first_name": "A", "last_name": "B", "team": "Intet team"}, "team"),
        ({"first_name": "A", "last_name": "B", "target_group": "Pensionist"}, "target_group"),
        (
            {"first_name": "A", "last_name": "B", "occupations_wished": ["9999"]},
            "occupations_wished",
        ),
        ({"first_name": "A", "last_name": "B", "status": "closed"}, "status"),
    ],
)
def test_wrong_input_answers_400_with_field_errors(api: Api, personas, body, field) -> None:
    response = api.post(URL, body)

    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert in_roskilde(personas, Candidate.objects.count) == 0


def test_a_body_that_is_not_an_object_answers_400(api: Api) -> None:
    assert api.post(URL, ["first_name"]).status_code == 400
    response = api.client.post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert api.post(LOOKUP, "0101901234").status_code == 400


def test_another_jobcenter_s_team_and_company_answer_400_as_if_unknown(
    api: Api, personas, candidate
) -> None:
    someone = candidate()
    with tenant_scope(personas.aalborg):
        team = Team.objects.create(name="Aalborg-teamet")
        company = make_company(name="Aalborg Værft")

    for reference in (team.name, str(team.public_id)):
        response = api.post(URL, {"first_name": "A", "last_name": "B", "team": reference})
        assert response.status_code == 400 and "team" in response.json()
    response = api.post(
        f"{URL}{someone.public_id}/consents/",
        {"company": str(company.public_id), "categories": ["full_name"]},
    )
    assert response.status_code == 400
    assert response.json()["company"] == ["Ingen virksomhed med dette public_id."]
    assert in_roskilde(personas, Consent.objects.count) == 0


def test_read_and_patch_a_candidate(api: Api, personas, candidate, new_cpr, log: Log) -> None:
    someone = candidate(first_name="Gammel", last_name="Navn", profile_text="Noter", cpr="")
    url = f"{URL}{someone.public_id}/"

    body = api.get(url).json()
    assert (body["first_name"], body["has_cpr"], body["cpr_masked"]) == ("Gammel", False, "")
    assert log.new() == [view(someone)]

    number = new_cpr()
    response = api.patch(url, {"first_name": "Ny", "cpr": number, "occupations_held": ["2221"]})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["first_name"] == "Ny"
    assert body["profile_text"] == "Noter"  # untouched
    assert body["cpr_masked"] == f"{number[:6]}-XXXX"
    assert [(o["code"], o["kind"]) for o in body["occupations"]] == [("2221", "held")]
    assert log.new() == [view(someone)]

    response = api.patch(url, {"occupations_wished": ["2512"]})
    assert {o["code"] for o in response.json()["occupations"]} == {"2221", "2512"}

    response = api.patch(url, {"cpr": ""})
    assert (response.json()["has_cpr"], response.json()["cpr_masked"]) == (False, "")
    in_roskilde(personas, someone.refresh_from_db)
    assert (someone.cpr_ciphertext, someone.cpr_digest) == ("", "")
    log.new()

    assert api.patch(url, {"fornavn": "X"}).status_code == 400
    assert api.patch(url, {"first_name": ""}).status_code == 400
    assert log.new() == []


def test_closing_a_candidate_needs_a_reason_and_changes_nothing_else_without_one(
    api: Api, personas, candidate
) -> None:
    someone = candidate(last_name="Lukkes")
    url = f"{URL}{someone.public_id}/"
    yesterday = timezone.localdate() - timedelta(days=1)

    no_reason = api.patch(url, {"status": "closed", "last_name": "Ændret"})
    assert no_reason.status_code == 400 and "closed_reason" in no_reason.json()
    in_roskilde(personas, someone.refresh_from_db)
    assert (someone.status, someone.last_name) == ("active", "Lukkes")  # nothing half-done

    assert api.patch(url, {"closed_reason": "I job"}).status_code == 400
    assert api.patch(url, {"status": "paused", "closed_on": str(yesterday)}).status_code == 400

    closed = api.patch(
        url, {"status": "closed", "closed_on": str(yesterday), "closed_reason": "I job"}
    )
    assert closed.status_code == 200, closed.json()
    body = closed.json()
    assert (body["status"], body["closed_on"], body["closed_reason"]) == (
        "closed",
        str(yesterday),
        "I job",
    )
    reopened = api.patch(url, {"status": "active"}).json()
    assert (reopened["status"], reopened["closed_on"]) == ("active", None)


def test_sensitive_notes_are_never_in_the_api(api: Api, personas, candidate, new_cpr) -> None:
    number = new_cpr()
    someone = candidate(consultant=personas.consultant_a, last_name="Følsom", cpr=number)
    with tenant_scope(personas.roskilde):
        services.sensitive_note_add(
            actor=personas.consultant_a,
            membership=Membership.objects.get(user=personas.consultant_a),
            candidate=someone,
            kind="health",
            text="HEMMELIG-HELBREDSNOTE",
        )

    answers = [
        api.get(URL),
        api.get(f"{URL}{someone.public_id}/"),
        api.post(LOOKUP, {"cpr": number}),
    ]
    for response in answers:
        assert response.status_code == 200
        assert b"HEMMELIG" not in response.content
        assert b"sensitive" not in response.content


def test_another_jobcenter_s_candidate_answers_404(api: Api, personas, new_cpr) -> None:
    number = new_cpr()
    with tenant_scope(personas.aalborg):
        theirs = make_candidate(last_name="Aalborgensen", cpr=number)
        consent = services.consent_record(
            actor=None,
            candidate=theirs,
            company=None,
            categories=["full_name"],
            given_on=timezone.localdate(),
        )
    base = f"{URL}{theirs.public_id}/"

    for url in (base, f"{base}assessments/", f"{base}consents/"):
        assert api.get(url).status_code == 404, url
    assert api.patch(base, {"first_name": "X"}).status_code == 404
    assert api.post(f"{base}consents/{consent.public_id}/withdraw/", {}).status_code == 404
    assert api.post(LOOKUP, {"cpr": number}).status_code == 404
    assert api.get(URL, {"search": "Aalborgensen"}).json()["count"] == 0
    theirs_token = token_for(personas.aalborg, personas.consultant_b)
    assert Api(theirs_token, []).get(URL).status_code == 404


# --- the CPR look-up --------------------------------------------------------------------------


def test_the_cpr_lookup_finds_the_candidate_and_logs_the_search_not_the_number(
    api: Api, personas, candidate, new_cpr, log: Log
) -> None:
    number = new_cpr()
    found = candidate(first_name="Fundet", cpr=number)
    candidate(first_name="Anden")

    for typed in (number, f"{number[:6]}-{number[6:]}", f" {number[:6]} {number[6:]} "):
        response = api.post(LOOKUP, {"cpr": typed})
        assert response.status_code == 200, response.json()
        assert response.json()["public_id"] == str(found.public_id)
        assert response.json()["cpr_masked"] == f"{number[:6]}-XXXX"
        assert log.new() == [("search", "", "CPR-opslag"), view(found)]
    with tenant_scope(personas.roskilde):
        criteria = " ".join(AccessLog.objects.values_list("criterion", flat=True))
    assert number[:6] not in criteria


def test_the_cpr_lookup_answers_404_when_no_one_has_the_number(
    api: Api, personas, candidate, new_cpr, log: Log
) -> None:
    candidate()
    response = api.post(LOOKUP, {"cpr": new_cpr()})

    assert response.status_code == 404
    assert log.new() == [("search", "", "CPR-opslag")]


def test_the_cpr_lookup_refuses_anything_but_a_cpr_number(api: Api, log: Log) -> None:
    for body, field in (({}, "cpr"), ({"cpr": ""}, "cpr"), ({"cpr": "1", "navn": "x"}, "navn")):
        response = api.post(LOOKUP, body)
        assert response.status_code == 400
        assert field in response.json()
    assert api.get(LOOKUP).status_code == 405  # a CPR number never travels in a URL
    assert log.new() == []


# --- assessments ------------------------------------------------------------------------------


def test_assessments_are_recorded_by_scheme_name_and_listed_newest_first(
    api: Api, personas, candidate, log: Log
) -> None:
    someone = candidate()
    url = f"{URL}{someone.public_id}/assessments/"
    today = timezone.localdate()

    first = api.post(
        url,
        {
            "scheme": "jobparat / AKTIVITETSPARAT",
            "value": "aktivitetsparat",
            "assessed_on": str(today - timedelta(days=30)),
            "note": "Første samtale",
        },
    )
    assert first.status_code == 201, first.json()
    assert first.json()["scheme"] == "Jobparat / aktivitetsparat"
    assert first.json()["value"] == "Aktivitetsparat"  # the scheme's own spelling
    assert first.json()["recorded_by"] == "consultant@roskilde.example"
    second = api.post(url, {"scheme": "Jobparat / aktivitetsparat", "value": "Jobparat"})
    assert second.status_code == 201, second.json()
    assert second.json()["assessed_on"] == str(today)
    assert log.new() == [view(someone), view(someone)]

    rows = api.get(url).json()
    assert [r["value"] for r in rows] == ["Jobparat", "Aktivitetsparat"]
    assert log.new() == [view(someone)]
    detail = api.get(f"{URL}{someone.public_id}/").json()
    assert detail["latest_assessment"]["value"] == "Jobparat"
    assert in_roskilde(personas, Assessment.objects.count) == 2


def test_wrong_assessments_answer_400_on_the_field(api: Api, personas, candidate, log) -> None:
    someone = candidate()
    url = f"{URL}{someone.public_id}/assessments/"
    tomorrow = timezone.localdate() + timedelta(days=1)

    for body, field in (
        ({"scheme": "Jobparat / aktivitetsparat", "value": "Match 2"}, "value"),
        ({"scheme": "Horoskop", "value": "Vædder"}, "scheme"),
        ({"scheme": "Matchgruppe 1–5", "value": "Match 2"}, "scheme"),  # ended in 2013
        (
            {"scheme": "Jobparat / aktivitetsparat", "value": "Jobparat", "assessed_on": "i går"},
            "assessed_on",
        ),
        (
            {
                "scheme": "Jobparat / aktivitetsparat",
                "value": "Jobparat",
                "assessed_on": str(tomorrow),
            },
            "assessed_on",
        ),
        ({"scheme": "Jobparat / aktivitetsparat"}, "value"),
        ({"scheme": "Jobparat / aktivitetsparat", "value": "Jobparat", "score": 1}, "score"),
    ):
        response = api.post(url, body)
        assert response.status_code == 400, body
        assert field in response.json(), (body, response.json())
    old = api.post(
        url, {"scheme": "Matchgruppe 1–5", "value": "Match 2", "assessed_on": "2012-05-01"}
    )
    assert old.status_code == 201, old.json()  # older records can still be entered
    assert in_roskilde(personas, Assessment.objects.count) == 1
    assert log.new() == [view(someone)]


# --- consents ---------------------------------------------------------------------------------


def test_consents_are_recorded_listed_and_withdrawn_once(
    api: Api, personas, candidate, log: Log
) -> None:
    someone = candidate()
    company = in_roskilde(personas, make_company, name="Roskilde Bageri")
    url = f"{URL}{someone.public_id}/consents/"
    last_week = timezone.localdate() - timedelta(days=7)

    general = api.post(url, {"categories": ["full_name", "profile"], "given_on": str(last_week)})
    assert general.status_code == 201, general.json()
    assert general.json()["company"] is None
    assert general.json()["categories"] == ["full_name", "profile"]
    specific = api.post(
        url, {"company": str(company.public_id), "categories": ["contact"], "note": "Mundtligt"}
    )
    assert specific.status_code == 201, specific.json()
    assert (specific.json()["company"], specific.json()["company_name"]) == (
        str(company.public_id),
        "Roskilde Bageri",
    )
    assert specific.json()["recorded_by"] == "consultant@roskilde.example"
    assert log.new() == [view(someone), view(someone)]

    rows = api.get(url).json()
    assert [r["categories"] for r in rows] == [["contact"], ["full_name", "profile"]]
    assert all(r["is_active"] for r in rows)
    assert log.new() == [view(someone)]

    withdraw = f"{url}{general.json()['public_id']}/withdraw/"
    response = api.post(withdraw, {})
    assert response.status_code == 200, response.json()
    assert response.json()["withdrawn_on"] == str(timezone.localdate())
    assert response.json()["withdrawn_by"] == "consultant@roskilde.example"
    assert response.json()["is_active"] is False
    assert log.new() == [view(someone)]

    again = api.post(withdraw, {})
    assert again.status_code == 400
    assert again.json() == {
        "non_field_errors": [
            f"Samtykket blev allerede trukket tilbage den {timezone.localdate():%d.%m.%Y}."
        ]
    }
    assert log.new() == []


def test_wrong_consents_answer_400_with_a_clear_error(api: Api, personas, candidate) -> None:
    someone = candidate()
    url = f"{URL}{someone.public_id}/consents/"
    tomorrow = timezone.localdate() + timedelta(days=1)

    unknown = api.post(url, {"categories": ["full_name", "health"]})
    assert unknown.status_code == 400
    assert unknown.json()["categories"] == {
        "1": ["Der findes ingen oplysninger, der hedder »health«."]
    }
    for body, field in (
        ({"categories": []}, "categories"),
        ({}, "categories"),
        ({"categories": "full_name"}, "categories"),
        ({"categories": ["cv"], "given_on": str(tomorrow)}, "given_on"),
        ({"categories": ["cv"], "company": "nope"}, "company"),
        ({"categories": ["cv"], "company": str(someone.public_id)}, "company"),
        ({"categories": ["cv"], "scope": "alt"}, "scope"),
    ):
        response = api.post(url, body)
        assert response.status_code == 400, body
        assert field in response.json(), (body, response.json())
    assert in_roskilde(personas, Consent.objects.count) == 0


def test_a_withdrawal_needs_the_candidate_s_own_consent_and_a_sensible_date(
    api: Api, personas, candidate
) -> None:
    someone, other = candidate(), candidate()
    with tenant_scope(personas.roskilde):
        consent = services.consent_record(
            actor=None,
            candidate=other,
            company=None,
            categories=["cv"],
            given_on=timezone.localdate() - timedelta(days=3),
        )

    wrong_candidate = f"{URL}{someone.public_id}/consents/{consent.public_id}/withdraw/"
    assert api.post(wrong_candidate, {}).status_code == 404
    url = f"{URL}{other.public_id}/consents/{consent.public_id}/withdraw/"
    too_early = api.post(url, {"withdrawn_on": str(timezone.localdate() - timedelta(days=4))})
    assert too_early.status_code == 400 and "withdrawn_on" in too_early.json()
    assert api.post(url, {"withdrawn_on": "snart"}).status_code == 400
    assert api.post(url, {"reason": "x"}).status_code == 400
    in_roskilde(personas, consent.refresh_from_db)
    assert consent.withdrawn_on is None


def test_errors_speak_the_chosen_language(api: Api, candidate, new_cpr) -> None:
    someone = candidate()
    api.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    unknown = api.post(f"{URL}{someone.public_id}/consents/", {"categories": ["health"]})
    assert unknown.json()["categories"] == {"0": ["There is no kind of data called “health”."]}
    missing = api.post(LOOKUP, {"cpr": new_cpr()})
    assert missing.json() == {"detail": "The jobcentre has no candidate with this CPR number."}


# --- who may ----------------------------------------------------------------------------------


def test_a_read_only_token_reads_and_looks_up_but_never_writes(
    personas, candidate, new_cpr, bodies: list[bytes], log: Log
) -> None:
    number = new_cpr()
    someone = candidate(cpr=number)
    with tenant_scope(personas.roskilde):
        consent = services.consent_record(
            actor=None,
            candidate=someone,
            company=None,
            categories=["cv"],
            given_on=timezone.localdate(),
        )
    reader = Api(token_for(personas.roskilde, personas.consultant_a, read_only=True), bodies)
    base = f"{URL}{someone.public_id}/"

    assert reader.get(URL).status_code == 200
    assert reader.get(base).status_code == 200
    assert reader.post(LOOKUP, {"cpr": number}).status_code == 200
    for response in (
        reader.post(URL, {"first_name": "A", "last_name": "B"}),
        reader.patch(base, {"first_name": "X"}),
        reader.post(f"{base}assessments/", {"scheme": "x", "value": "y"}),
        reader.post(f"{base}consents/", {"categories": ["cv"]}),
        reader.post(f"{base}consents/{consent.public_id}/withdraw/", {}),
    ):
        assert response.status_code == 403
    in_roskilde(personas, consent.refresh_from_db)
    assert consent.withdrawn_on is None
    assert in_roskilde(personas, Candidate.objects.count) == 1
    assert [r[0] for r in log.new()] == ["list", "view", "search", "view"]


def test_a_member_without_candidates_change_reads_but_cannot_write(
    personas, candidate, new_cpr, bodies: list[bytes], monkeypatch
) -> None:
    from accounts import capabilities
    from accounts.models import Role

    monkeypatch.setitem(
        capabilities.ROLE_CAPABILITIES,
        Role.CONSULTANT,
        capabilities.ROLE_CAPABILITIES[Role.CONSULTANT] - {"candidates.change"},
    )
    number = new_cpr()
    candidate(cpr=number)
    api = Api(token_for(personas.roskilde, personas.consultant_a), bodies)

    assert api.get(URL).status_code == 200
    assert api.post(LOOKUP, {"cpr": number}).status_code == 200  # a look-up only reads
    assert api.post(URL, {"first_name": "A", "last_name": "B"}).status_code == 403


def test_board_members_see_no_candidates(personas, candidate, bodies: list[bytes]) -> None:
    someone = candidate()
    board = Api(token_for(personas.roskilde, personas.board_a), bodies)

    assert board.get(URL).status_code == 403
    assert board.get(f"{URL}{someone.public_id}/").status_code == 403
    assert board.post(LOOKUP, {"cpr": "0101901234"}).status_code == 403


# --- every answer, and the schema -------------------------------------------------------------


def test_no_answer_of_any_endpoint_carries_a_cpr_number(
    api: Api, personas, candidate, new_cpr, bodies: list[bytes], numbers: list[str]
) -> None:
    """A walk through every endpoint, successes and errors, checking every raw body for
    every number made here (the autouse fixture does the same after every other test)."""
    number = new_cpr()
    someone = candidate(first_name="Walk", cpr=number)
    base = f"{URL}{someone.public_id}/"
    dashed = f"{number[:6]}-{number[6:]}"

    api.get(URL)
    api.get(URL, {"search": "Walk"})
    api.get(URL, {"search": number})
    api.get(base)
    api.patch(base, {"city": "Roskilde"})
    api.patch(base, {"cpr": dashed})
    api.post(URL, {"first_name": "Dublet", "last_name": "X", "cpr": number})
    api.post(LOOKUP, {"cpr": number})
    api.post(LOOKUP, {"cpr": dashed})
    api.post(LOOKUP, {"cpr": number + "9"})
    api.post(f"{base}assessments/", {"scheme": "Jobparat / aktivitetsparat", "value": "Jobparat"})
    api.get(f"{base}assessments/")
    consent = api.post(f"{base}consents/", {"categories": ["cv"]}).json()
    api.get(f"{base}consents/")
    api.post(f"{base}consents/{consent['public_id']}/withdraw/", {})
    api.post(f"{base}consents/{consent['public_id']}/withdraw/", {})
    new_number = new_cpr()
    api.post(URL, {"first_name": "Ny", "last_name": "Person", "cpr": new_number})

    assert len(bodies) == 17
    assert_no_cpr_number(bodies, numbers)
    assert sum(f"{number[:6]}-XXXX".encode() in body for body in bodies) >= 5


def test_the_schema_describes_every_candidate_endpoint(client: Client) -> None:
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    expected = {
        "/api/v1/{jobcenter}/candidates/": {"get", "post"},
        "/api/v1/{jobcenter}/candidates/{public_id}/": {"get", "patch"},
        "/api/v1/{jobcenter}/candidates/lookup/": {"post"},
        "/api/v1/{jobcenter}/candidates/{public_id}/assessments/": {"get", "post"},
        "/api/v1/{jobcenter}/candidates/{public_id}/consents/": {"get", "post"},
        "/api/v1/{jobcenter}/candidates/{public_id}/consents/{consent_id}/withdraw/": {"post"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert set(paths[path]) - {"parameters"} == methods, path
        for method in methods:
            responses = paths[path][method]["responses"]
            assert "200" in responses or "201" in responses, (path, method)
            if method in {"post", "patch"}:
                assert "requestBody" in paths[path][method], (path, method)
    schemas = schema["components"]["schemas"]
    candidate = schemas["Candidate"]["properties"]
    assert {"cpr_masked", "has_cpr", "consultant", "team", "occupations"} <= set(candidate)
    assert "cpr" not in candidate
    assert "cpr" in schemas["CandidateInput"]["properties"]
    assert "404" in paths["/api/v1/{jobcenter}/candidates/lookup/"]["post"]["responses"]
    params = {p["name"] for p in paths["/api/v1/{jobcenter}/candidates/"]["get"]["parameters"]}
    assert {
        "search",
        "status",
        "target_group",
        "assessment",
        "consultant",
        "team",
        "occupation",
        "min_hours",
        "mine",
        "page",
        "page_size",
    } <= params


def test_the_whole_schema_generates_and_validates_without_warnings(tmp_path) -> None:
    """`manage.py spectacular --validate --fail-on-warn` for every app's API."""
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )

    assert "/api/v1/{jobcenter}/candidates/lookup/" in (tmp_path / "schema.yaml").read_text()
