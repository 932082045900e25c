"""A candidate's privacy in the browser: a consultant registers a candidate and records an
assessment, a consent, a staircase plan and a sensitive note; a colleague outside the team
cannot reach the sensitive notes; the admin takes out the citizen's look-up history."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Membership, Role
from accounts.tenancy import tenant_scope
from candidates import services
from candidates.models import Candidate
from tests.candidates.factories import fictitious_cpr
from tests.e2e.test_shell import sign_in_with_code
from tests.factories import make_member, make_personas


@pytest.mark.django_db(transaction=True)
def test_a_candidate_is_registered_followed_up_and_kept_private(visitor, browser) -> None:
    personas = make_personas()
    make_member(personas.roskilde, "udenfor@roskilde.example", Role.CONSULTANT, name="Ulla")
    with tenant_scope(personas.roskilde):
        team = Membership.objects.get(user=personas.consultant_a).team
        services.catalogue_entry_save(
            actor=None, entry=services.steps_ensure_defaults()[0], name="Afklaring"
        )
    number = fictitious_cpr()
    today = timezone.localdate().isoformat()

    page = visitor.visit("/konto/login/")
    sign_in_with_code(page, "consultant@roskilde.example")
    page.get_by_role("navigation", name="Hovedmenu").first.get_by_role(
        "link", name="Kandidater"
    ).click()
    visitor.check_page("candidate list, empty")
    page.get_by_role("link", name="Opret kandidat").click()
    page.get_by_label("Fornavn").fill("Søren")
    page.get_by_label("Efternavn").fill("Østergård")
    page.get_by_label(re.compile(r"^CPR-nummer")).fill(f"{number[:6]}-{number[6:]}")
    page.get_by_label(re.compile(r"^Team")).select_option(label=team.name)
    visitor.check_page("new candidate form")
    page.get_by_role("button", name="Opret kandidat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Søren Østergård")
    expect(page.get_by_text(f"CPR-nummer {number[:6]}-XXXX")).to_be_visible()
    assert number[6:] not in page.content()
    assert number not in page.url
    visitor.check_page("candidate page")

    page.get_by_role("link", name="Registrér vurdering").click()
    page.get_by_label("Vurdering", exact=True).select_option("Aktivitetsparat")
    page.get_by_role("button", name="Registrér").click()
    expect(page.get_by_role("cell", name="Aktivitetsparat", exact=True)).to_be_visible()

    page.get_by_role("link", name="Registrér samtykke").click()
    page.get_by_label("Kompetencer, uddannelse og jobønsker").check()
    visitor.check_page("consent form")
    page.get_by_role("button", name="Registrér").click()
    expect(page.get_by_text("Arbejdsgivere generelt")).to_be_visible()

    page.get_by_role("link", name="Gå til trappeplanen").click()
    page.get_by_label("Trin", exact=True).select_option(label="Afklaring")
    page.get_by_role("button", name="Start").click()
    page.get_by_label("Delmål").fill("Møde op tre dage i træk")
    page.get_by_label(re.compile(r"^Senest")).fill(today)
    page.get_by_role("button", name="Tilføj delmål").click()
    expect(page.get_by_role("cell", name="Møde op tre dage i træk")).to_be_visible()
    visitor.check_page("staircase plan")

    page.get_by_role("link", name="Tilbage til kandidaten").click()
    page.get_by_role("link", name="Følsomme oplysninger").click()
    page.get_by_label("Notat").fill("Tåler ikke støv (astma)")
    page.get_by_role("button", name="Gem notat").click()
    expect(page.get_by_text("Tåler ikke støv")).not_to_be_visible()
    page.get_by_label("Formål med opslaget").select_option("Match med virksomhed")
    page.get_by_role("button", name="Vis notaterne").click()
    expect(page.get_by_text("Tåler ikke støv (astma)")).to_be_visible()
    visitor.check_page("sensitive notes")
    sensitive_url = page.url.split("?")[0]

    # A colleague outside the team: the candidate, yes; the sensitive notes, no.
    with tenant_scope(personas.roskilde):
        candidate = Candidate.objects.get()
    colleague = browser.new_context(locale="da-DK")
    other = colleague.new_page()
    other.goto(visitor.base_url + "/konto/login/")
    sign_in_with_code(other, "udenfor@roskilde.example")
    detail = other.goto(visitor.base_url + f"/roskilde/borgere/{candidate.public_id}/")
    assert detail is not None and detail.ok
    expect(other.get_by_role("link", name="Følsomme oplysninger")).to_have_count(0)
    denied = other.goto(sensitive_url + "?formaal=Opfølgning")
    assert denied is not None and denied.status == 404
    assert "astma" not in other.content()
    colleague.close()

    # The admin takes out the citizen's look-up history: dates and purposes, no names.
    admin = browser.new_context(locale="da-DK", accept_downloads=True)
    admin_page = admin.new_page()
    admin_page.goto(visitor.base_url + "/konto/login/")
    sign_in_with_code(admin_page, "admin@roskilde.example")
    admin_page.goto(visitor.base_url + f"/roskilde/borgere/{candidate.public_id}/")
    admin_page.get_by_role("link", name="Opslagshistorik").click()
    expect(admin_page.get_by_role("cell", name="Match med virksomhed")).to_be_visible()
    with admin_page.expect_download() as download:
        admin_page.get_by_role("link", name="Hent som CSV").click()
    body = open(download.value.path(), encoding="utf-8-sig").read()  # noqa: PTH123, SIM115
    assert "Følsomme oplysninger er vist;Match med virksomhed" in body
    assert "Karen" not in body and "consultant@" not in body and number not in body
    admin.close()
