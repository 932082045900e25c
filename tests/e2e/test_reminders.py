"""The bell and Mine indstillinger in the browser: a consultant sees the count, marks
notifications read without a page load, turns the e-mails off, and makes, uses and revokes a
calendar address. Every page is checked for accessibility and CSP violations."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tenancy import tenant_scope
from companies import services as company_services
from placements import reminders
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company, purpose
from tests.e2e.test_shell import sign_in_with_code
from tests.factories import make_personas
from tests.placements.factories import make_placement


@pytest.mark.django_db(transaction=True)
def test_a_consultant_reads_the_bell_and_sets_up_reminders(visitor) -> None:
    personas = make_personas()
    today = timezone.localdate()
    with tenant_scope(personas.roskilde):
        make_placement(
            personas.consultant_a,
            candidate=make_candidate(first_name="Sofie", last_name="Testesen"),
            company=make_company(name="Bageriet ApS"),
            planned_start=today - timedelta(days=3),
            planned_end=today + timedelta(weeks=8),
        )
        company_services.activity_create(
            actor=personas.consultant_a,
            company=make_company(name="Kantinen ApS"),
            type="phone",
            purpose=purpose(),
            next_step="Send forslag til praktik",
            next_step_due=today - timedelta(days=2),
        )
    reminders.send_reminders.apply(args=[personas.roskilde.pk]).get()

    page = visitor.visit("/konto/login/")
    sign_in_with_code(page, "consultant@roskilde.example")
    bell = page.locator("#notification-bell")
    expect(bell).to_have_accessible_name(re.compile(r"Notifikationer 2 ulæste"))
    bell.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifikationer")
    expect(page.get_by_role("link", name=re.compile("Sofie hos Bageriet ApS"))).to_be_visible()
    assert "Testesen" not in page.content()
    visitor.check_page("notifications")

    url = page.url
    page.get_by_role("button", name=re.compile("Markér som læst – Opfølgning")).click()
    expect(bell).to_have_accessible_name(re.compile(r"Notifikationer 1 ulæste"))
    expect(page.get_by_role("status").filter(has_text="Læst")).to_be_visible()
    assert page.url == url  # swapped in place, no page load
    page.get_by_role("button", name="Markér alle som læst").click()
    expect(bell).to_have_accessible_name("Notifikationer")
    visitor.check_page("notifications, all read")

    page.get_by_role("link", name="Mine indstillinger").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine indstillinger")
    visitor.check_page("my settings")
    page.get_by_label(re.compile("Send mig en e-mail")).uncheck()
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Du får ikke længere påmindelser på e-mail")).to_be_visible()

    page.get_by_role("button", name="Lav en kalenderadresse").click()
    address = page.get_by_label("Din kalenderadresse").input_value()
    assert re.fullmatch(r"http://localhost:8000/kalender/jbcal_[\w-]+\.ics", address)
    visitor.check_page("my settings, new calendar address")
    feed = page.request.get(visitor.base_url + address.removeprefix("http://localhost:8000"))
    assert feed.status == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert "Opfølgning: Sofie hos Bageriet ApS" in feed.text().replace("\r\n ", "")

    page.get_by_role("link", name="Jeg har kopieret adressen").click()
    page.get_by_role("button", name="Tilbagekald adressen").click()
    expect(page.get_by_text("Kalenderadressen er tilbagekaldt")).to_be_visible()
    gone = page.request.get(visitor.base_url + address.removeprefix("http://localhost:8000"))
    assert gone.status == 404
