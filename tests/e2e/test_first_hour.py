"""A new jobcenter's first hour, the way README.md ("Your first hour") tells it: platform staff
make the jobcenter in /admin/ and invite its first admin; she accepts, imports the companies
and invites a colleague; he accepts, registers a candidate, makes the first placement and finds
its first follow-up on "Min dag". Every step goes through the pages a newcomer sees, so the
README's path stays true."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from accounts.models import User
from tests.e2e.conftest import AXE, CSP_LISTENER, Visitor
from tests.factories import PASSWORD, TOTP_SECRET

COMPANIES_CSV = (
    "cvr;navn;adresse;postnr;by;kontakt_navn;kontakt_email\n"
    "30000005;Køge Havn A/S;Havnen 1;4600;Køge;Mette Havn;mette@koegehavn.example\n"
    "30000013;Bageriet i Køge ApS;Torvet 3;4600;Køge;Peter Bager;peter@bageriet.example\n"
    "30000021;Køge Plejecenter;Ølbycentret 10;4600;Køge;;\n"
)


def code_for(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def newcomer(browser: Browser, live_server) -> Iterator[Callable[[], Visitor]]:
    """Another person at another computer: a browser context of their own."""
    contexts: list[BrowserContext] = []

    def make() -> Visitor:
        context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
        context.add_init_script(script=CSP_LISTENER)
        context.add_init_script(path=str(AXE))
        contexts.append(context)
        return Visitor(context.new_page(), live_server.url)

    yield make
    for context in contexts:
        context.close()


def invitation_link() -> str:
    match = re.search(r"https?://[^/\s]+(/invitation/\S+/)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def accept_invitation(person: Visitor, *, password: str) -> None:
    """The e-mailed link, a password of their own, the authenticator app, and in."""
    page = person.page
    person.visit(invitation_link())
    person.check_page("the invitation")
    page.get_by_label("Vælg en adgangskode").fill(password)
    page.get_by_label("Gentag adgangskoden").fill(password)
    page.get_by_role("button", name="Tag imod invitationen").click()
    secret = page.get_by_label("Nøgle til godkenderappen").input_value()
    person.check_page("enrolling the authenticator app")
    page.get_by_label("Kode fra godkenderappen").fill(code_for(secret))
    page.get_by_role("button", name="Slå totrinsbekræftelse til").click()
    expect(page).to_have_url(re.compile(r"/koege/$"))


def main_menu(page: Page, section: str) -> None:
    page.get_by_role("navigation", name="Hovedmenu").first.get_by_role(
        "link", name=section, exact=True
    ).click()


@pytest.mark.django_db(transaction=True)
def test_a_new_jobcenters_first_hour_from_the_admin_to_min_dag(
    visitor, newcomer, celery_worker_queue, tmp_path: Path
) -> None:
    staff = User.objects.create_superuser("staff@jobbro.example", PASSWORD, name="Pia Platform")
    TOTP.activate(staff, TOTP_SECRET)
    today = timezone.localdate()

    # Platform staff sign in with their second factor and make the jobcenter in /admin/.
    page = visitor.visit("/konto/login/")
    page.get_by_label("E-mail").fill(staff.email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.get_by_label("Kode").fill(code_for(TOTP_SECRET))
    page.get_by_role("button", name="Log ind").click()
    visitor.check_page("platform staff's landing page")
    page.get_by_role("link", name="Gå til administrationen").click()
    page.locator("tr.model-jobcenter").get_by_role("link", name="Tilføj").click()
    page.get_by_label("Navn:", exact=True).fill("Jobcenter Køge")
    # The admin writes a short name from the name as it is typed; a newcomer writes their own.
    page.get_by_label("Navn:", exact=True).press("Tab")
    expect(page.get_by_label("Kort navn i adressen:")).to_have_value("jobcenter-koge")
    page.get_by_label("Kort navn i adressen:").fill("koege")
    page.get_by_label("Kommunekode:").fill("259")
    page.get_by_label("Første administrator (e-mail):").fill("lise@koege.example")
    page.get_by_label("Første administrator (navn):").fill("Lise Leder")
    page.get_by_label("Begrundelse for den første administrator:").fill(
        "Aftale med Køge Kommune om Jobbro"
    )
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_text("Invitationen er sendt til lise@koege.example.")).to_be_visible()

    # The first admin accepts at her own computer and imports the companies.
    lise = newcomer()
    accept_invitation(lise, password="Koege-er-ogsaa-en-by-2026")
    lise.check_page("the new jobcenter's front page")
    main_menu(lise.page, "Virksomheder")
    lise.page.get_by_role("link", name="Importér fra CSV eller Excel").click()
    lise.check_page("the import")
    csv = tmp_path / "virksomheder.csv"
    csv.write_text(COMPANIES_CSV, encoding="utf-8")
    lise.page.get_by_label("Fil").set_input_files(csv)
    lise.page.get_by_role("button", name="Vis, hvad der vil ske").click()
    expect(lise.page.get_by_text("3 virksomheder oprettes")).to_be_visible()
    lise.check_page("the import's preview")
    lise.page.get_by_role("button", name="Importér").click()
    expect(
        lise.page.get_by_text("Importen er færdig: 3 virksomheder oprettet, 0 opdateret")
    ).to_be_visible(timeout=60_000)
    lise.check_page("the import's result")

    # She invites a colleague, who accepts at his.
    lise.page.get_by_role("link", name="Indstillinger", exact=True).click()
    lise.page.get_by_role("link", name="Brugere og roller").first.click()
    lise.page.get_by_role("link", name="Invitér", exact=True).click()
    lise.check_page("the invitation form")
    lise.page.get_by_label("E-mail").fill("kim@koege.example")
    lise.page.get_by_label("Navn").fill("Kim Konsulent")
    lise.page.get_by_label("Rolle").select_option(label="Konsulent")
    lise.page.get_by_role("button", name="Send invitationen").click()
    expect(lise.page.get_by_text("Invitationen er sendt til kim@koege.example")).to_be_visible()
    kim = newcomer()
    accept_invitation(kim, password="Kim-kender-Koege-godt-2026")

    # The colleague registers a candidate ...
    main_menu(kim.page, "Kandidater")
    kim.page.get_by_role("link", name="Opret kandidat").click()
    kim.check_page("the new candidate form")
    kim.page.get_by_label("Fornavn").fill("Prøve")
    kim.page.get_by_label("Efternavn").fill("Demogaard")
    kim.page.get_by_label("Ansvarlig konsulent").select_option(label="Kim Konsulent")
    kim.page.get_by_role("button", name="Opret kandidat").click()
    expect(kim.page.get_by_text("Prøve Demogaard er oprettet.")).to_be_visible()

    # ... and makes the first placement, which started three days ago ...
    main_menu(kim.page, "Forløb")
    kim.page.get_by_role("link", name="Nyt forløb").click()
    kim.page.get_by_label("Find kandidat (navn eller sagsnummer)").fill("Demogaard")
    kim.page.get_by_role("button", name="Søg").click()
    kim.page.get_by_role("link", name="Prøve Demogaard").click()
    kim.page.get_by_label("Find virksomhed (navn, CVR- eller P-nummer)").fill("havn")
    kim.page.get_by_role("button", name="Søg").click()
    kim.page.get_by_role("link", name="Køge Havn A/S").click()
    kim.check_page("the new placement form")
    kim.page.get_by_label("Type", exact=True).select_option(label="Virksomhedspraktik")
    kim.page.get_by_label("Planlagt start").fill((today - timedelta(days=3)).isoformat())
    kim.page.get_by_label(re.compile(r"^Planlagt slut")).fill(
        (today + timedelta(weeks=4)).isoformat()
    )
    kim.page.get_by_role("button", name="Opret forløb").click()
    expect(
        kim.page.get_by_text(re.compile(r"Forløbet er oprettet, og \d+ opfølgninger"))
    ).to_be_visible()

    # ... so its first follow-up, day 3, is due today on his "Min dag".
    kim.visit("/koege/")
    my_day = kim.page.locator("main")
    expect(my_day.get_by_role("heading", name="Min dag")).to_be_visible()
    expect(my_day.get_by_text("Dag 3: hvordan går det?", exact=True)).to_be_visible()
    expect(my_day.get_by_text("Køge Havn A/S").first).to_be_visible()
    kim.check_page("Min dag with the first follow-up")
