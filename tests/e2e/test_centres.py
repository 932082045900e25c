"""A virksomhedscenter in the browser (issue 7): a consultant finds the centre in the list, fills
its one seat from the waiting list, first come first served, and cannot overbook it: the next
candidate is warned that the centre is full and nothing is saved. Every page is checked for
accessibility and CSP violations."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tenancy import tenant_scope
from partnerships import services
from placements.models import Placement
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company
from tests.e2e.test_shell import sign_in_with_code
from tests.factories import make_personas
from tests.partnerships.factories import make_centre

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True)
def test_a_consultant_fills_the_last_seat_from_the_waiting_list_and_cannot_overbook(
    visitor,
) -> None:
    personas = make_personas()
    with tenant_scope(personas.roskilde):
        # A new contract (a week old): too young to be flagged as under-used.
        centre = make_centre(
            company=make_company(name="Lagerhuset Roskilde A/S", city="Roskilde"),
            name="Virksomhedscenter Lager",
            seats=1,
            starts_on=timezone.localdate() - timedelta(days=7),
        )
        make_centre(company=make_company(name="Kantinen ApS"), name="Virksomhedscenter Kantine")
        for first_name, last_name in (("Yasmin", "Hansen"), ("Omar", "Jensen")):
            services.waiting_list_add(
                actor=None,
                contract=centre,
                candidate=make_candidate(first_name=first_name, last_name=last_name),
            )

    page = visitor.visit("/konto/login/")
    sign_in_with_code(page, "consultant@roskilde.example")
    page.get_by_role("navigation", name="Hovedmenu").first.get_by_role(
        "link", name="Aftaler", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aftaler")
    visitor.visit("/roskilde/aftaler/virksomhedscentre/")
    expect(page.get_by_text("2 virksomhedscentre", exact=True)).to_be_visible()

    page.get_by_label("Søg (virksomhed, CVR-nummer eller navn)").fill("lager")
    page.get_by_role("button", name="Filtrér").click()
    expect(page.get_by_text("1 virksomhedscenter", exact=True)).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Virksomhedscenter Lager"))
    expect(row).to_contain_text("0 af 1")
    expect(page.get_by_role("link", name="Virksomhedscenter Kantine")).to_have_count(0)
    visitor.check_page("centre list, searched")
    row.get_by_role("link", name="Virksomhedscenter Lager").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Virksomhedscenter Lager")
    expect(page.get_by_text("0 af 1 besat")).to_be_visible()
    visitor.check_page("centre page, one free seat")
    waiting = page.get_by_role("table", name="Venteliste")
    expect(waiting.locator("tbody tr")).to_have_count(2)
    yasmin = waiting.locator("tbody tr").nth(0)
    omar = waiting.locator("tbody tr").nth(1)
    expect(yasmin).to_contain_text("1")
    expect(yasmin).to_contain_text("Yasmin Hansen")
    expect(omar).to_contain_text("2")
    expect(omar).to_contain_text("Omar Jensen")
    # The address of Omar's "Tildel plads", as a second tab or a bookmark would keep it.
    omar_assign = omar.get_by_role("link", name="Tildel plads").get_attribute("href")
    assert omar_assign

    yasmin.get_by_role("link", name="Tildel plads").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tildel plads")
    expect(page.get_by_text("Yasmin Hansen i Virksomhedscenter Lager")).to_be_visible()
    expect(page.get_by_text("1 ledig plads i dag.")).to_be_visible()
    visitor.check_page("Tildel plads for Yasmin")
    page.get_by_label("Forløbstype").select_option(label="Virksomhedspraktik")
    page.get_by_label("Timer pr. uge").fill("20")
    page.get_by_role("button", name="Tildel plads").click()

    expect(
        page.get_by_text(re.compile("Yasmin Hansen har fået en plads i Virksomhedscenter Lager"))
    ).to_be_visible()
    seats = page.get_by_role("table", name="Forløb, der fylder pladserne")
    expect(seats.get_by_role("link", name="Yasmin Hansen")).to_be_visible()
    expect(page.get_by_text("1 af 1 besat")).to_be_visible()
    expect(page.get_by_text("0 ledige pladser.")).to_be_visible()
    # The full centre offers no seat: Omar is alone on the list, without "Tildel plads".
    waiting = page.get_by_role("table", name="Venteliste")
    expect(waiting.locator("tbody tr")).to_have_count(1)
    expect(waiting).to_contain_text("Omar Jensen")
    expect(page.get_by_role("link", name="Tildel plads")).to_have_count(0)
    visitor.check_page("centre page, full")

    visitor.visit(omar_assign)
    expect(page.get_by_text("Omar Jensen i Virksomhedscenter Lager")).to_be_visible()
    expect(page.get_by_role("heading", name="Virksomhedscentret er fuldt")).to_be_visible()
    expect(page.get_by_text(re.compile("Den ene plads er besat i dag"))).to_be_visible()
    page.get_by_role("button", name="Tildel plads").click()
    expect(page.get_by_role("heading", name="Der er ingen ledig plads")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Virksomhedscenter Lager er fuldt")
    visitor.check_page("Tildel plads for Omar, refused")

    with tenant_scope(personas.roskilde):
        linked = Placement.objects.filter(centre_contract=centre)
        assert linked.count() == 1
        assert linked.get().candidate.first_name == "Yasmin"

    visitor.visit("/roskilde/aftaler/virksomhedscentre/?q=lager")
    row = page.get_by_role("row", name=re.compile("Virksomhedscenter Lager"))
    expect(row).to_contain_text("1 af 1")
    expect(row).to_contain_text("Fuldt")
