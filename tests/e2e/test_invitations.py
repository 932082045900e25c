"""A new jobcenter's first admin, in the browser: the invitation's link, a password of their
own, the authenticator app, and into the jobcenter, on a desktop and on a phone."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from playwright.sync_api import expect

from accounts import invitations
from accounts.models import Jobcenter, Membership, Role, User
from accounts.tenancy import tenant_scope

PASSWORD = "Koege-er-ogsaa-en-by-2026"


def code_for(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 390])
def test_a_new_admin_accepts_the_invitation_enrols_and_lands_in_the_jobcenter(
    visitor, width: int
) -> None:
    staff = User.objects.create_superuser("platform@jobbro.example", "unused-password-2026")
    koege = Jobcenter.objects.create(slug="koege", name="Jobcenter Køge", municipality_code="259")
    invitations.invitation_create_first_admin(
        actor=staff,
        jobcenter=koege,
        email="lise@koege.example",
        name="Lise Leder",
        reason="Aftale med Køge Kommune",
    )
    link = re.search(r"https?://[^/\s]+(/invitation/\S+/)", mail.outbox[-1].body).group(1)
    page = visitor.page
    page.set_viewport_size({"width": width, "height": 900})

    visitor.visit(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen til Jobcenter Køge")
    expect(page.get_by_label("Din e-mailadresse")).to_have_value("lise@koege.example")
    expect(page.get_by_label("Dit navn")).to_have_value("Lise Leder")
    page.get_by_label("Vælg en adgangskode").fill("kort")
    page.get_by_label("Gentag adgangskoden").fill("kort")
    page.get_by_role("button", name="Tag imod invitationen").click()
    expect(page.get_by_text("Denne adgangskode er for kort").first).to_be_visible()
    visitor.check_page("invitation, password too short")

    page.get_by_label("Vælg en adgangskode").fill(PASSWORD)
    page.get_by_label("Gentag adgangskoden").fill(PASSWORD)
    page.get_by_role("button", name="Tag imod invitationen").click()

    # Straight on to the authenticator app: no "confirm your address", no second password.
    expect(page).to_have_url(re.compile(r"/konto/2fa/totp/activate/\?next=%2Fkoege%2F$"))
    expect(page.get_by_text("Velkommen til Jobcenter Køge i Jobbro.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Slå totrinsbekræftelse til")
    visitor.check_page("enrolment")
    secret = page.get_by_label("Nøgle til godkenderappen").input_value()
    page.get_by_label("Kode fra godkenderappen").fill(code_for(secret))
    page.get_by_role("button", name="Slå totrinsbekræftelse til").click()

    expect(page).to_have_url(re.compile(r"/koege/$"))
    expect(page.get_by_text("Jobcenter Køge").first).to_be_visible()
    expect(page.get_by_text("Godkenderappen er aktiveret")).to_be_visible()
    visitor.check_page("the jobcenter's front page")

    lise = User.objects.get(email="lise@koege.example")
    assert lise.check_password(PASSWORD)
    with tenant_scope(koege):
        assert Membership.objects.get(user=lise).role == Role.ADMIN

    # The second factor's own page: the footer stays below the last panel.
    visitor.visit("/konto/2fa/")
    last_panel = page.locator(".panel").last.bounding_box()
    footer = page.locator("footer").bounding_box()
    assert last_panel and footer
    assert last_panel["y"] + last_panel["height"] <= footer["y"]
