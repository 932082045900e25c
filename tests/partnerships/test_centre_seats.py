"""The waiting list and "Tildel plads" on the virksomhedscenter page: first come first served,
withdrawal after a confirmation, and a seat that a full centre refuses with nothing saved."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.tenancy import tenant_scope
from partnerships import services
from partnerships.models import WaitingListEntry
from placements.models import Placement
from tests.candidates.factories import make_candidate
from tests.factories import Personas, sign_in
from tests.partnerships.factories import make_centre
from tests.placements.factories import make_placement, placement_type

pytestmark = pytest.mark.django_db
TODAY = date(2026, 2, 2)


def url(name: str, **kwargs: object) -> str:
    return reverse(f"partnerships:{name}", kwargs={"jobcenter": "roskilde", **kwargs})


def text(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(response.content.decode().split())


@pytest.fixture
def consultant(personas: Personas) -> Client:
    return sign_in(Client(), personas.consultant_a)


def assign_data(personas: Personas) -> dict[str, str]:
    with tenant_scope(personas.roskilde):
        internship = placement_type()
    return {
        "placement_type": str(internship.public_id),
        "planned_start": "2026-02-09",
        "planned_end": "2026-05-08",
        "hours_per_week": "20",
        "consultant": str(personas.consultant_a.public_id),
    }


@time_machine.travel(TODAY)
def test_candidates_are_added_found_by_name_and_listed_first_in_first_out(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        centre = make_centre()
        first = make_candidate(first_name="Bente", last_name="Først")
        second = make_candidate(first_name="Asger", last_name="Anden")
    address = url("centre_waiting_add", public_id=centre.public_id)
    found = consultant.get(address, {"q": "Asger"})
    consultant.post(address, {"candidate": str(first.public_id), "note": "Kan starte straks"})
    added = consultant.post(address, {"candidate": str(second.public_id)}, follow=True)
    twice = consultant.post(address, {"candidate": str(first.public_id)})

    assert "Asger Anden" in text(found) and "Bente Først" not in text(found)
    page = text(added)
    assert "Asger Anden står nu på ventelisten" in page
    waiting = page[page.index('id="venteliste"') :]
    # First come, first served: Bente came first, whatever the alphabet says.
    assert waiting.index("Bente Først") < waiting.index("Asger Anden")
    assert '<td>1</td> <th scope="row"><a' in waiting and "Kan starte straks" in waiting
    assert '<td>2</td> <th scope="row"><a' in waiting
    assert twice.status_code == 400
    assert "Kandidaten står allerede på ventelisten" in text(twice)
    with tenant_scope(personas.roskilde):
        assert WaitingListEntry.objects.filter(contract=centre).count() == 2


@time_machine.travel(TODAY)
def test_a_candidate_is_taken_off_the_list_only_after_confirming(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        centre = make_centre()
        entry = services.waiting_list_add(
            actor=None, contract=centre, candidate=make_candidate(first_name="Carl")
        )
    address = url("centre_waiting_withdraw", public_id=centre.public_id, entry_id=entry.public_id)

    asked = consultant.get(address)
    with tenant_scope(personas.roskilde):
        still = WaitingListEntry.objects.get().status
    done = consultant.post(address, follow=True)

    assert "Vil du tage Carl Testesen af ventelisten" in text(asked)
    assert still == "waiting"
    assert "Carl Testesen er taget af ventelisten" in text(done)
    assert "Ingen står på ventelisten" in text(done)
    with tenant_scope(personas.roskilde):
        assert WaitingListEntry.objects.get().status == "withdrawn"


@time_machine.travel(TODAY)
def test_a_seat_is_filled_from_the_waiting_list(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        centre = make_centre(seats=2)
        entry = services.waiting_list_add(
            actor=None, contract=centre, candidate=make_candidate(first_name="Dina")
        )
    data = assign_data(personas)
    address = (
        url("centre_seat_assign", public_id=centre.public_id) + f"?venteliste={entry.public_id}"
    )

    form = consultant.get(address)
    done = consultant.post(address, data, follow=True)

    assert "Dina Testesen i Virksomhedscenter Lager" in text(form)
    assert "2 ledige pladser i dag" in text(form)
    assert "Dina Testesen har fået en plads i Virksomhedscenter Lager fra 09.02.2026" in text(done)
    with tenant_scope(personas.roskilde):
        placement = Placement.objects.get()
        assert placement.centre_contract == centre and placement.company == centre.company
        assert placement.planned_start == date(2026, 2, 9)
        assert WaitingListEntry.objects.get().status == "seated"


@time_machine.travel(TODAY)
def test_a_full_centre_refuses_the_seat_with_a_message_and_saves_nothing(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        centre = make_centre(seats=1)
        make_placement(
            personas.consultant_a,
            company=centre.company,
            centre_contract=centre,
            planned_start=date(2026, 1, 5),
            planned_end=None,
        )
        entry = services.waiting_list_add(
            actor=None, contract=centre, candidate=make_candidate(first_name="Erik")
        )
    address = (
        url("centre_seat_assign", public_id=centre.public_id) + f"?venteliste={entry.public_id}"
    )

    warned = consultant.get(address)
    refused = consultant.post(address, assign_data(personas))
    page = consultant.get(url("centre_detail", public_id=centre.public_id))

    assert "Virksomhedscentret er fuldt" in text(warned)
    assert "Den ene plads er besat i dag" in text(warned)
    assert refused.status_code == 409
    assert "Virksomhedscenter Lager er fuldt: den ene plads er besat" in text(refused)
    assert "Tildel plads" not in text(page)
    with tenant_scope(personas.roskilde):
        assert Placement.objects.filter(centre_contract=centre).count() == 1
        assert WaitingListEntry.objects.get().status == "waiting"


@time_machine.travel(TODAY)
def test_the_seat_form_explains_its_errors(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        centre = make_centre(seats=1)
        candidate = make_candidate(first_name="Frida")
    address = (
        url("centre_seat_assign", public_id=centre.public_id) + f"?kandidat={candidate.public_id}"
    )

    chooser = consultant.get(url("centre_seat_assign", public_id=centre.public_id), {"q": "Frida"})
    empty = consultant.post(address, {})
    backwards = consultant.post(address, {**assign_data(personas), "planned_end": "2026-01-01"})

    assert "Frida Testesen" in text(chooser)
    assert empty.status_code == 400
    assert "Vælg en forløbstype" in text(empty) and "Skriv startdatoen" in text(empty)
    assert "Slutdatoen ligger før startdatoen" in text(backwards)
    with tenant_scope(personas.roskilde):
        assert not Placement.objects.exists()
