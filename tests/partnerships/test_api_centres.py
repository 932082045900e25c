"""The partnerships REST API, virksomhedscentre (issue 7, item 8): occupancy, contracts,
waiting lists (read through the access log), 400 on the field and no query per row."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AccessLog
from accounts.tenancy import tenant_scope
from candidates import services as candidate_services
from companies import services as company_services
from partnerships import services, services_api
from partnerships.models import CentreContract, WaitingListEntry
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company
from tests.companies.test_api import token_for
from tests.partnerships.factories import make_agreement, make_centre
from tests.partnerships.test_api_agreements import Api
from tests.placements.factories import make_placement

pytestmark = pytest.mark.django_db

TODAY = date(2026, 7, 2)
CENTRES = "/api/v1/roskilde/virksomhedscentre/"


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(TODAY):
        yield


@pytest.fixture
def api(personas) -> Api:
    return Api(token_for(personas.roskilde, personas.consultant_a))


def seat(personas: Any, contract: CentreContract, **fields: Any) -> Any:
    dates = {"planned_start": date(2026, 6, 1), "planned_end": date(2026, 8, 28)}
    return make_placement(
        personas.consultant_a,
        company=contract.company,
        centre_contract=contract,
        **(dates | fields),
    )


def log_rows(personas: Any) -> list[tuple[str, str]]:
    with tenant_scope(personas.roskilde):
        return list(AccessLog.objects.order_by("pk").values_list("action", "object_id"))


def test_a_centre_shows_its_occupancy_today(api: Api, personas) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Lageret ApS")
        workplace = company_services.workplace_create(actor=None, company=company, name="Lager")
        contract = make_centre(company=company, workplace=workplace, seats=3)
        seat(personas, contract)
        # One that ended last month holds no seat.
        seat(personas, contract, planned_start=date(2026, 4, 1), planned_end=date(2026, 6, 1))
        services.waiting_list_add(
            actor=None, contract=contract, candidate=make_candidate(first_name="Venter")
        )

    response = api.get(f"{CENTRES}{contract.public_id}/")

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Virksomhedscenter Lager"
    assert body["company"] == {"public_id": str(company.public_id), "name": "Lageret ApS"}
    assert body["workplace"] == str(workplace.public_id)
    assert body["occupancy"] == {"seats": 3, "taken": 1, "free": 2, "waiting": 1}
    assert body["starts_on"] == "2026-01-01" and body["ends_on"] is None


def test_a_centre_is_registered_with_target_groups_and_mentors_and_bad_ones_refused(
    api: Api, personas
) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Lageret ApS")
        other = make_company(name="Naboen ApS")
        mentor = company_services.contact_create(actor=None, company=company, name="Mona")
        strangers = company_services.contact_create(actor=None, company=other, name="Ole")
        elsewhere = company_services.workplace_create(actor=None, company=other, name="Nabo")
        agreement = make_agreement(personas.consultant_a, company=company)
        group = candidate_services.target_groups_ensure_defaults()[0]
    good = {
        "company": str(company.public_id),
        "name": "Lagercentret",
        "seats": 4,
        "starts_on": "2026-08-01",
        "ends_on": "2027-07-31",
        "payment_per_seat_month": "1500.00",
        "mentor_hours_per_week": 6,
        "agreement": str(agreement.public_id),
        "target_groups": [group.name],
        "mentors": [{"contact": str(mentor.public_id), "hours_per_week": 3}],
    }

    created = api.post(CENTRES, good)

    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["occupancy"] == {"seats": 4, "taken": 0, "free": 4, "waiting": 0}
    assert body["agreement"] == str(agreement.public_id)
    assert body["payment_per_seat_month"] == 1500.0
    assert body["target_groups"] == [group.name]
    assert body["mentors"] == [
        {"contact": str(mentor.public_id), "name": "Mona", "hours_per_week": 3.0}
    ]

    cases = {
        "ends_on": {"ends_on": "2026-07-01"},
        "workplace": {"workplace": str(elsewhere.public_id)},
        "mentors": {"mentors": [{"contact": str(strangers.public_id), "hours_per_week": 1}]},
        "seats": {"seats": 0},
        "target_groups": {"target_groups": ["Ingen sådan gruppe"]},
    }
    for field, change in cases.items():
        response = api.post(CENTRES, good | change)
        assert response.status_code == 400, field
        assert set(response.json()) == {field}, response.json()
    with tenant_scope(personas.roskilde):
        assert CentreContract.objects.count() == 1


def test_a_centre_cannot_be_given_fewer_seats_than_are_taken(api: Api, personas) -> None:
    with tenant_scope(personas.roskilde):
        contract = make_centre(seats=2)
        seat(personas, contract)
        seat(personas, contract)
    url = f"{CENTRES}{contract.public_id}/"

    fewer = api.patch(url, {"seats": 1})
    assert fewer.status_code == 400
    assert "2 pladser er besat" in fewer.json()["seats"][0]

    more = api.patch(url, {"seats": 5, "name": "Større center"})
    assert more.status_code == 200
    assert more.json()["occupancy"] == {"seats": 5, "taken": 2, "free": 3, "waiting": 0}


def test_the_list_filters_and_costs_the_same_queries_for_many_centres(
    api: Api, personas, django_assert_max_num_queries
) -> None:
    def add(n: int, seats: int) -> None:
        with tenant_scope(personas.roskilde):
            company = make_company(name=f"Firma {n}")
            mentor = company_services.contact_create(actor=None, company=company, name="Mona")
            for i in range(n):
                contract = make_centre(company=company, name=f"Center {n}-{i}", seats=seats)
                services_api.centre_links_set(
                    actor=None,
                    contract=contract,
                    target_groups=candidate_services.target_groups_ensure_defaults()[:1],
                    mentors=[(mentor, 2)],
                )
                seat(personas, contract)

    add(2, 1)
    with CaptureQueriesContext(connection) as few:
        assert api.get(CENTRES).status_code == 200
    add(8, 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = api.get(CENTRES, {"page_size": 100})
    assert response.json()["count"] == 10

    def names(**params: Any) -> list[str]:
        return [row["name"] for row in api.get(CENTRES, params).json()["results"]]

    assert names(has_free_seats="false") == ["Center 2-0", "Center 2-1"]
    assert len(names(has_free_seats="true")) == 8
    assert names(search="center 2-") == ["Center 2-0", "Center 2-1"]
    assert len(names(current="true")) == 10 and names(current="false") == []
    assert api.get(CENTRES, {"has_free_seats": "kanske"}).status_code == 400


def test_the_waiting_list_is_read_through_the_access_log_and_added_to(api: Api, personas) -> None:
    with tenant_scope(personas.roskilde):
        contract = make_centre(seats=1)
        first = make_candidate(first_name="Første", last_name="Jensen")
        second = make_candidate(first_name="Anden", last_name="Hansen")
        services.waiting_list_add(actor=None, contract=contract, candidate=first)
    url = f"{CENTRES}{contract.public_id}/waiting-list/"
    before = len(log_rows(personas))

    added = api.post(url, {"candidate": str(second.public_id), "note": "Kan starte straks"})

    assert added.status_code == 201, added.json()
    assert added.json()["position"] == 2
    assert added.json()["candidate"] == {
        "public_id": str(second.public_id),
        "first_name": "Anden",
        "last_name": "Hansen",
    }
    assert added.json()["added_by"] == "consultant@roskilde.example"
    assert log_rows(personas)[before:] == [("view", str(second.public_id))]

    listed = api.get(url)
    assert listed.status_code == 200
    assert [(e["position"], e["candidate"]["first_name"]) for e in listed.json()] == [
        (1, "Første"),
        (2, "Anden"),
    ]
    assert "cpr" not in str(listed.json()).lower()
    assert log_rows(personas)[before + 1 :] == [
        ("list", str(first.public_id)),
        ("list", str(second.public_id)),
    ]

    twice = api.post(url, {"candidate": str(second.public_id)})
    assert twice.status_code == 400
    assert twice.json() == {"candidate": ["Kandidaten står allerede på ventelisten."]}
    unknown = api.post(url, {"candidate": "00000000-0000-0000-0000-000000000000"})
    assert unknown.status_code == 400 and "candidate" in unknown.json()
    with tenant_scope(personas.roskilde):
        assert WaitingListEntry.objects.count() == 2


def test_a_patch_with_a_mentor_missing_its_contact_answers_400_on_the_item(
    api: Api, personas
) -> None:
    with tenant_scope(personas.roskilde):
        contract = make_centre(make_company(name="Centret ApS"))

    response = api.patch(f"{CENTRES}{contract.public_id}/", {"mentors": [{"hours_per_week": 1}]})

    assert response.status_code == 400
    assert response.json() == {"mentors": {"0": {"contact": ["Dette felt er påkrævet."]}}}
