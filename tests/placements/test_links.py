"""Placements linked to an agreement, a virksomhedscenter and a jobpakke (issue 7, item 8), in
the placements API and on the placement form: the company's own only (another company's is a
Danish error on the field, nothing saved), and a full virksomhedscenter refuses the placement
whichever path it comes by, also when two come at the same moment."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.tenancy import tenant_scope
from partnerships import services as partnership_services
from partnerships import services_api
from partnerships.models import JobPackage, WaitingListEntry
from placements.models import Placement
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company
from tests.companies.test_api import token_for
from tests.factories import sign_in
from tests.partnerships.factories import make_agreement, make_centre
from tests.placements.factories import make_placement, placement_type

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)
PLACEMENTS = "/api/v1/roskilde/placements/"


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(TODAY):
        yield


class Api:
    def __init__(self, token: str) -> None:
        self.client = Client(headers={"authorization": f"Bearer {token}"})

    def get(self, url: str) -> Any:
        return self.client.get(url)

    def post(self, url: str, body: Any) -> Any:
        return self.client.post(url, body, content_type="application/json")

    def patch(self, url: str, body: Any) -> Any:
        return self.client.patch(url, body, content_type="application/json")


@pytest.fixture
def api(personas) -> Api:
    return Api(token_for(personas.roskilde, personas.consultant_a))


@pytest.fixture
def links(personas) -> dict[str, Any]:
    """The bakery's agreement, virksomhedscenter (one seat) and jobpakke, the same of a
    neighbour, and a candidate."""
    with tenant_scope(personas.roskilde):
        made: dict[str, Any] = {}
        for key, name in (("own", "Bageriet ApS"), ("other", "Naboen ApS")):
            company = make_company(name=name)
            made[key] = {
                "company": company,
                "agreement": make_agreement(
                    personas.consultant_a, company=company, title=f"Aftale med {name}"
                ),
                "centre": make_centre(company=company, name=f"Center hos {name}", seats=1),
                "package": partnership_services.job_package_save(
                    actor=None, package=JobPackage(), company=company, title=f"Pakke hos {name}"
                ),
            }
        made["candidate"] = make_candidate(first_name="Anna")
    return made


def body(links: dict[str, Any], **changes: Any) -> dict[str, Any]:
    own = links["own"]
    return {
        "candidate": str(links["candidate"].public_id),
        "company": str(own["company"].public_id),
        "type": "internship",
        "planned_start": "2026-12-01",
        "planned_end": "2027-02-26",
        "agreement": str(own["agreement"].public_id),
        "virksomhedscenter": str(own["centre"].public_id),
        "jobpakke": str(own["package"].public_id),
    } | changes


# --- the API -------------------------------------------------------------------------------------


def test_the_api_links_a_placement_and_shows_the_links(api: Api, links, personas) -> None:
    own = links["own"]
    with tenant_scope(personas.roskilde):
        partnership_services.waiting_list_add(
            actor=None, contract=own["centre"], candidate=links["candidate"]
        )

    created = api.post(PLACEMENTS, body(links))

    assert created.status_code == 201, created.json()
    placement = created.json()
    assert placement["agreement"] == str(own["agreement"].public_id)
    assert placement["virksomhedscenter"] == str(own["centre"].public_id)
    assert placement["jobpakke"] == str(own["package"].public_id)
    assert api.get(f"{PLACEMENTS}{placement['public_id']}/").json()["jobpakke"] == (
        str(own["package"].public_id)
    )
    listed = api.get(PLACEMENTS).json()["results"]
    assert listed[0]["virksomhedscenter"] == str(own["centre"].public_id)
    with tenant_scope(personas.roskilde):
        # The seat was taken: the candidate has left the waiting list.
        assert WaitingListEntry.objects.get().status == "seated"

    unlinked = api.patch(
        f"{PLACEMENTS}{placement['public_id']}/",
        {"agreement": None, "virksomhedscenter": None, "jobpakke": None},
    )
    assert unlinked.status_code == 200, unlinked.json()
    assert (
        unlinked.json()["agreement"],
        unlinked.json()["virksomhedscenter"],
        unlinked.json()["jobpakke"],
    ) == (None, None, None)


def test_the_api_refuses_another_companys_agreement_centre_and_jobpakke(
    api: Api, links, personas
) -> None:
    other = links["other"]
    cases = {
        "agreement": (other["agreement"], "Aftalen er indgået med en anden virksomhed."),
        "virksomhedscenter": (
            other["centre"],
            "Virksomhedscentret hører til en anden virksomhed.",
        ),
        "jobpakke": (other["package"], "Jobpakken hører til en anden virksomhed."),
    }
    for field, (obj, message) in cases.items():
        response = api.post(PLACEMENTS, body(links, **{field: str(obj.public_id)}))
        assert response.status_code == 400, field
        assert response.json() == {field: [message]}

    unknown = api.post(PLACEMENTS, body(links, jobpakke="00000000-0000-0000-0000-000000000000"))
    assert unknown.status_code == 400
    assert unknown.json() == {"jobpakke": ["Ingen jobpakke med dette public_id."]}
    with tenant_scope(personas.roskilde):
        assert not Placement.objects.exists()


def test_the_api_cannot_overbook_a_virksomhedscenter(api: Api, links, personas) -> None:
    own = links["own"]
    with tenant_scope(personas.roskilde):
        make_placement(personas.consultant_a, company=own["company"], centre_contract=own["centre"])
        elsewhere = make_placement(personas.consultant_a, company=own["company"])
    full = "Center hos Bageriet ApS er fuldt: den ene plads er besat."

    created = api.post(PLACEMENTS, body(links))
    moved = api.patch(
        f"{PLACEMENTS}{elsewhere.public_id}/", {"virksomhedscenter": str(own["centre"].public_id)}
    )

    assert created.status_code == 400 and created.json() == {"virksomhedscenter": [full]}
    assert moved.status_code == 400 and moved.json() == {"virksomhedscenter": [full]}
    with tenant_scope(personas.roskilde):
        assert Placement.objects.filter(centre_contract=own["centre"]).count() == 1
        assert Placement.objects.filter(candidate=links["candidate"]).count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_seat_assignment_and_an_api_placement_at_the_same_moment_take_one_seat() -> None:
    from tests.factories import make_personas

    personas = make_personas()
    with tenant_scope(personas.roskilde):
        centre = make_centre(seats=1)
        first, second = (make_candidate(first_name=f"Kandidat {i}") for i in range(2))
        internship = placement_type()
    barrier = threading.Barrier(2)
    results: list[str] = []

    def by_waiting_list() -> None:
        partnership_services.seat_assign(
            actor=personas.consultant_a,
            contract=centre,
            candidate=first,
            placement_type=internship,
            planned_start=TODAY,
            planned_end=None,
            consultant=personas.consultant_a,
        )

    def by_placement() -> None:
        services_api.placement_create_seated(
            actor=personas.consultant_a,
            candidate=second,
            company=centre.company,
            centre_contract=centre,
            placement_type=internship,
            planned_start=TODAY,
            consultant=personas.consultant_a,
        )

    def run(assign: Any) -> None:
        try:
            with tenant_scope(personas.roskilde):
                barrier.wait(timeout=10)
                assign()
            results.append("seated")
        except Exception as error:  # noqa: BLE001 - the refusal is what is counted
            results.append("full" if "er fuldt" in str(error) else repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(f,)) for f in (by_waiting_list, by_placement)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results) == ["full", "seated"]
    with tenant_scope(personas.roskilde):
        assert Placement.objects.filter(centre_contract=centre).count() == 1


# --- the placement form ------------------------------------------------------------------------


def url(name: str, **kwargs: object) -> str:
    return reverse(f"placements:{name}", kwargs={"jobcenter": "roskilde", **kwargs})


def text(response: Any) -> str:
    return " ".join(response.content.decode().split())


def form_data(links: dict[str, Any], personas: Any, **changes: Any) -> dict[str, Any]:
    own = links["own"]
    with tenant_scope(personas.roskilde):
        internship = placement_type()
    return {
        "placement_type": str(internship.public_id),
        "planned_start": "2026-12-01",
        "planned_end": "2027-02-26",
        "consultant": str(personas.consultant_a.public_id),
        "agreement": str(own["agreement"].public_id),
        "centre_contract": str(own["centre"].public_id),
        "job_package": str(own["package"].public_id),
    } | changes


def new_url(links: dict[str, Any]) -> str:
    return (
        url("new")
        + f"?kandidat={links['candidate'].public_id}&virksomhed={links['own']['company'].public_id}"
    )


def test_the_form_offers_the_companys_own_and_links_the_placement(links, personas) -> None:
    consultant = sign_in(Client(), personas.consultant_a)

    page = consultant.get(new_url(links))
    created = consultant.post(new_url(links), form_data(links, personas), follow=True)

    assert page.status_code == 200
    assert "Aftale med Bageriet ApS" in text(page)
    assert "Center hos Bageriet ApS (0 af 1 pladser besat)" in text(page)
    assert "Pakke hos Bageriet ApS" in text(page)
    assert "Naboen ApS" not in text(page)
    assert "Forløbet er oprettet" in text(created)
    with tenant_scope(personas.roskilde):
        placement = Placement.objects.get(candidate=links["candidate"])
        assert placement.agreement == links["own"]["agreement"]
        assert placement.centre_contract == links["own"]["centre"]
        assert placement.job_package == links["own"]["package"]

    edit = consultant.get(url("edit", public_id=placement.public_id))
    assert f'value="{links["own"]["centre"].public_id}" selected' in edit.content.decode()
    # The centre is full now, by this placement itself: saving it again is no overbooking.
    saved = consultant.post(
        url("edit", public_id=placement.public_id),
        form_data(links, personas, planned_end="2027-02-19"),
    )
    assert saved.status_code == 302
    with tenant_scope(personas.roskilde):
        placement.refresh_from_db()
        assert placement.planned_end == date(2027, 2, 19)
        assert placement.centre_contract == links["own"]["centre"]


def test_the_form_refuses_another_companys_agreement_and_a_full_centre(links, personas) -> None:
    consultant = sign_in(Client(), personas.consultant_a)
    own, other = links["own"], links["other"]

    foreign = consultant.post(
        new_url(links),
        form_data(links, personas, agreement=str(other["agreement"].public_id)),
    )
    with tenant_scope(personas.roskilde):
        make_placement(personas.consultant_a, company=own["company"], centre_contract=own["centre"])
    full = consultant.post(new_url(links), form_data(links, personas))

    assert foreign.status_code == 200
    assert "den valgte hører til en anden virksomhed" in text(foreign)
    assert full.status_code == 200
    assert "Center hos Bageriet ApS er fuldt: den ene plads er besat." in text(full)
    with tenant_scope(personas.roskilde):
        assert not Placement.objects.filter(candidate=links["candidate"]).exists()
