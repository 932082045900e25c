"""The sign-in and account pages and e-mails in Jobbro's own Danish (templates/account,
templates/mfa, accounts.adapters): "adgangskode" and "totrinsbekræftelse", the name Jobbro
and the person's jobcenter, never the host name."""

from __future__ import annotations

import re
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.cache import cache
from django.test import Client
from pytest_django.fixtures import Settings
from time_machine import TimeMachineFixture

from tests.factories import PASSWORD, TOTP_SECRET, Personas, sign_in

pytestmark = pytest.mark.django_db

LOGIN = "/konto/login/"
SECOND_FACTOR = "/konto/2fa/authenticate/"
GOOD = "Blaabaergroed-i-Roskilde-7"


@pytest.fixture(autouse=True)
def _setup(settings: Settings, time_machine: TimeMachineFixture) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    time_machine.move_to(
        datetime(2026, 3, 2, 9, 15, 10, tzinfo=ZoneInfo("Europe/Copenhagen")), tick=False
    )
    cache.clear()


def visible_text(response) -> str:
    """What a person reads on the page: the text without tags, attributes or the page title."""
    html = response.content.decode()
    body = html[html.index("<body") :]
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def code_now() -> str:
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


def test_signing_in_says_so_in_danish(client: Client, personas: Personas) -> None:
    response = client.post(LOGIN, {"login": personas.employer_a.email, "password": PASSWORD})
    page = client.get(response["Location"], follow=True)

    assert "Du er logget ind. Velkommen, Henrik." in visible_text(page)
    assert "succesfuldt" not in visible_text(page)


def test_the_reset_email_comes_from_jobbro_and_names_the_jobcenter(
    client: Client, personas: Personas
) -> None:
    client.post("/konto/password/reset/", {"email": personas.consultant_a.email})
    message = mail.outbox[-1]

    assert message.subject == "Vælg en ny adgangskode til Jobbro"
    assert message.body.startswith("Hej Karen")
    assert "Jobbro for Jobcenter Roskilde" in message.body
    assert "/konto/password/reset/key/" in message.body
    for word in ("testserver", "localhost", "Hej fra", "Password", "password Email"):
        assert word not in message.subject + message.body.split("http")[0], word


def test_an_unknown_address_is_not_invited_to_sign_up(client: Client, personas: Personas) -> None:
    client.post("/konto/password/reset/", {"email": "fremmed@example.org"})
    message = mail.outbox[-1]

    assert message.subject == "Ingen bruger i Jobbro med denne adresse"
    assert "Man opretter sig ikke selv i Jobbro" in message.body
    assert "/konto/signup/" not in message.body


def test_the_emailed_code_comes_from_jobbro(client: Client, personas: Personas) -> None:
    client.post("/konto/login/code/", {"email": personas.employer_a.email})
    message = mail.outbox[-1]

    assert message.subject == "Din engangskode til Jobbro"
    assert re.search(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b", message.body)
    assert "Hej Henrik" in message.body


@pytest.mark.parametrize(
    "path",
    [
        LOGIN,
        "/konto/password/reset/",
        "/konto/password/reset/done/",
        "/konto/login/code/",
        "/konto/signup/",
    ],
)
def test_the_signed_out_pages_say_adgangskode(client: Client, path: str) -> None:
    text = visible_text(client.get(path))

    assert "password" not in text.lower()
    assert "email" not in text.lower().replace("e-mail", "")


@pytest.mark.parametrize(
    "path", ["/konto/2fa/", "/konto/password/change/", "/konto/email/", "/konto/logout/"]
)
def test_the_account_pages_say_adgangskode_and_totrinsbekraeftelse(
    client: Client, personas: Personas, path: str
) -> None:
    sign_in(client, personas.consultant_a)

    text = visible_text(client.get(path)).lower()

    for word in ("password", "to-faktor", "autentificering", "autentifikator"):
        assert word not in text, word


def test_the_second_factor_page_speaks_of_totrinsbekraeftelse(
    client: Client, personas: Personas
) -> None:
    sign_in(client, personas.consultant_a)

    text = visible_text(client.get("/konto/2fa/"))

    assert "Totrinsbekræftelse" in text
    assert "Godkenderapp" in text and "Gendannelseskoder" in text


def test_changing_the_password_says_so_and_tells_the_person_by_email(
    client: Client, personas: Personas
) -> None:
    sign_in(client, personas.consultant_a)

    changed = client.post(
        "/konto/password/change/",
        {"oldpassword": PASSWORD, "password1": GOOD, "password2": GOOD},
        follow=True,
    )

    assert "Din adgangskode er ændret." in visible_text(changed)
    message = mail.outbox[-1]
    assert message.subject == "Din adgangskode til Jobbro er ændret"
    assert "Tidspunkt: 02.03.2026 kl. 09.15" in message.body
    assert "Jobbro for Jobcenter Roskilde" in message.body


def test_a_code_used_again_in_its_window_says_to_wait_for_the_next_one(
    client: Client, personas: Personas, time_machine: TimeMachineFixture
) -> None:
    email = personas.consultant_a.email
    client.post(LOGIN, {"login": email, "password": PASSWORD})
    code = code_now()
    assert client.post(SECOND_FACTOR, {"code": code}).status_code == 302
    client.post("/konto/logout/")

    client.post(LOGIN, {"login": email, "password": PASSWORD})
    again = client.post(SECOND_FACTOR, {"code": code})

    text = visible_text(again)
    assert "Den kode er lige blevet brugt. Vent, til appen viser en ny kode" in text
    assert "Forkert kode" not in text
    assert SESSION_KEY not in client.session
    # A right code typed twice is not a failed sign-in.
    assert not AccessAttempt.objects.filter(username=email).exists()

    time_machine.shift(30)
    assert client.post(SECOND_FACTOR, {"code": code_now()}).status_code == 302
    assert SESSION_KEY in client.session


def test_a_wrong_code_still_says_it_is_wrong(client: Client, personas: Personas) -> None:
    client.post(LOGIN, {"login": personas.consultant_a.email, "password": PASSWORD})

    wrong = client.post(SECOND_FACTOR, {"code": "000000" if code_now() != "000000" else "111111"})

    assert "Forkert kode" in visible_text(wrong)


def test_the_second_factor_names_the_jobcenter_only_to_its_members(
    client: Client, personas: Personas
) -> None:
    sign_in(client, personas.consultant_a, second_factor=False)

    own = visible_text(client.get("/konto/2fa/reauthenticate/?next=/roskilde/"))
    other = visible_text(client.get("/konto/2fa/reauthenticate/?next=/aalborg/"))

    assert "for at komme ind i Jobcenter Roskilde" in own
    assert "Aalborg" not in other
