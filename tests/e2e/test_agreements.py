"""An agreement measured against its promises, in the browser: a manager finds the agreements
behind their targets from the list and opens one, and sees per commitment the target, the
actual count and how it is counted. Every page is checked for accessibility and CSP."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tenancy import tenant_scope
from partnerships import services
from partnerships.models import Commitment
from tests.companies.factories import make_company
from tests.e2e.test_shell import sign_in_with_code
from tests.factories import make_personas
from tests.partnerships.factories import make_agreement
from tests.placements.factories import make_placement


@pytest.mark.django_db(transaction=True)
def test_a_manager_sees_how_far_each_promise_has_come(visitor) -> None:
    personas = make_personas()
    today = timezone.localdate()
    with tenant_scope(personas.roskilde):
        company = make_company(name="Roskilde Tagdækning ApS")
        agreement = make_agreement(
            personas.consultant_a,
            company=company,
            title="Tagdækkere fra ledighed",
            starts_on=today - timedelta(days=200),
            ends_on=today + timedelta(days=530),
        )
        services.agreement_set_status(actor=None, agreement=agreement, status="awaiting_signature")
        services.agreement_set_status(
            actor=personas.consultant_a,
            agreement=agreement,
            status="signed",
            signed_on=today - timedelta(days=200),
            signed_by_company="Direktør Holm",
        )
        for area, target, per in (("internships", 4, "year"), ("events", 8, "agreement")):
            services.commitment_save(
                actor=None,
                commitment=Commitment(agreement=agreement),
                area=area,
                target=target,
                per=per,
            )
        for days_ago in (100, 50):
            make_placement(
                personas.consultant_a,
                company=company,
                agreement=agreement,
                planned_start=today - timedelta(days=days_ago),
                actual_start=today - timedelta(days=days_ago),
                planned_end=today - timedelta(days=days_ago) + timedelta(weeks=8),
            )

    page = visitor.visit("/konto/login/")
    sign_in_with_code(page, "manager@roskilde.example")
    page.get_by_role("navigation", name="Hovedmenu").first.get_by_role(
        "link", name="Aftaler"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aftaler")
    visitor.check_page("agreements list")
    page.get_by_role("link", name="Aftaler bagud med deres mål").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aftaler bagud")
    row = page.get_by_role("row", name=re.compile("Tagdækkere fra ledighed"))
    expect(row).to_contain_text("1 af 2 løfter på sporet")
    visitor.check_page("agreements behind")

    row.get_by_role("link", name="Tagdækkere fra ledighed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tagdækkere fra ledighed")
    commitments = page.locator("#commitments")
    internships = commitments.get_by_role("row", name=re.compile("Praktikpladser"))
    expect(internships).to_contain_text("4 forløb pr. aftaleår")
    expect(internships).to_contain_text("2 af 4 forløb")
    expect(internships).to_contain_text("Tæller forløb af typen virksomhedspraktik")
    events = commitments.get_by_role("row", name=re.compile("Arrangementer"))
    expect(events).to_contain_text("0 af 8 kontakter")
    expect(events).to_contain_text("Bagud")
    expect(page.get_by_text("Direktør Holm", exact=False)).to_be_visible()
    visitor.check_page("agreement page")

    # On a phone the commitments table scrolls by itself; the page does not scroll sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
