"""API tokens and sign-in blocks in the browser: a consultant makes, uses and revokes their own
API token under Mine indstillinger; an admin lifts a colleague's sign-in block under Indstillinger
→ Brugere. Every page is checked for accessibility and CSP violations."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from accounts import security
from tests.e2e.test_shell import sign_in_with_code
from tests.factories import PASSWORD, make_personas


@pytest.mark.django_db(transaction=True)
def test_a_consultant_makes_uses_and_revokes_their_own_api_token(visitor) -> None:
    make_personas()

    page = visitor.visit("/konto/login/")
    sign_in_with_code(page, "consultant@roskilde.example")
    page.get_by_role("link", name="Mine indstillinger").first.click()
    expect(page.get_by_role("heading", name="Dine API-nøgler")).to_be_visible()
    visitor.check_page("my settings, no tokens")

    page.get_by_role("link", name="Lav en API-nøgle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekræft, at det er dig")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Fortsæt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lav en API-nøgle")
    visitor.check_page("new token form")
    page.get_by_label("Navn på nøglen").fill("Karens CRM")
    page.get_by_role("button", name="Lav API-nøglen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Din nye API-nøgle")
    visitor.check_page("new token shown once")
    token = page.get_by_label(re.compile("API-nøglen »Karens CRM«")).input_value()
    me = page.request.get(
        visitor.base_url + "/api/v1/roskilde/me/", headers={"authorization": f"Bearer {token}"}
    )
    assert me.status == 200 and me.json()["email"] == "consultant@roskilde.example"

    page.get_by_role("link", name="Jeg har kopieret nøglen").click()
    expect(page.get_by_role("row", name=re.compile("Karens CRM"))).to_be_visible()
    assert token not in page.content()
    page.get_by_role("link", name="Tilbagekald Karens CRM").click()
    visitor.check_page("revoke own token")
    page.get_by_role("button", name="Ja, tilbagekald nøglen").click()
    expect(page.get_by_text("API-nøglen »Karens CRM« er tilbagekaldt.")).to_be_visible()
    gone = page.request.get(
        visitor.base_url + "/api/v1/roskilde/me/", headers={"authorization": f"Bearer {token}"}
    )
    assert gone.status == 401


@pytest.mark.django_db(transaction=True)
def test_an_admin_lifts_a_colleagues_sign_in_block(visitor) -> None:
    make_personas()
    for _ in range(5):
        Client().post(
            "/konto/login/", {"login": "consultant@roskilde.example", "password": "forkert-2026"}
        )
    assert security.blocked_until("consultant@roskilde.example") is not None

    page = visitor.visit("/konto/login/")
    sign_in_with_code(page, "admin@roskilde.example")
    page.goto(visitor.base_url + "/roskilde/indstillinger/brugere/")
    row = page.get_by_role("row", name=re.compile("consultant@roskilde.example"))
    expect(row.get_by_text("Spærret")).to_be_visible()
    visitor.check_page("members, one blocked")

    row.get_by_role("link", name=re.compile("Lås op")).click()
    visitor.check_page("lift block, confirm")
    page.get_by_role("button", name="Ja, lås op").click()
    expect(page.get_by_text("Karen kan logge ind igen.")).to_be_visible()
    assert security.blocked_until("consultant@roskilde.example") is None
