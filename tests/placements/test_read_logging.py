"""Reads that show a person outside the candidate pages: each writes the access log, one row per
person shown, in the name of whoever saw it; and a list's queries do not grow with its rows
(the rows are written in one statement)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import AccessLog, User
from accounts.tenancy import tenant_scope
from candidates.models import Candidate
from companies.models import Company
from placements import presentations
from placements.models import FollowUp, Notification, Placement
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company
from tests.companies.test_api import token_for
from tests.factories import Personas, sign_in
from tests.placements.factories import make_placement

pytestmark = pytest.mark.django_db

START = date(2026, 12, 1)


def rows(personas: Personas, action: str) -> list[tuple[int | None, str]]:
    with tenant_scope(personas.roskilde):
        return sorted(
            AccessLog.objects.filter(action=action).values_list("user_id", "object_id"),
            key=str,
        )


def shown(user: User, *candidates: Candidate) -> list[tuple[int | None, str]]:
    return sorted(((user.pk, str(c.public_id)) for c in candidates), key=str)


def present(personas: Personas, company: Company, first_name: str) -> Candidate:
    candidate = make_candidate(first_name=first_name, last_name="Præsenteret")
    presentations.presentation_create(
        actor=personas.consultant_a, candidate=candidate, company=company
    )
    return candidate


def queries(fn) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


# --- the company's contact log ----------------------------------------------------------------


def test_the_company_page_logs_the_candidates_its_presentations_name(personas) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Lageret ApS")
        anna, bo = present(personas, company, "Anna"), present(personas, company, "Bo")
    manager = sign_in(Client(), personas.manager_a)

    page = manager.get(f"/roskilde/virksomheder/{company.public_id}/")

    assert "Kandidaten Anna er præsenteret" in page.content.decode()
    assert rows(personas, "contact_log") == shown(personas.manager_a, anna, bo)
    # The timeline alone, as htmx asks for it, is a read too.
    manager.get(f"/roskilde/virksomheder/{company.public_id}/", headers={"HX-Request": "true"})
    assert len(rows(personas, "contact_log")) == 4


def test_the_company_page_s_queries_do_not_grow_with_the_presentations(personas) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Lageret ApS")
        present(personas, company, "Første")
    manager = sign_in(Client(), personas.manager_a)
    page = f"/roskilde/virksomheder/{company.public_id}/"
    manager.get(page)

    few = queries(lambda: manager.get(page))
    with tenant_scope(personas.roskilde):
        for i in range(8):
            present(personas, company, f"Nummer{i}")
    many = queries(lambda: manager.get(page))

    assert many == few
    assert len(rows(personas, "contact_log")) == 1 + 1 + 9


def test_the_contact_log_api_logs_the_candidates_its_presentations_name(personas) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Lageret ApS")
        anna = present(personas, company, "Anna")
    api = Client(
        headers={"authorization": "Bearer " + token_for(personas.roskilde, personas.manager_a)}
    )
    url = f"/api/v1/roskilde/companies/{company.public_id}/activities/"

    response = api.get(url)

    assert response.status_code == 200
    assert "Anna" in response.json()["results"][0]["summary"]
    assert rows(personas, "contact_log") == shown(personas.manager_a, anna)

    few = queries(lambda: api.get(url))
    with tenant_scope(personas.roskilde):
        for i in range(8):
            present(personas, company, f"Nummer{i}")
    assert queries(lambda: api.get(url)) == few


# --- the calendar feed ------------------------------------------------------------------------


def feed_address(personas: Personas) -> str:
    client = sign_in(Client(), personas.consultant_a)
    response = client.post("/roskilde/mine-indstillinger/kalender/")
    match = re.search(r'id="calendar-url" value="([^"]+)"', response.content.decode())
    assert match is not None
    return match.group(1).removeprefix("http://localhost:8000")


def placement_of(personas: Personas, first_name: str) -> Placement:
    return make_placement(
        personas.consultant_a,
        candidate=make_candidate(first_name=first_name, last_name="Kalender"),
        planned_start=START,
        planned_end=date(2027, 2, 26),
    )


def test_every_fetch_of_the_calendar_feed_logs_the_candidates_it_names(personas) -> None:
    with tenant_scope(personas.roskilde):
        sofie = placement_of(personas, "Sofie").candidate
        maja = placement_of(personas, "Maja").candidate
    address = feed_address(personas)

    body = Client().get(address).content.decode()

    assert "Sofie" in body and "Maja" in body
    # In the name of the feed's owner, whose calendar program asked.
    assert rows(personas, "calendar") == shown(personas.consultant_a, sofie, maja)
    Client().get(address)
    assert len(rows(personas, "calendar")) == 4


def test_the_calendar_feed_s_queries_do_not_grow_with_its_events(personas) -> None:
    with tenant_scope(personas.roskilde):
        placement_of(personas, "Første")
    address = feed_address(personas)
    Client().get(address)

    few = queries(lambda: Client().get(address))
    with tenant_scope(personas.roskilde):
        for i in range(6):
            placement_of(personas, f"Nummer{i}")
    many = queries(lambda: Client().get(address))

    assert many == few


# --- follow-ups and the bell ------------------------------------------------------------------


def test_the_follow_up_pages_and_items_that_name_the_candidate_log_it(personas) -> None:
    with tenant_scope(personas.roskilde):
        placement = placement_of(personas, "Sofie")
        followup = FollowUp.objects.filter(placement=placement).order_by("due_on").first()
    candidate = placement.candidate
    consultant = sign_in(Client(), personas.consultant_a)

    add = consultant.get(f"/roskilde/forloeb/{placement.public_id}/opfoelgning/ny/")
    edit = consultant.get(f"/roskilde/forloeb/opfoelgninger/{followup.public_id}/ret/")
    assert "Sofie" in add.content.decode() and "Sofie" in edit.content.decode()
    assert rows(personas, "view") == shown(personas.consultant_a, candidate, candidate)

    # Ticked off on Min dag with htmx: the item swapped in names the candidate.
    item = consultant.post(
        f"/roskilde/forloeb/opfoelgninger/{followup.public_id}/udfoert/",
        {"context": "day"},
        headers={"HX-Request": "true"},
    )
    assert "Sofie" in item.content.decode()
    assert len(rows(personas, "view")) == 3


def test_marking_a_notification_read_with_htmx_logs_the_candidate_its_row_names(
    personas,
) -> None:
    with tenant_scope(personas.roskilde):
        placement = placement_of(personas, "Sofie")
        followup = FollowUp.objects.filter(placement=placement).order_by("due_on").first()
        notification = Notification.objects.create(
            user=personas.consultant_a,
            followup=followup,
            kind="due",
            day=followup.due_on,
            text=followup.label,
        )
    consultant = sign_in(Client(), personas.consultant_a)

    row = consultant.post(
        f"/roskilde/notifikationer/{notification.public_id}/laest/",
        headers={"HX-Request": "true"},
    )

    assert "Sofie" in row.content.decode()
    assert rows(personas, "view") == shown(personas.consultant_a, placement.candidate)


def test_completing_a_follow_up_on_the_placement_page_names_nobody_and_logs_nothing(
    personas,
) -> None:
    with tenant_scope(personas.roskilde):
        placement = placement_of(personas, "Sofie")
        followup = FollowUp.objects.filter(placement=placement).order_by("due_on").first()
    consultant = sign_in(Client(), personas.consultant_a)

    item = consultant.post(
        f"/roskilde/forloeb/opfoelgninger/{followup.public_id}/udfoert/",
        {"notes": "Godt i gang"},
        headers={"HX-Request": "true"},
    )

    assert "Sofie" not in item.content.decode()
    assert rows(personas, "view") == []
    with tenant_scope(personas.roskilde):
        assert FollowUp.objects.get(pk=followup.pk).status == "done"
