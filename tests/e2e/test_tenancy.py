from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from tests.factories import PASSWORD, TOTP_SECRET, make_personas


def code_now() -> str:
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


@pytest.mark.django_db(transaction=True)
def test_a_roskilde_consultant_signs_in_with_a_second_factor_and_sees_nothing_of_aalborg(
    visitor,
) -> None:
    make_personas()

    page = visitor.visit("/konto/login/")
    page.get_by_label("E-mail").fill("consultant@roskilde.example")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()

    page.get_by_label(re.compile("kode", re.IGNORECASE)).fill(code_now())
    visitor.check_page("second factor")
    page.get_by_role("button", name=re.compile("Log ind|Bekræft|Fortsæt", re.IGNORECASE)).click()

    expect(page).to_have_url(re.compile(r"/roskilde/$"))
    expect(page.get_by_text("Jobcenter Roskilde").first).to_be_visible()
    visitor.check_page("Roskilde's front page")

    nav = page.get_by_role("navigation", name="Hovedmenu").first
    nav.get_by_role("link", name="Virksomheder", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Virksomheder")

    for path in (
        "/aalborg/",
        "/aalborg/virksomheder/",
        "/aalborg/indstillinger/",
        "/api/v1/aalborg/me/",
    ):
        response = page.goto(visitor.base_url + path)
        assert response is not None
        assert response.status == (401 if path.startswith("/api/") else 404), path
        if not path.startswith("/api/"):
            expect(page.get_by_role("heading", level=1)).to_have_text("Siden findes ikke")
            assert "Aalborg" not in page.content()
            visitor.check_page(f"{path} (not found)")
