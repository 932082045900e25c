"""The placements REST API (issue 6, item 9): placement types, placements, follow-ups and
matching; what each shows, what it refuses (400 on the field, never 500), what it logs.

Every answer any test here receives is checked, after the test, for the CPR numbers of the
candidates it made: no answer may carry one."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import AccessLog
from accounts.tenancy import tenant_scope
from candidates import services as candidate_services
from candidates.models import Occupation
from companies import services as company_services
from placements import services
from placements.models import FollowUp, FollowUpStatus, Placement, PlacementStatus
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company
from tests.companies.test_api import token_for
from tests.placements.factories import make_placement, placement_type

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)
BASE = "/api/v1/roskilde"
PLACEMENTS = f"{BASE}/placements/"
FOLLOWUPS = f"{BASE}/followups/"
TYPES = f"{BASE}/placement-types/"


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(TODAY):
        yield


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
def people() -> list[Any]:
    """Every candidate a test makes through `candidate`."""
    return []


@pytest.fixture(autouse=True)
def _no_cpr_number_in_any_answer(bodies: list[bytes], people: list[Any], personas) -> Any:
    yield
    from candidates import cpr

    for candidate in people:
        with tenant_scope(personas.roskilde):
            number = cpr.decrypt(candidate.cpr_ciphertext, tenant_id=candidate.tenant_id)
        for form in (number, f"{number[:6]}-{number[6:]}", f"{number[:6]}-XXXX"):
            for body in bodies:
                assert form.encode() not in body, "a CPR number in an API answer"


@pytest.fixture
def api(personas, bodies: list[bytes]) -> Api:
    return Api(token_for(personas.roskilde, personas.consultant_a), bodies)


@pytest.fixture
def candidate(people: list[Any]) -> Any:
    """make_candidate (with a CPR number); call inside a tenant scope."""

    def make(**fields: Any) -> Any:
        made = make_candidate(**fields)
        people.append(made)
        return made

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
def log(personas) -> Log:
    return Log(personas.roskilde)


def in_roskilde(personas: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
    with tenant_scope(personas.roskilde):
        return fn(*args, **kwargs)


def ids(response: Any) -> list[str]:
    return [row["public_id"] for row in response.json()["results"]]


# --- placement types --------------------------------------------------------------------------


def test_placement_types_are_listed_with_their_flags_and_cadence(api: Api, personas) -> None:
    with tenant_scope(personas.roskilde):
        retired = placement_type("job_rotation")
        services.placement_type_save(actor=None, placement_type=retired, is_active=False)

    response = api.get(TYPES)

    assert response.status_code == 200
    types = {t["code"]: t for t in response.json()}
    assert len(types) == 11
    internship = types["internship"]
    assert internship["name"] == "Virksomhedspraktik"
    assert internship["max_weeks"] == 13 and internship["is_exclusive"] is True
    assert {"day_3", "week_2", "midway", "end", "after_3_months"} <= {
        step["kind"] for step in internship["cadence"]
    }
    day_3 = next(step for step in internship["cadence"] if step["kind"] == "day_3")
    assert (day_3["anchor"], day_3["offset_days"], day_3["channel"]) == ("start", 3, "phone")
    assert types["mentor"]["is_exclusive"] is False
    assert types["ordinary_job"]["is_ordinary"] and types["ordinary_job"]["is_employment"]
    assert types["job_rotation"]["is_active"] is False


# --- placements -------------------------------------------------------------------------------


def test_a_placement_is_recorded_and_its_follow_ups_are_planned(
    api: Api, personas, candidate, log: Log
) -> None:
    with tenant_scope(personas.roskilde):
        anna = candidate(first_name="Anna", last_name="Andersen")
        company = make_company(name="Bageriet ApS")
        workplace = company_services.workplace_create(actor=None, company=company, name="Bageri")
        mentor = company_services.contact_create(actor=None, company=company, name="Mette")
    log.new()

    response = api.post(
        PLACEMENTS,
        {
            "candidate": str(anna.public_id),
            "company": str(company.public_id),
            "workplace": str(workplace.public_id),
            "type": "internship",
            "planned_start": "2026-12-01",
            "planned_end": "2027-02-26",
            "hours_per_week": 25,
            "tasks": "Bagning og opvask",
            "mentor": str(mentor.public_id),
            "mentor_hours_per_week": "2.5",
        },
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["candidate"] == {
        "public_id": str(anna.public_id),
        "first_name": "Anna",
        "last_name": "Andersen",
    }
    assert body["company"] == {"public_id": str(company.public_id), "name": "Bageriet ApS"}
    assert (body["type"], body["type_name"]) == ("internship", "Virksomhedspraktik")
    assert body["status"] == "planned"
    assert body["consultant"] == "consultant@roskilde.example"  # the token's owner
    assert body["workplace"] == str(workplace.public_id)
    assert body["mentor"] == str(mentor.public_id)
    assert body["mentor_hours_per_week"] == 2.5
    assert log.new() == [("view", str(anna.public_id), "")]

    followups = api.get(f"{PLACEMENTS}{body['public_id']}/followups/")
    assert followups.status_code == 200
    assert [(f["kind"], f["due_on"]) for f in followups.json()][:3] == [
        ("day_3", "2026-12-04"),
        ("week_2", "2026-12-15"),
        ("midway", "2027-01-13"),
    ]
    assert followups.json()[0]["placement"]["candidate"]["first_name"] == "Anna"
    assert log.new() == [("view", str(anna.public_id), "")]

    detail = api.get(f"{PLACEMENTS}{body['public_id']}/")
    assert detail.json() == body | {"updated_at": detail.json()["updated_at"]}
    assert log.new() == [("view", str(anna.public_id), "")]


@pytest.fixture
def three(personas, candidate) -> dict[str, Placement]:
    """Anna's internship (planned, Roskilde Bageri), Bo's ordinary job from March (the
    manager's, Kantinen) and Cai's completed wage subsidy last summer (Roskilde Bageri)."""
    with tenant_scope(personas.roskilde):
        bakery = make_company(name="Roskilde Bageri ApS")
        canteen = make_company(name="Kantinen ApS")
        anna = make_placement(
            personas.consultant_a, candidate=candidate(first_name="Anna"), company=bakery
        )
        bo = make_placement(
            personas.manager_a,
            candidate=candidate(first_name="Bo"),
            company=canteen,
            type_code="ordinary_job",
            planned_start=date(2027, 3, 1),
            planned_end=None,
        )
        cai = make_placement(
            personas.consultant_a,
            candidate=candidate(first_name="Cai"),
            company=bakery,
            type_code="wage_subsidy_private",
            planned_start=date(2026, 6, 1),
            planned_end=date(2026, 9, 30),
            actual_start=date(2026, 6, 1),
        )
        services.placement_end(
            actor=None,
            placement=cai,
            ended_on=date(2026, 9, 30),
            outcome="ordinary_job",
        )
    return {"anna": anna, "bo": bo, "cai": cai}


def test_the_list_filters_paginates_and_logs_one_row_per_person_shown(
    api: Api, personas, three, log: Log
) -> None:
    anna, bo, cai = (str(three[n].public_id) for n in ("anna", "bo", "cai"))
    log.new()

    everyone = api.get(PLACEMENTS)
    assert everyone.status_code == 200
    assert ids(everyone) == [bo, anna, cai]  # newest start first
    rows = log.new()
    assert sorted(r[0] for r in rows) == ["list", "list", "list"]
    assert {r[1] for r in rows} == {
        str(three[n].candidate.public_id) for n in ("anna", "bo", "cai")
    }

    bakery = str(three["anna"].company.public_id)
    ordinary = str(in_roskilde(personas, placement_type, "ordinary_job").public_id)
    for params, expected in (
        ({"type": "internship"}, [anna]),
        ({"type": ordinary}, [bo]),
        ({"status": "completed"}, [cai]),
        ({"company": bakery}, [anna, cai]),
        ({"consultant": "me"}, [anna, cai]),
        ({"consultant": "MANAGER@roskilde.example"}, [bo]),
        ({"candidate": str(three["bo"].candidate.public_id)}, [bo]),
        ({"period_from": "2027-02-01"}, [bo]),
        ({"period_from": "2026-07-01", "period_to": "2026-07-31"}, [cai]),
        ({"period_to": "2026-11-01"}, [cai]),
        ({"outcome": "ordinary_job"}, [cai]),
        ({"status": "active", "company": bakery}, []),
    ):
        response = api.get(PLACEMENTS, params)
        assert response.status_code == 200, (params, response.json())
        assert ids(response) == expected, params
    rows = log.new()
    assert rows[0][0] == "search" and "placement_type=" in rows[0][2]
    assert rows[1][0] == "list"

    page = api.get(PLACEMENTS, {"page_size": 1, "page": 2}).json()
    assert page["count"] == 3 and [r["public_id"] for r in page["results"]] == [anna]
    assert page["next"] and page["previous"]


@pytest.mark.parametrize(
    "params",
    [
        {"type": "no-such-type"},
        {"status": "finished"},
        {"company": "not-a-uuid"},
        {"consultant": "nobody@example.com"},
        {"period_from": "27.11.2026"},
        {"period_from": "2026-12-01", "period_to": "2026-11-01"},
        {"outcome": "great"},
        {"page_size": 101},
    ],
)
def test_wrong_list_filters_answer_400_on_the_filter(api: Api, params) -> None:
    response = api.get(PLACEMENTS, params)

    assert response.status_code == 400
    field = "period_to" if "period_to" in params else next(iter(params))
    assert field in response.json()


@pytest.fixture
def refs(personas, candidate) -> dict[str, Any]:
    """A candidate and a company to place them in, and what can be wrong with a body."""
    with tenant_scope(personas.roskilde):
        refs = {
            "candidate": candidate(first_name="Anna"),
            "company": make_company(name="Lageret ApS"),
            "other_company": make_company(name="Andet ApS"),
            "closed": candidate(first_name="Lukket"),
            "ceased": make_company(name="Ophørt ApS"),
        }
        refs["other_workplace"] = company_services.workplace_create(
            actor=None, company=refs["other_company"], name="Deres lager"
        )
        company_services.company_update(actor=None, company=refs["ceased"], status="ceased")
        candidate_services.candidate_set_status(
            actor=None, candidate=refs["closed"], status="closed", reason="Flyttet"
        )
    with tenant_scope(personas.aalborg):
        refs["theirs"] = make_company(name="Aalborg ApS")
    return refs


def body_for(refs: dict[str, Any], **changes: Any) -> dict[str, Any]:
    body = {
        "candidate": str(refs["candidate"].public_id),
        "company": str(refs["company"].public_id),
        "type": "internship",
        "planned_start": "2026-12-01",
        "planned_end": "2027-02-26",
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not ...}


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"planned_end": "2026-11-01"}, "planned_end", "før startdatoen"),
        ({"planned_end": "2027-12-31"}, "planned_end", "højst 13 uger"),
        ({"company": "ceased"}, "company", "ophørt"),
        ({"candidate": "closed"}, "candidate", "afsluttet"),
        ({"company": "theirs"}, "company", "Ingen virksomhed"),
        ({"candidate": "00000000-0000-0000-0000-000000000000"}, "candidate", "Ingen kandidat"),
        ({"type": "astronaut"}, "type", "Ukendt forløbstype"),
        ({"workplace": "other_workplace"}, "workplace", "intet arbejdssted"),
        ({"hours_per_week": 99}, "hours_per_week", ""),
        ({"planned_start": "1. december"}, "planned_start", ""),
        ({"planned_start": ...}, "planned_start", ""),
        ({"consultant": "nobody@example.com"}, "consultant", "er ikke konsulent"),
        ({"colour": "blue"}, "colour", "Ukendt felt"),
    ],
)
def test_bad_input_answers_400_with_field_errors_and_saves_nothing(
    api: Api, personas, refs, change, field, words
) -> None:
    resolved = {
        k: str(refs[v].public_id) if isinstance(v, str) and v in refs else v
        for k, v in change.items()
    }

    response = api.post(PLACEMENTS, body_for(refs, **resolved))

    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert words in " ".join(response.json()[field])
    assert in_roskilde(personas, Placement.objects.count) == 0


def test_an_overlapping_placement_answers_400_naming_the_other_one(
    api: Api, personas, refs
) -> None:
    first = api.post(PLACEMENTS, body_for(refs)).json()

    response = api.post(
        PLACEMENTS,
        body_for(
            refs,
            company=str(refs["other_company"].public_id),
            type="wage_subsidy_private",
            planned_start="2027-01-15",
            planned_end="2027-06-30",
        ),
    )
    # Mentor support may run beside it.
    mentor = api.post(PLACEMENTS, body_for(refs, type="mentor"))

    assert response.status_code == 400
    message = response.json()["planned_start"][0]
    assert "allerede i virksomhedspraktik hos Lageret ApS fra 01.12.2026 til 26.02.2027" in message
    assert first["public_id"] in message
    assert response.json()["conflicting_placement"] == first["public_id"]
    assert mentor.status_code == 201
    assert in_roskilde(personas, Placement.objects.count) == 2


def test_patching_the_dates_moves_the_open_follow_ups(api: Api, personas, three) -> None:
    url = f"{PLACEMENTS}{three['anna'].public_id}/"
    day_3 = in_roskilde(personas, FollowUp.objects.get, placement=three["anna"], kind="day_3")
    api.patch(f"{FOLLOWUPS}{day_3.public_id}/", {"status": "done", "notes": "Godt i gang"})

    response = api.patch(
        url, {"planned_start": "2026-11-09", "planned_end": "2027-02-05", "hours_per_week": 30}
    )

    assert response.status_code == 200, response.json()
    assert response.json()["hours_per_week"] == 30
    followups = {f["kind"]: f for f in api.get(f"{url}followups/").json()}
    assert (followups["day_3"]["due_on"], followups["day_3"]["status"]) == ("2026-11-05", "done")
    assert followups["week_2"]["due_on"] == "2026-11-23"
    assert followups["end"]["due_on"] == "2027-02-05"


def test_status_moves_start_and_end_a_placement(api: Api, personas, three) -> None:
    url = f"{PLACEMENTS}{three['anna'].public_id}/"

    assert api.patch(url, {"actual_start": "2026-11-03"}).status_code == 400  # not started
    started = api.patch(url, {"status": "active", "actual_start": "2026-11-03"})
    assert started.status_code == 200, started.json()
    assert (started.json()["status"], started.json()["actual_start"]) == ("active", "2026-11-03")
    corrected = api.patch(url, {"actual_start": "2026-11-04"})
    assert corrected.json()["actual_start"] == "2026-11-04"

    for body, field in (
        ({"status": "completed"}, "outcome"),
        ({"status": "interrupted", "outcome": "back_on_benefit"}, "interruption_reason"),
        ({"outcome": "ordinary_job"}, "outcome"),
        ({"actual_end": "2026-11-20"}, "actual_end"),
        ({"status": "planned"}, "status"),
        (
            {"status": "completed", "outcome": "ordinary_job", "actual_end": "2027-01-01"},
            "actual_end",
        ),
    ):
        response = api.patch(url, body)
        assert response.status_code == 400, body
        assert field in response.json(), (body, response.json())
    assert in_roskilde(personas, Placement.objects.get, pk=three["anna"].pk).status == "active"

    ended = api.patch(
        url,
        {
            "status": "interrupted",
            "actual_end": "2026-11-20",
            "outcome": "back_on_benefit",
            "interruption_reason": "Sygdom",
        },
    )
    assert ended.status_code == 200, ended.json()
    body = ended.json()
    assert (body["status"], body["actual_end"], body["outcome"]) == (
        "interrupted",
        "2026-11-20",
        "back_on_benefit",
    )
    followups = {f["kind"]: f["status"] for f in api.get(f"{url}followups/").json()}
    assert followups["midway"] == "cancelled" and followups["end"] == "due"
    # An ended placement is not changed any more.
    late = api.patch(url, {"tasks": "Noget andet"})
    assert late.status_code == 400 and "non_field_errors" in late.json()
    again = api.patch(url, {"status": "completed", "outcome": "ordinary_job"})
    assert again.status_code == 400 and "status" in again.json()


def test_dates_that_end_a_started_placement_before_its_start_answer_400_on_the_field(
    api: Api, personas, three
) -> None:
    url = f"{PLACEMENTS}{three['anna'].public_id}/"  # planned 02.11.2026 – 29.01.2027
    assert api.patch(url, {"status": "active", "actual_start": "2026-11-03"}).status_code == 200

    end_before_start = api.patch(url, {"planned_end": "2026-11-02"})
    start_after_end = api.patch(url, {"actual_start": "2027-02-01"})

    assert end_before_start.status_code == 400
    assert end_before_start.json() == {
        "planned_end": [
            "Den planlagte slutdato (02.11.2026) ligger før forløbets start (03.11.2026). "
            "Ret den planlagte slutdato."
        ]
    }
    assert start_after_end.status_code == 400
    assert start_after_end.json() == {
        "actual_start": ["Forløbet kan ikke starte efter den planlagte slutdato (29.01.2027)."]
    }
    stored = in_roskilde(personas, Placement.objects.get, pk=three["anna"].pk)
    assert (stored.actual_start, stored.planned_end) == (date(2026, 11, 3), date(2027, 1, 29))


def test_starting_a_placement_after_its_planned_end_answers_400(api: Api, personas, three) -> None:
    url = f"{PLACEMENTS}{three['anna'].public_id}/"

    response = api.patch(url, {"status": "active", "actual_start": "2027-02-01"})

    assert response.status_code == 400
    assert "actual_start" in response.json()
    assert in_roskilde(personas, Placement.objects.get, pk=three["anna"].pk).status == "planned"


def test_moving_a_placement_onto_another_answers_400_naming_it(api: Api, personas, three) -> None:
    with tenant_scope(personas.roskilde):
        later = make_placement(
            personas.consultant_a,
            candidate=three["anna"].candidate,
            planned_start=date(2027, 3, 1),
            planned_end=date(2027, 4, 30),
        )

    # 29.01.2027 is the internship's last day (and 13 weeks before the new end).
    response = api.patch(f"{PLACEMENTS}{later.public_id}/", {"planned_start": "2027-01-29"})

    assert response.status_code == 400
    assert response.json()["conflicting_placement"] == str(three["anna"].public_id)


# --- follow-ups -------------------------------------------------------------------------------


def test_follow_ups_are_filtered_by_owner_day_and_status(
    api: Api, personas, three, log: Log
) -> None:
    log.new()

    def expected(**filters: Any) -> list[str]:
        with tenant_scope(personas.roskilde):
            found = FollowUp.objects.filter(**filters).order_by("due_on", "pk")
            return [str(f.public_id) for f in found]

    mine = api.get(FOLLOWUPS, {"owner": "me", "page_size": 100})
    assert mine.status_code == 200
    assert ids(mine) == expected(owner=personas.consultant_a)
    due_soon = api.get(
        FOLLOWUPS, {"owner": "me", "status": "due", "due_before": "2026-12-31", "page_size": 100}
    )
    assert ids(due_soon) == expected(
        owner=personas.consultant_a, status="due", due_on__lte=date(2026, 12, 31)
    )
    assert len(ids(due_soon)) >= 3
    first = due_soon.json()["results"][0]
    assert first["is_overdue"] is True
    assert first["placement"]["candidate"]["first_name"] in {"Anna", "Cai"}
    managers = api.get(FOLLOWUPS, {"owner": "manager@roskilde.example", "page_size": 100})
    assert ids(managers) == expected(owner=personas.manager_a)
    assert api.get(FOLLOWUPS, {"owner": "nobody@example.com"}).status_code == 400
    assert api.get(FOLLOWUPS, {"due_before": "snart"}).status_code == 400
    assert api.get(FOLLOWUPS, {"status": "late"}).status_code == 400
    rows = log.new()
    assert rows[0] == ("search", "", "owner=" + str(personas.consultant_a.pk))
    assert {r[0] for r in rows[1:3]} == {"list"}  # Anna and Cai, once each


def test_a_follow_up_is_completed_with_notes_or_rescheduled(api: Api, personas, three) -> None:
    def url(kind: str) -> str:
        f = in_roskilde(personas, FollowUp.objects.get, placement=three["anna"], kind=kind)
        return f"{FOLLOWUPS}{f.public_id}/"

    done = api.patch(url("day_3"), {"status": "done", "notes": "Godt i gang, glad for mentor"})
    assert done.status_code == 200, done.json()
    assert (done.json()["status"], done.json()["done_on"]) == ("done", "2026-11-27")
    assert done.json()["notes"] == "Godt i gang, glad for mentor"
    assert api.get(url("day_3")).json()["status"] == "done"

    moved = api.patch(url("week_2"), {"due_on": "2026-12-03", "owner": "manager@roskilde.example"})
    assert moved.status_code == 200, moved.json()
    assert (moved.json()["due_on"], moved.json()["owner"]) == (
        "2026-12-03",
        "manager@roskilde.example",
    )
    # Moved by hand: moving the placement leaves it where it was put.
    api.patch(f"{PLACEMENTS}{three['anna'].public_id}/", {"planned_start": "2026-11-09"})
    assert api.get(url("week_2")).json()["due_on"] == "2026-12-03"

    assert api.patch(url("midway"), {"status": "cancelled"}).json()["status"] == "cancelled"


@pytest.mark.parametrize(
    ("kind", "body", "field", "words"),
    [
        ("midway", {"status": "done"}, "status", "aflyst"),  # cancelled first, below
        ("day_3", {"status": "done"}, "status", "allerede udført"),  # done first, below
        ("week_2", {"status": "done", "due_on": "2026-12-24"}, "due_on", "ikke begge"),
        ("week_2", {"notes": "Bare en note"}, "notes", "status done"),
        ("week_2", {"status": "done", "done_on": "2026-12-24"}, "done_on", "fremtiden"),
        ("week_2", {"owner": "nobody@example.com"}, "owner", ""),
        ("week_2", {"due_on": "i morgen"}, "due_on", ""),
        ("midway", {"due_on": "2027-01-01"}, "status", "Kun en opfølgning"),
        ("midway", {"status": "due"}, "status", "genåbnes"),
        ("week_2", {"colour": "red"}, "colour", "Ukendt felt"),
    ],
)
def test_wrong_follow_up_changes_answer_400_on_the_field(
    api: Api, personas, three, kind, body, field, words
) -> None:
    with tenant_scope(personas.roskilde):
        followups = {f.kind: f for f in FollowUp.objects.filter(placement=three["anna"])}
        services.followup_cancel(actor=None, followup=followups["midway"])
        services.followup_complete(actor=None, followup=followups["day_3"])

    response = api.patch(f"{FOLLOWUPS}{followups[kind].public_id}/", body)

    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert words in " ".join(response.json()[field])
    with tenant_scope(personas.roskilde):
        assert FollowUp.objects.get(pk=followups["midway"].pk).status == FollowUpStatus.CANCELLED
        assert FollowUp.objects.get(pk=followups["week_2"].pk).status == FollowUpStatus.DUE


# --- matching ---------------------------------------------------------------------------------


@pytest.fixture
def opening(personas, candidate) -> Any:
    """Warehouse work in Roskilde; Anna wishes for it and lives there, Bo lives in Aalborg."""
    with tenant_scope(personas.roskilde):
        company = make_company(name="Lageret ApS", postcode="4000")
        opening = company_services.job_opening_create(
            actor=None,
            company=company,
            title="Lagermedarbejder",
            occupation_code=Occupation.objects.get(code="9333"),
            hours_per_week=25,
        )
        anna = candidate(first_name="Anna", postcode="4000", hours_per_week=30)
        candidate_services.candidate_set_occupations(
            actor=None, candidate=anna, wished=[opening.occupation_code], held=[]
        )
        candidate(first_name="Bo", postcode="9000", max_travel_km=30)
    return opening


def test_matches_show_the_score_and_why_and_log_each_person(
    api: Api, personas, opening, log: Log
) -> None:
    url = f"{BASE}/job-openings/{opening.public_id}/matches/"
    log.new()

    response = api.get(url)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["job_opening"]["public_id"] == str(opening.public_id)
    assert body["job_opening"]["occupation_code"] == "9333"
    assert body["job_opening"]["work_postcode"] == "4000"
    assert body["start_on"] == "2026-11-27"
    anna, bo = body["matches"]
    assert anna["candidate"]["first_name"] == "Anna" and set(anna["candidate"]) == {
        "public_id",
        "first_name",
        "last_name",
    }
    assert anna["score"] == 100 and anna["distance_km"] == 0
    assert [c["key"] for c in anna["components"]] == [
        "occupation",
        "distance",
        "hours",
        "availability",
        "target_group",
    ]
    assert anna["components"][0] == {
        "key": "occupation",
        "label": "Fag",
        "weight": 40,
        "points": 40.0,
        "reason": "Ønsker at arbejde som Lagerarbejdere og godshåndterere (9333).",
    }
    assert bo["score"] < anna["score"]
    assert "længere end de 30 km" in bo["components"][1]["reason"]
    rows = log.new()
    assert rows[0] == ("search", "", f"matches job_opening={opening.public_id}")
    assert sorted(r[0] for r in rows[1:]) == ["list", "list"]

    assert len(api.get(url, {"limit": 1}).json()["matches"]) == 1
    for limit in ("0", "101", "many"):
        wrong = api.get(url, {"limit": limit})
        assert wrong.status_code == 400 and "limit" in wrong.json()


def test_the_reasons_speak_the_chosen_language(api: Api, opening) -> None:
    api.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    body = api.get(f"{BASE}/job-openings/{opening.public_id}/matches/").json()

    assert body["matches"][0]["components"][0]["label"] == "Occupation"
    assert "Wishes to work as" in body["matches"][0]["components"][0]["reason"]


# --- who may, and which jobcenter ------------------------------------------------------------


def test_another_jobcenters_objects_answer_404(api: Api, personas) -> None:
    with tenant_scope(personas.aalborg):
        placement = make_placement(personas.consultant_b)
        followup = FollowUp.objects.filter(placement=placement).first()
        theirs = company_services.job_opening_create(
            actor=None, company=make_company(name="Aalborg Lager"), title="Lager"
        )

    for url in (
        f"{PLACEMENTS}{placement.public_id}/",
        f"{PLACEMENTS}{placement.public_id}/followups/",
        f"{FOLLOWUPS}{followup.public_id}/",
        f"{BASE}/job-openings/{theirs.public_id}/matches/",
    ):
        assert api.get(url).status_code == 404, url
    assert api.patch(f"{FOLLOWUPS}{followup.public_id}/", {"status": "done"}).status_code == 404
    assert api.get(PLACEMENTS).json()["count"] == 0
    with tenant_scope(personas.aalborg):
        assert FollowUp.objects.get(pk=followup.pk).status == FollowUpStatus.DUE


def test_a_read_only_token_reads_but_never_writes(
    personas, three, opening, refs, bodies: list[bytes]
) -> None:
    reader = Api(token_for(personas.roskilde, personas.consultant_a, read_only=True), bodies)
    placement = f"{PLACEMENTS}{three['anna'].public_id}/"
    followup = in_roskilde(
        personas, lambda: FollowUp.objects.filter(placement=three["anna"]).first()
    )

    for url in (
        TYPES,
        PLACEMENTS,
        placement,
        f"{placement}followups/",
        FOLLOWUPS,
        f"{FOLLOWUPS}{followup.public_id}/",
        f"{BASE}/job-openings/{opening.public_id}/matches/",
    ):
        assert reader.get(url).status_code == 200, url
    for response in (
        reader.post(PLACEMENTS, body_for(refs)),
        reader.patch(placement, {"tasks": "X"}),
        reader.patch(f"{FOLLOWUPS}{followup.public_id}/", {"status": "done"}),
    ):
        assert response.status_code == 403
    assert in_roskilde(personas, Placement.objects.count) == 3
    assert not in_roskilde(personas, lambda: FollowUp.objects.filter(status="done").exists())


def test_board_members_see_nothing_here(personas, three, bodies: list[bytes]) -> None:
    board = Api(token_for(personas.roskilde, personas.board_a), bodies)

    assert board.get(PLACEMENTS).status_code == 403
    assert board.get(FOLLOWUPS).status_code == 403
    assert board.get(f"{PLACEMENTS}{three['anna'].public_id}/").status_code == 403


def test_list_endpoints_do_not_grow_in_queries(
    api: Api, personas, candidate, opening, django_assert_max_num_queries
) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Travl ApS")
        workplace = company_services.workplace_create(actor=None, company=company, name="Lager")
        mentor = company_services.contact_create(actor=None, company=company, name="Mona")

    def add(n: int) -> str:
        with tenant_scope(personas.roskilde):
            for i in range(n):
                someone = candidate(first_name=f"Person {i}", postcode="4000")
                candidate_services.candidate_set_occupations(
                    actor=None, candidate=someone, wished=[opening.occupation_code], held=[]
                )
                placement = make_placement(
                    personas.consultant_a,
                    candidate=someone,
                    company=company,
                    workplace=workplace,
                    mentor=mentor,
                    job_opening=None,
                    planned_start=date(2026, 12, 14),
                )
        return f"{PLACEMENTS}{placement.public_id}/followups/"

    one = add(1)
    urls = [
        PLACEMENTS,
        FOLLOWUPS,
        TYPES,
        one,
        f"{BASE}/job-openings/{opening.public_id}/matches/",
    ]
    api.get(TYPES)  # the token's last use, and the type catalogue, on the first request
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as few:
            assert api.get(url, {"page_size": 100} if "matches" not in url else {}).status_code
        counts.append(len(few.captured_queries))
    add(12)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            response = api.get(url, {"page_size": 100} if "matches" not in url else {})
        assert response.status_code == 200
    assert api.get(PLACEMENTS).json()["count"] == 13
    assert len(api.get(f"{BASE}/job-openings/{opening.public_id}/matches/").json()["matches"]) == 15


def test_the_schema_describes_every_placement_endpoint(client: Client) -> None:
    schema = client.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    expected = {
        "/api/v1/{jobcenter}/placement-types/": {"get"},
        "/api/v1/{jobcenter}/placements/": {"get", "post"},
        "/api/v1/{jobcenter}/placements/{public_id}/": {"get", "patch"},
        "/api/v1/{jobcenter}/placements/{public_id}/followups/": {"get"},
        "/api/v1/{jobcenter}/followups/": {"get"},
        "/api/v1/{jobcenter}/followups/{public_id}/": {"get", "patch"},
        "/api/v1/{jobcenter}/job-openings/{public_id}/matches/": {"get"},
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
    assert set(schemas["CandidateRef"]["properties"]) == {"public_id", "first_name", "last_name"}
    assert schemas["MatchComponentEnum"]["enum"] == [
        "occupation",
        "distance",
        "hours",
        "availability",
        "target_group",
    ]
    params = {p["name"] for p in paths["/api/v1/{jobcenter}/placements/"]["get"]["parameters"]}
    assert {
        "type",
        "status",
        "company",
        "consultant",
        "candidate",
        "period_from",
        "period_to",
        "outcome",
        "page",
        "page_size",
    } <= params
    params = {p["name"] for p in paths["/api/v1/{jobcenter}/followups/"]["get"]["parameters"]}
    assert {"owner", "due_before", "status"} <= params
    assert set(PlacementStatus.values) <= set(schemas["PlacementStatusEnum"]["enum"])
