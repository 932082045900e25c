"""Jobbro on a phone (390 px): one page of each kind, on the demo data, never scrolls sideways
(a wide table scrolls inside its own box, which the keyboard can reach) and has no serious
accessibility violation."""

from __future__ import annotations

import re

import pytest
from django.db.models import Count
from playwright.sync_api import Page, expect

from accounts import demo
from accounts.models import Jobcenter
from accounts.tenancy import tenant_scope
from candidates.models import Candidate
from companies.models import Company
from partnerships.models import Agreement, JobPackage
from placements.models import Placement


def sign_in_demo(page: Page, email: str) -> None:
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.get_by_label(re.compile("kode", re.IGNORECASE)).fill(demo.current_demo_code())
    page.get_by_role("button", name=re.compile("Log ind|Bekræft|Fortsæt", re.IGNORECASE)).click()
    expect(page).to_have_url(re.compile(r"/roskilde/$"))


@pytest.mark.django_db(transaction=True)
def test_one_page_of_each_kind_fits_a_phone(phone) -> None:
    demo.seed()
    roskilde = Jobcenter.objects.get(slug="roskilde")
    with tenant_scope(roskilde):
        company = (
            Company.objects.annotate(n=Count("contacts"))
            .filter(n__gt=0, agreements__isnull=False)
            .order_by("-n")
            .first()
        )
        package = (
            JobPackage.objects.annotate(n=Count("participants")).filter(n__gt=0).order_by("-n")
        ).first()
        candidate = (
            Candidate.objects.filter(status="active", assessments__isnull=False).distinct().first()
        )
        placement = Placement.objects.first()
        agreement = Agreement.objects.first()
    assert company and package and candidate and placement and agreement

    page = phone.visit("/konto/login/")
    sign_in_demo(page, "consultant@roskilde.example")
    phone.check_page("Min dag")
    for label, path in [
        ("company page", f"/roskilde/virksomheder/{company.public_id}/"),
        ("companies", "/roskilde/virksomheder/?page=2"),
        ("candidate page", f"/roskilde/borgere/{candidate.public_id}/"),
        ("candidates", "/roskilde/borgere/?page=2"),
        ("Find job", f"/roskilde/forloeb/match/kandidat/{candidate.public_id}/"),
        ("placement page", f"/roskilde/forloeb/{placement.public_id}/"),
        ("placements", "/roskilde/forloeb/"),
        ("agreement page", f"/roskilde/aftaler/{agreement.public_id}/"),
        ("jobpakke", f"/roskilde/aftaler/jobpakker/{package.public_id}/"),
        ("jobpakker", "/roskilde/aftaler/jobpakker/"),
    ]:
        phone.visit(path)
        phone.check_page(f"{label} at 390 px")

    # The pagination's arrows keep their names where the words are hidden.
    phone.visit("/roskilde/virksomheder/")
    expect(page.get_by_role("link", name="Næste side")).to_be_visible()

    # A table wider than the phone scrolls in a box the keyboard reaches.
    phone.visit(f"/roskilde/aftaler/jobpakker/{package.public_id}/")
    grid = page.locator(".table--responsive-scroll", has=page.locator("table.cohort-grid"))
    expect(grid).to_have_attribute("tabindex", "0")
    expect(grid).to_have_attribute("role", "region")
    expect(grid).to_have_attribute("aria-label", re.compile("Deltagernes fremskridt"))

    page.context.clear_cookies()
    page = phone.visit("/konto/login/")
    sign_in_demo(page, "admin@roskilde.example")
    phone.visit("/roskilde/indstillinger/brugere/")
    phone.check_page("members at 390 px")
