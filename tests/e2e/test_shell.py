from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.e2e.test_tenancy import code_now
from tests.factories import PASSWORD, make_personas


def sign_in_with_code(page, email: str) -> None:
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.get_by_label(re.compile("kode", re.IGNORECASE)).fill(code_now())
    page.get_by_role("button", name=re.compile("Log ind|Bekræft|Fortsæt", re.IGNORECASE)).click()


SECTIONS = ["Virksomheder", "Kandidater", "Aftaler", "Forløb", "Netværk", "Rapporter"]


@pytest.mark.django_db(transaction=True)
def test_a_consultant_walks_through_every_section(visitor) -> None:
    make_personas()

    page = visitor.visit("/")
    expect(page.get_by_role("link", name=re.compile("Log ind")).first).to_be_visible()
    page.get_by_role("link", name=re.compile("Log ind")).first.click()
    visitor.check_page("sign-in page")
    sign_in_with_code(page, "consultant@roskilde.example")
    expect(page.get_by_text("Karen").first).to_be_visible()
    visitor.check_page("front page, signed in")

    nav = page.get_by_role("navigation", name="Hovedmenu").first
    for section in SECTIONS:
        nav.get_by_role("link", name=section, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(section)
        expect(nav.get_by_role("link", name=section, exact=True)).to_have_attribute(
            "aria-current", "page"
        )
        visitor.check_page(section)


@pytest.mark.django_db(transaction=True)
def test_a_wrong_password_is_told_in_danish_and_keeps_the_email(visitor, password) -> None:
    User.objects.create_user("konsulent@roskilde.example", password)

    page = visitor.visit("/konto/login/")
    page.get_by_label("E-mail").fill("konsulent@roskilde.example")
    page.get_by_label("Adgangskode").fill("not-the-password-at-all")
    page.get_by_role("button", name="Log ind").click()

    expect(
        page.get_by_text(re.compile("ikke korrekt|forkert", re.IGNORECASE)).first
    ).to_be_visible()
    expect(page.get_by_label("E-mail")).to_have_value("konsulent@roskilde.example")
    visitor.check_page("sign-in with an error")


@pytest.mark.django_db(transaction=True)
def test_the_language_switch_turns_the_shell_english(visitor) -> None:
    page = visitor.visit("/")
    page.get_by_label(re.compile("Sprog|Language")).select_option("en")
    page.get_by_role("button", name=re.compile("Skift|Change")).click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name=re.compile("Sign in|Log in")).first).to_be_visible()
    visitor.check_page("front page in English")
