"""A consultant's day with the company register, in the browser: find a company by a misspelt
name, see who owns it and who called lately, log a visit with a next step, and find the next
step on the front page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tenancy import tenant_scope
from companies import services
from tests.companies.factories import make_company, purpose
from tests.e2e.test_shell import sign_in_with_code
from tests.factories import make_personas


@pytest.mark.django_db(transaction=True)
def test_a_consultant_finds_a_company_and_logs_a_visit_with_a_next_step(visitor) -> None:
    personas = make_personas()
    with tenant_scope(personas.roskilde):
        company = make_company(
            name="Søndergård Maskinfabrik A/S", city="Roskilde", key_account=personas.manager_a
        )
        make_company(name="Bageriet Brødkurven ApS", city="Roskilde")
        services.contact_create(actor=None, company=company, name="Hanne Hansen", role="hr")
        services.activity_create(
            actor=personas.admin_a,
            company=company,
            type="phone",
            purpose=purpose(),
            occurred_at=timezone.now() - timedelta(days=4),
            summary="Spurgte til sommerjob",
        )

    page = visitor.visit("/konto/login/")
    sign_in_with_code(page, "consultant@roskilde.example")
    expect(page.get_by_role("heading", name="Mine næste skridt")).to_be_visible()

    page = visitor.visit("/roskilde/virksomheder/")
    page.get_by_label("Søg på navn, CVR- eller P-nummer").fill("sondergaard maskinfabrik")
    page.get_by_role("button", name="Søg").click()
    results = page.locator("#company-results")
    expect(results.get_by_role("link", name="Søndergård Maskinfabrik A/S")).to_be_visible()
    expect(results.get_by_text("Brødkurven")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"q=sondergaard"))
    visitor.check_page("company list, searched")

    results.get_by_role("link", name="Søndergård Maskinfabrik A/S").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Søndergård Maskinfabrik")
    entrance = page.locator("section", has=page.get_by_role("heading", name="Én indgang"))
    expect(entrance).to_contain_text("Mads")
    expect(entrance).to_contain_text("Anne")
    visitor.check_page("company page")

    page.get_by_role("link", name="Log kontakt").click()
    expect(page.get_by_text("Anne var i kontakt med virksomheden")).to_be_visible()
    visitor.check_page("log a contact, with a colleague's contact")
    page.get_by_label("Type").select_option("visit")
    page.get_by_label("Hanne Hansen").check()
    page.get_by_label("Formål", exact=True).select_option(label="Konkret kandidat")
    page.get_by_label("Referat").fill("Besøg i produktionen, to praktikpladser i sigte.")
    page.get_by_label(re.compile(r"^Næste skridt \(")).fill("Send forslag til praktikaftale")
    due = timezone.localdate() + timedelta(days=5)
    page.get_by_label(re.compile(r"^Næste skridt senest")).fill(due.isoformat())
    page.get_by_role("button", name="Log kontakt").click()

    expect(page.get_by_text("Kontakten med Søndergård Maskinfabrik A/S er logget.")).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text("Besøg i produktionen")
    visitor.check_page("company page after logging")

    page.get_by_role("link", name="Forside").first.click()
    tasks = page.locator("section", has=page.get_by_role("heading", name="Mine næste skridt"))
    expect(tasks).to_contain_text("Send forslag til praktikaftale")
    expect(tasks).to_contain_text(due.strftime("%d.%m.%Y"))
    visitor.check_page("front page with a next step")

    tasks.get_by_role("button", name=re.compile("Udført")).click()
    expect(tasks.get_by_role("status")).to_contain_text("Udført: Send forslag til praktikaftale")
    visitor.check_page("front page, next step done")
