"""The follow-up that was promised, in the browser: a consultant places a candidate, finds the
follow-ups on "Min dag", ticks one off in place; a manager sees who is behind."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tenancy import tenant_scope
from placements import services
from placements.models import FollowUp
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company
from tests.e2e.test_shell import sign_in_with_code
from tests.factories import make_personas
from tests.placements.factories import make_placement


@pytest.mark.django_db(transaction=True)
def test_a_consultant_places_a_candidate_and_keeps_the_follow_up(visitor, browser) -> None:
    personas = make_personas()
    today = timezone.localdate()
    with tenant_scope(personas.roskilde):
        make_candidate(first_name="Sigrid", last_name="Holm", consultant=personas.consultant_a)
        make_company(name="Roskilde Boghandel ApS", city="Roskilde")
        services.placement_types_ensure_defaults()
        # An older placement whose first follow-ups are overdue.
        older = make_placement(
            personas.consultant_a,
            candidate=make_candidate(first_name="Bashir", last_name="Nielsen"),
            company=make_company(name="Lagerhuset A/S"),
            planned_start=today - timedelta(days=21),
            planned_end=today + timedelta(days=60),
        )

    page = visitor.visit("/konto/login/")
    sign_in_with_code(page, "consultant@roskilde.example")
    page.get_by_role("navigation", name="Hovedmenu").first.get_by_role(
        "link", name="Forløb"
    ).click()
    visitor.check_page("placements list")
    page.get_by_role("link", name="Nyt forløb").click()
    page.get_by_label("Find kandidat (navn eller sagsnummer)").fill("sigrid")
    page.get_by_role("button", name="Søg").click()
    page.get_by_role("link", name="Sigrid Holm").click()
    page.get_by_label("Find virksomhed (navn, CVR- eller P-nummer)").fill("boghandel")
    page.get_by_role("button", name="Søg").click()
    page.get_by_role("link", name="Roskilde Boghandel ApS").click()
    visitor.check_page("new placement form")
    page.get_by_label("Type", exact=True).select_option(label="Virksomhedspraktik")
    page.get_by_label("Planlagt start").fill(today.isoformat())
    page.get_by_label(re.compile(r"^Planlagt slut")).fill((today + timedelta(weeks=13)).isoformat())
    page.get_by_role("button", name="Opret forløb").click()
    expect(
        page.get_by_text(re.compile(r"Forløbet er oprettet, og \d+ opfølgninger"))
    ).to_be_visible()
    expect(page.get_by_text("Dag 3: hvordan går det?", exact=True)).to_be_visible()
    visitor.check_page("placement page")

    page.get_by_role("link", name="Forside").first.click()
    expect(page.get_by_role("heading", name="Min dag")).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+ dage over")).first).to_be_visible()
    visitor.check_page("Min dag")
    item = page.locator(".followup-row", has_text="Bashir hos Lagerhuset A/S").first
    item.get_by_role("button", name=re.compile(r"Udført\s?: .* – Bashir hos Lagerhuset")).click()
    expect(item.get_by_text(re.compile(r"Udført \d\d\.\d\d\.\d{4}"))).to_be_visible()
    item.get_by_label(re.compile("Note til")).fill("Talte med mentor – godt i gang")
    item.get_by_role("button", name=re.compile("Gem note")).click()
    expect(page.get_by_text("Talte med mentor – godt i gang")).to_be_visible()
    visitor.check_page("Min dag, one follow-up ticked off with a note")

    with tenant_scope(personas.roskilde):
        still_overdue = FollowUp.objects.filter(
            placement=older, status="due", due_on__lt=today
        ).count()
    assert still_overdue >= 1

    manager_context = browser.new_context(locale="da-DK")
    manager = manager_context.new_page()
    manager.goto(visitor.base_url + "/konto/login/")
    sign_in_with_code(manager, "manager@roskilde.example")
    manager.goto(visitor.base_url + "/roskilde/forloeb/bagud/")
    row = manager.get_by_role("row", name=re.compile("Karen"))
    expect(row).to_contain_text(str(still_overdue))
    manager.get_by_role("link", name="Karen").click()
    expect(manager.get_by_text("Bashir hos Lagerhuset A/S").first).to_be_visible()
    manager_context.close()
