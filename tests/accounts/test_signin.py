"""Signing in: the lockout after 5 failures on every path, the second factor for staff, e-mailed
codes for employer contacts, the session limits and the password rules. Everything goes
through the real allauth forms, the admin and the API, as a person or a script would."""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from axes.models import AccessAttempt
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY, load_backend
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client
from pytest_django.fixtures import Settings
from time_machine import TimeMachineFixture

from accounts import security
from accounts.models import Membership, Role, User
from accounts.tenancy import tenant_scope
from tests.factories import PASSWORD, TOTP_SECRET, Personas, make_member, sign_in

pytestmark = pytest.mark.django_db

LOGIN = "/konto/login/"
SECOND_FACTOR = "/konto/2fa/authenticate/"
REAUTHENTICATE = "/konto/2fa/reauthenticate/"
ENROL = "/konto/2fa/totp/activate/"
REQUEST_CODE = "/konto/login/code/"
CONFIRM_CODE = "/konto/login/code/confirm/"
TOKENS = "/api/v1/roskilde/tokens/"
ADMIN_LOGIN = "/admin/login/"
DASHBOARD = "/roskilde/"
WRONG = "not-the-password-2026"
LOCKED_TEXT = "Din konto er midlertidigt spærret"


@pytest.fixture(autouse=True)
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    """A frozen clock: TOTP codes, session expiry and the lockout's 24 hours all read it."""
    time_machine.move_to(
        datetime(2026, 3, 2, 8, 0, tzinfo=ZoneInfo("Europe/Copenhagen")), tick=False
    )
    return time_machine


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    # Dozens of sign-ins per test; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    # allauth keeps its rate limits and the TOTP codes already used in the cache.
    cache.clear()


@pytest.fixture
def security_log() -> Iterator[list[str]]:
    """What the "jobbro.security" logger wrote (pytest's own log capture may be off)."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    logger = logging.getLogger("jobbro.security")
    handler = Collect(level=logging.DEBUG)
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield lines
    logger.removeHandler(handler)
    logger.setLevel(previous)


def code_now(secret: str = TOTP_SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def submit_password(client: Client, email: str, password: str = PASSWORD) -> HttpResponse:
    return client.post(LOGIN, {"login": email, "password": password})


def sign_in_with_form(client: Client, user: User) -> HttpResponse:
    """The password, then for staff the code from the authenticator app."""
    response = submit_password(client, user.email)
    if response.status_code == 302 and response["Location"] == SECOND_FACTOR:
        response = client.post(SECOND_FACTOR, {"code": code_now()})
    return response


def is_signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def emailed_code() -> str:
    match = re.search(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0)


def fail_passwords(client: Client, email: str, times: int) -> list[HttpResponse]:
    return [submit_password(client, email, WRONG) for _ in range(times)]


# --- Lockout: the sign-in form --------------------------------------------------------------


def test_the_sign_in_form_blocks_an_account_after_five_failures(
    client: Client, personas: Personas
) -> None:
    email = personas.employer_a.email

    first_four = fail_passwords(client, email, 4)
    fifth = submit_password(client, email, WRONG)
    sixth_with_the_right_password = submit_password(client, email)

    assert [r.status_code for r in first_four] == [200] * 4
    assert "E-mailadressen eller adgangskoden er forkert." in first_four[0].text
    assert fifth.status_code == 429
    assert sixth_with_the_right_password.status_code == 429
    page = sixth_with_the_right_password.text
    assert LOCKED_TEXT in page
    assert "ophæves af sig selv den 3. marts 2026 kl. 08.00" in page
    assert 'class="alert alert-warning"' in page
    assert not is_signed_in(client)


def test_the_account_is_blocked_whatever_the_spelling_of_the_address(
    client: Client, personas: Personas
) -> None:
    fail_passwords(client, "HR@Virksomhed.example", 3)
    fail_passwords(client, " hr@virksomhed.example", 2)

    assert submit_password(client, personas.employer_a.email).status_code == 429


def test_a_successful_sign_in_before_the_fifth_failure_starts_the_count_again(
    client: Client, personas: Personas, clock: TimeMachineFixture
) -> None:
    user = personas.consultant_a
    fail_passwords(client, user.email, 4)
    assert sign_in_with_form(client, user)["Location"] == "/"
    client.post("/konto/logout/")
    clock.shift(timedelta(seconds=30))  # a TOTP code counts once

    fail_passwords(client, user.email, 4)
    response = sign_in_with_form(client, user)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_the_right_password_without_the_second_factor_does_not_start_the_count_again(
    client: Client, personas: Personas
) -> None:
    user = personas.consultant_a
    fail_passwords(client, user.email, 4)
    assert submit_password(client, user.email)["Location"] == SECOND_FACTOR
    Client().post(LOGIN, {"login": user.email, "password": WRONG})

    assert submit_password(Client(), user.email).status_code == 429


def test_the_block_lifts_after_24_hours(
    client: Client, personas: Personas, clock: TimeMachineFixture
) -> None:
    email = personas.employer_a.email
    fail_passwords(client, email, 5)

    clock.shift(timedelta(hours=23, minutes=59))
    still_blocked = submit_password(client, email)
    clock.shift(timedelta(minutes=1, seconds=1))
    after_24_hours = submit_password(client, email)

    assert still_blocked.status_code == 429
    assert after_24_hours.status_code == 302
    assert is_signed_in(client)


def test_wrong_second_factor_codes_count_towards_the_block(
    client: Client, personas: Personas
) -> None:
    user = personas.manager_a
    assert submit_password(client, user.email)["Location"] == SECOND_FACTOR

    wrong_codes = [client.post(SECOND_FACTOR, {"code": "000000"}) for _ in range(5)]
    right_code = client.post(SECOND_FACTOR, {"code": code_now()})
    right_password = submit_password(Client(), user.email)

    assert [r.status_code for r in wrong_codes] == [200] * 4 + [429]
    assert LOCKED_TEXT in wrong_codes[-1].text
    assert right_code["Location"] != "/" and not is_signed_in(client)
    assert right_password.status_code == 429


def test_a_blocked_account_gets_no_emailed_code(client: Client, personas: Personas) -> None:
    email = personas.employer_a.email
    fail_passwords(client, email, 5)
    mail.outbox.clear()

    response = client.post(REQUEST_CODE, {"email": email})

    assert response.status_code == 429
    assert LOCKED_TEXT in response.text
    assert mail.outbox == []


def test_wrong_emailed_codes_count_towards_the_block(client: Client, personas: Personas) -> None:
    email = personas.employer_a.email
    fail_passwords(client, email, 2)
    assert client.post(REQUEST_CODE, {"email": email})["Location"] == CONFIRM_CODE

    wrong = [client.post(CONFIRM_CODE, {"code": "AAAA-AAAA"}) for _ in range(3)]

    assert [r.status_code for r in wrong] == [200, 200, 429]
    assert LOCKED_TEXT in wrong[-1].text
    assert not is_signed_in(client)
    assert submit_password(client, email).status_code == 429


def test_a_code_sent_before_the_block_no_longer_signs_in(
    client: Client, personas: Personas
) -> None:
    email = personas.employer_a.email
    client.post(REQUEST_CODE, {"email": email})
    code = emailed_code()
    fail_passwords(Client(), email, 5)

    response = client.post(CONFIRM_CODE, {"code": code})

    assert response.status_code == 429
    assert not is_signed_in(client)


def test_each_failure_is_logged_without_the_password(
    client: Client, personas: Personas, security_log: list[str]
) -> None:
    fail_passwords(client, personas.employer_a.email, 5)

    failures = [line for line in security_log if line.startswith("sign-in failed")]
    assert len(failures) == 5
    assert "account=hr@virksomhed.example" in failures[0]
    assert "failures=1/5" in failures[0]
    assert "failures=5/5 blocked" in failures[4]
    assert any(
        line.startswith("sign-in blocked: account=hr@virksomhed.example") for line in security_log
    )
    assert not any(WRONG in line or PASSWORD in line for line in security_log)


# --- Lockout: the API and the admin ---------------------------------------------------------


def test_api_token_creation_blocks_after_five_failures(client: Client, personas: Personas) -> None:
    email = personas.consultant_a.email

    def attempt(password: str) -> HttpResponse:
        return client.post(
            TOKENS,
            {"email": email, "password": password, "code": code_now()},
            content_type="application/json",
        )

    first_four = [attempt(WRONG) for _ in range(4)]
    fifth = attempt(WRONG)
    sixth_with_everything_right = attempt(PASSWORD)

    assert all(r.status_code in (401, 403) for r in first_four)
    assert fifth.status_code == 429
    assert sixth_with_everything_right.status_code == 429
    body = sixth_with_everything_right.json()
    assert body["code"] == "account_locked"
    assert "token" not in body
    assert int(sixth_with_everything_right["Retry-After"]) == 24 * 60 * 60


def test_api_failures_and_web_failures_add_up(client: Client, personas: Personas) -> None:
    email = personas.consultant_a.email
    fail_passwords(client, email, 3)
    for _ in range(2):
        client.post(
            TOKENS, {"email": email, "password": WRONG, "code": ""}, content_type="application/json"
        )

    assert submit_password(client, email).status_code == 429


def test_a_script_hammering_the_api_sign_in_from_one_address_cannot_block_five_accounts(
    client: Client, personas: Personas
) -> None:
    victims = [
        make_member(personas.roskilde, f"kollega{n}@roskilde.example", Role.CONSULTANT).user.email
        for n in range(5)
    ]
    answers = []
    for email in victims:
        for _ in range(5):
            response = client.post(
                TOKENS,
                {"email": email, "password": WRONG, "code": "000000"},
                content_type="application/json",
                REMOTE_ADDR="203.0.113.7",
            )
            answers.append(response)

    blocked = [email for email in victims if security.blocked_until(email)]
    limited = [r for r in answers if r.status_code == 429 and r.json()["code"] != "account_locked"]
    assert len(blocked) < 5, f"one address blocked {len(blocked)} accounts"
    assert limited, "the address was never limited"
    assert int(limited[0]["Retry-After"]) > 0
    assert "token" not in limited[0].json()
    # Another address, and the right password, still get through.
    other = client.post(
        TOKENS,
        {"email": personas.consultant_a.email, "password": PASSWORD, "code": code_now()},
        content_type="application/json",
        REMOTE_ADDR="198.51.100.20",
    )
    assert other.status_code == 201


def test_a_limited_address_is_refused_even_with_the_right_password_until_it_may_again(
    client: Client, personas: Personas, clock: TimeMachineFixture, settings: Settings
) -> None:
    settings.API_SIGNIN_FAILURES_PER_ADDRESS = [(3, 60 * 60), (6, 24 * 60 * 60)]
    email = personas.consultant_a.email

    def attempt(password: str) -> HttpResponse:
        return client.post(
            TOKENS,
            {"email": email, "password": password, "code": code_now()},
            content_type="application/json",
        )

    failures = [attempt(WRONG) for _ in range(3)]
    refused = attempt(PASSWORD)
    clock.shift(timedelta(hours=1, seconds=1))
    allowed_again = attempt(PASSWORD)

    assert [r.status_code for r in failures] == [401, 401, 401]
    assert refused.status_code == 429
    assert refused.json()["code"] == "too_many_attempts"
    assert int(refused["Retry-After"]) == 60 * 60
    assert allowed_again.status_code == 201


def api_attempt(client: Client, email: str, password: str, **meta: str) -> HttpResponse:
    return client.post(
        TOKENS,
        {"email": email, "password": password, "code": code_now()},
        content_type="application/json",
        **meta,
    )


def test_writing_another_address_into_x_forwarded_for_does_not_escape_the_limit(
    client: Client, personas: Personas, settings: Settings
) -> None:
    settings.API_SIGNIN_FAILURES_PER_ADDRESS = [(3, 60 * 60), (6, 24 * 60 * 60)]
    email = personas.consultant_a.email

    failures = [
        api_attempt(client, email, WRONG, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}") for n in range(3)
    ]
    fourth = api_attempt(client, email, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert [r.status_code for r in failures] == [401, 401, 401]
    assert fourth.status_code == 429
    assert fourth.json()["code"] == "too_many_attempts"


def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_address(
    client: Client, personas: Personas, settings: Settings, security_log: list[str]
) -> None:
    settings.API_SIGNIN_FAILURES_PER_ADDRESS = [(3, 60 * 60), (6, 24 * 60 * 60)]
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.254"}
    email = personas.consultant_a.email

    for _ in range(3):
        api_attempt(client, email, WRONG, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    attacker_again = api_attempt(client, email, WRONG, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    # The attacker writes someone else's address first; the proxy appends the real one.
    forged = api_attempt(
        client, email, WRONG, HTTP_X_FORWARDED_FOR="198.51.100.20, 203.0.113.7", **proxy
    )
    colleague = api_attempt(client, email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20", **proxy)

    assert attacker_again.status_code == 429
    assert forged.status_code == 429
    assert colleague.status_code == 201
    assert any("ip=203.0.113.7" in line for line in security_log)
    assert not any("ip=10.0.0.254" in line for line in security_log)


@pytest.fixture
def platform_staff(db: None) -> User:
    return User.objects.create_superuser("platform@jobbro.example", PASSWORD)


def test_the_admin_has_no_password_form_of_its_own(client: Client, platform_staff: User) -> None:
    page = client.get(ADMIN_LOGIN + "?next=/admin/")
    posted = client.post(
        ADMIN_LOGIN, {"username": platform_staff.email, "password": PASSWORD, "next": "/admin/"}
    )

    assert page.status_code == 302
    assert page["Location"].startswith("/konto/login/")
    assert posted.status_code == 302
    assert not is_signed_in(client)


def test_the_admin_needs_the_second_factor(client: Client, platform_staff: User) -> None:
    TOTP.activate(platform_staff, TOTP_SECRET)
    submit_password(client, platform_staff.email)
    assert client.get("/admin/").status_code == 302  # the second factor is still missing

    client.post(SECOND_FACTOR, {"code": code_now()})

    assert client.get("/admin/").status_code == 200


def test_the_admin_sign_in_blocks_after_five_failures(client: Client, platform_staff: User) -> None:
    # The admin's sign-in is the web sign-in, so the same lockout holds.
    fail_passwords(client, platform_staff.email, 5)

    assert submit_password(client, platform_staff.email).status_code == 429
    assert not is_signed_in(client)


def test_lifting_a_block_in_the_admin_is_logged_with_who_did_it(
    client: Client, personas: Personas, platform_staff: User, security_log: list[str]
) -> None:
    fail_passwords(Client(), personas.employer_a.email, 5)
    attempt = AccessAttempt.objects.get(username="hr@virksomhed.example")
    TOTP.activate(platform_staff, TOTP_SECRET)
    sign_in(client, platform_staff)

    response = client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    lifted = [line for line in security_log if line.startswith("sign-in block lifted")]
    assert len(lifted) == 1
    assert "account=hr@virksomhed.example" in lifted[0]
    assert "by=platform@jobbro.example" in lifted[0]
    assert "at=2026-03-02T07:00:00+00:00" in lifted[0]
    assert submit_password(Client(), personas.employer_a.email).status_code == 302


def test_lifting_a_block_from_the_command_line_is_logged(
    personas: Personas, security_log: list[str]
) -> None:
    fail_passwords(Client(), personas.employer_a.email, 5)

    call_command("axes_reset_username", "hr@virksomhed.example", stdout=io.StringIO())

    lifted = [line for line in security_log if line.startswith("sign-in block lifted")]
    assert len(lifted) == 1
    assert "by=system" in lifted[0]
    assert submit_password(Client(), personas.employer_a.email).status_code == 302


def test_lockout_reset_lifts_a_block_and_logs_who_asked(
    personas: Personas, security_log: list[str]
) -> None:
    fail_passwords(Client(), personas.employer_a.email, 5)

    security.lockout_reset(actor=personas.admin_a.email, account="HR@virksomhed.example")

    assert any(
        line.startswith("sign-in block lifted: account=hr@virksomhed.example")
        for line in security_log
    )
    assert any("by=admin@roskilde.example" in line for line in security_log)
    assert submit_password(Client(), personas.employer_a.email).status_code == 302


MEMBERS = "/roskilde/indstillinger/brugere/"


def unblock_url(personas: Personas, user: User, slug: str = "roskilde") -> str:
    with tenant_scope(personas.roskilde):
        public_id = Membership.objects.get(user=user).public_id
    return f"/{slug}/indstillinger/brugere/{public_id}/laas-op/"


def test_an_admin_lifts_a_members_block_after_confirming_and_it_is_logged(
    client: Client, personas: Personas, security_log: list[str]
) -> None:
    email = personas.consultant_a.email
    fail_passwords(Client(), email, 5)
    sign_in(client, personas.admin_a)
    url = unblock_url(personas, personas.consultant_a)

    listed = client.get(MEMBERS).content.decode()
    asked = client.get(url).content.decode()
    still_blocked = submit_password(Client(), email).status_code
    lifted = client.post(url, follow=True)

    assert "Spærret" in listed and url in listed
    assert "Ja, lås op" in asked
    assert still_blocked == 429
    assert "Karen kan logge ind igen." in lifted.content.decode()
    assert security.blocked_until(email) is None
    assert submit_password(Client(), email).status_code == 302
    lines = [line for line in security_log if line.startswith("sign-in block lifted")]
    assert len(lines) == 1
    assert f"account={email}" in lines[0] and "by=admin@roskilde.example" in lines[0]
    assert url not in client.get(MEMBERS).content.decode()


def test_a_consultant_cannot_lift_a_block(client: Client, personas: Personas) -> None:
    email = personas.manager_a.email
    fail_passwords(Client(), email, 5)
    sign_in(client, personas.consultant_a)
    url = unblock_url(personas, personas.manager_a)

    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert security.blocked_until(email) is not None
    assert submit_password(Client(), email).status_code == 429


def test_an_admin_of_another_jobcenter_cannot_lift_a_block(
    client: Client, personas: Personas
) -> None:
    email = personas.consultant_a.email
    fail_passwords(Client(), email, 5)
    sign_in(client, personas.admin_b)

    for slug in ("aalborg", "roskilde"):
        url = unblock_url(personas, personas.consultant_a, slug)
        assert client.get(url).status_code == 404, slug
        assert client.post(url).status_code == 404, slug
    assert security.blocked_until(email) is not None
    assert submit_password(Client(), email).status_code == 429


def test_clear_signin_failures_starts_the_count_again(personas: Personas) -> None:
    email = personas.employer_a.email
    fail_passwords(Client(), email, 4)

    security.clear_signin_failures(account=email)
    fail_passwords(Client(), email, 4)

    assert submit_password(Client(), email).status_code == 302


# --- The second factor per role -------------------------------------------------------------

STAFF = ["admin_a", "manager_a", "consultant_a", "board_a"]


@pytest.mark.parametrize("persona", STAFF)
def test_staff_are_not_signed_in_before_the_second_factor(
    client: Client, personas: Personas, persona: str
) -> None:
    user = getattr(personas, persona)

    after_password = submit_password(client, user.email)
    page = client.get(DASHBOARD)

    assert after_password["Location"] == SECOND_FACTOR
    assert page["Location"] == f"{LOGIN}?next=/roskilde/"
    assert client.post(SECOND_FACTOR, {"code": code_now()}).status_code == 302
    assert client.get(DASHBOARD).status_code == 200


def test_a_code_typed_as_the_window_turns_still_signs_in(
    client: Client, personas: Personas
) -> None:
    window = int(time.time()) // 30
    submit_password(client, personas.consultant_a.email)

    client.post(SECOND_FACTOR, {"code": format_hotp_value(hotp_value(TOTP_SECRET, window - 1))})

    assert is_signed_in(client)


def test_a_code_from_a_minute_ago_is_refused(client: Client, personas: Personas) -> None:
    window = int(time.time()) // 30
    submit_password(client, personas.consultant_a.email)

    client.post(SECOND_FACTOR, {"code": format_hotp_value(hotp_value(TOTP_SECRET, window - 3))})

    assert not is_signed_in(client)


@pytest.mark.parametrize("persona", STAFF)
def test_staff_signed_in_without_the_second_factor_must_prove_it_first(
    client: Client, personas: Personas, persona: str
) -> None:
    sign_in(client, getattr(personas, persona), second_factor=False)

    response = client.get(DASHBOARD)

    assert response["Location"] == f"{REAUTHENTICATE}?next=%2Froskilde%2F"


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MANAGER, Role.CONSULTANT, Role.BOARD])
def test_staff_without_an_authenticator_are_sent_to_enrol(
    client: Client, personas: Personas, role: str
) -> None:
    user = make_member(
        personas.roskilde, f"new-{role}@roskilde.example", role, with_totp=False
    ).user
    assert sign_in_with_form(client, user).status_code == 302

    response = client.get(DASHBOARD)

    assert response["Location"] == f"{ENROL}?next=%2Froskilde%2F"


def test_an_employer_contact_needs_no_second_factor(client: Client, personas: Personas) -> None:
    response = submit_password(client, personas.employer_a.email)

    assert response["Location"] == "/"
    assert client.get(DASHBOARD).status_code == 200


# allauth announces a new authenticator once the transaction commits, which in a request on
# /konto/ is at once; a test inside a transaction would never see it.
@pytest.mark.django_db(transaction=True)
def test_a_new_staff_member_enrols_and_lands_on_the_page_they_wanted(
    client: Client, personas: Personas
) -> None:
    user = make_member(
        personas.roskilde, "ny@roskilde.example", Role.CONSULTANT, with_totp=False
    ).user
    sign_in_with_form(client, user)
    enrol_url = client.get(DASHBOARD)["Location"]
    # allauth asks for the password again before any change to the second factor.
    confirm_url = client.get(enrol_url)["Location"]
    confirmed = client.post(confirm_url, {"password": PASSWORD, "next": enrol_url})

    page = client.get(enrol_url)
    secret = client.session["mfa.totp.secret"]
    wrong = client.post(enrol_url, {"code": "000000", "next": "/roskilde/"})
    right = client.post(enrol_url, {"code": code_now(secret), "next": "/roskilde/"})

    assert confirm_url.startswith("/konto/reauthenticate/?next=")
    assert confirmed["Location"] == enrol_url
    assert page.status_code == 200
    html = page.text
    assert 'src="data:image/svg+xml;base64,' in html
    assert f'value="{secret}"' in html
    assert 'name="next" value="/roskilde/"' in html
    assert " style=" not in html and "<style" not in html
    assert "img-src 'self' data:" in page["Content-Security-Policy"]
    assert wrong.status_code == 200 and "Forkert kode" in wrong.text
    assert right["Location"] == "/roskilde/"
    landed = client.get("/roskilde/")
    assert landed.status_code == 200
    assert "Godkenderappen er aktiveret" in landed.text
    assert "Gem dem et sikkert sted" in landed.text
    assert "/konto/2fa/recovery-codes/" in landed.text


def test_the_second_factor_page_and_the_reauthentication_page_are_danish(
    client: Client, personas: Personas
) -> None:
    submit_password(client, personas.consultant_a.email)
    second_factor = client.get(SECOND_FACTOR)
    other = Client()
    sign_in(other, personas.consultant_a, second_factor=False)
    reauthenticate = other.get(f"{REAUTHENTICATE}?next=/roskilde/")

    assert "Kode fra godkenderappen" in second_factor.text
    assert "Bekræft, at det er dig" in reauthenticate.text
    assert (
        other.post(REAUTHENTICATE, {"code": code_now(), "next": "/roskilde/"})["Location"]
        == "/roskilde/"
    )


# --- Signing in with an e-mailed code -------------------------------------------------------


def test_the_sign_in_page_offers_a_code_by_email(client: Client, personas: Personas) -> None:
    assert f'href="{REQUEST_CODE}"' in client.get(LOGIN).text


def test_an_employer_contact_signs_in_with_an_emailed_code(
    client: Client, personas: Personas
) -> None:
    requested = client.post(REQUEST_CODE, {"email": personas.employer_a.email})
    confirmed = client.post(CONFIRM_CODE, {"code": emailed_code()})

    assert requested["Location"] == CONFIRM_CODE
    assert mail.outbox[-1].to == [personas.employer_a.email]
    assert confirmed.status_code == 302
    assert is_signed_in(client)
    assert client.get(DASHBOARD).status_code == 200


def test_staff_signing_in_with_an_emailed_code_still_need_the_second_factor(
    client: Client, personas: Personas
) -> None:
    client.post(REQUEST_CODE, {"email": personas.consultant_a.email})

    confirmed = client.post(CONFIRM_CODE, {"code": emailed_code()})

    assert confirmed["Location"] == SECOND_FACTOR
    assert not is_signed_in(client)
    assert client.post(SECOND_FACTOR, {"code": code_now()}).status_code == 302
    assert client.get(DASHBOARD).status_code == 200


# --- Sessions -------------------------------------------------------------------------------


def test_a_session_ends_after_30_idle_minutes(
    client: Client, personas: Personas, clock: TimeMachineFixture
) -> None:
    submit_password(client, personas.employer_a.email)

    clock.shift(timedelta(minutes=29))
    after_29 = client.get(DASHBOARD)
    clock.shift(timedelta(minutes=29))
    after_another_29 = client.get(DASHBOARD)
    clock.shift(timedelta(minutes=30, seconds=1))
    after_30_idle = client.get(DASHBOARD)

    assert after_29.status_code == 200
    assert after_another_29.status_code == 200
    assert after_30_idle["Location"] == f"{LOGIN}?next=/roskilde/"


def test_a_session_ends_12_hours_after_sign_in_however_active(
    client: Client, personas: Personas, clock: TimeMachineFixture
) -> None:
    submit_password(client, personas.employer_a.email)

    statuses = []
    for _ in range(28):  # a request every 25 minutes: 11 h 40 min
        clock.shift(timedelta(minutes=25))
        statuses.append(client.get(DASHBOARD).status_code)
    clock.shift(timedelta(minutes=19, seconds=59))
    just_before = client.get(DASHBOARD)
    clock.shift(timedelta(seconds=1))
    at_12_hours = client.get(DASHBOARD)
    sign_in_page = client.get(at_12_hours["Location"])

    assert statuses == [200] * 28
    assert just_before.status_code == 200
    assert at_12_hours["Location"] == f"{LOGIN}?next=/roskilde/"
    assert not is_signed_in(client)
    assert "Du er blevet logget ud efter 12 timer. Log ind igen." in sign_in_page.text


def test_deactivating_a_user_ends_their_session_at_the_next_request(
    client: Client, personas: Personas
) -> None:
    user = personas.employer_a
    submit_password(client, user.email)
    assert client.get(DASHBOARD).status_code == 200
    backend = load_backend(client.session[BACKEND_SESSION_KEY])

    User.objects.filter(pk=user.pk).update(is_active=False)
    after_deactivation = client.get(DASHBOARD)
    User.objects.filter(pk=user.pk).update(is_active=True)
    after_reactivation = client.get(DASHBOARD)

    # The session is resolved by a ModelBackend (which refuses inactive users), never by axes.
    assert isinstance(backend, ModelBackend)
    assert after_deactivation["Location"] == f"{LOGIN}?next=/roskilde/"
    assert after_reactivation["Location"] == f"{LOGIN}?next=/roskilde/"


def test_signing_in_gives_the_session_a_new_key(client: Client, personas: Personas) -> None:
    submit_password(client, personas.consultant_a.email)
    before = client.session.session_key

    client.post(SECOND_FACTOR, {"code": code_now()})
    after = client.session.session_key

    assert is_signed_in(client)
    assert before and after and before != after
    assert not Session.objects.filter(session_key=before).exists()


def test_a_planted_session_key_is_not_signed_in(client: Client, personas: Personas) -> None:
    planted = client.session
    planted["planted"] = True
    planted.save()

    submit_password(client, personas.employer_a.email)

    assert client.session.session_key != planted.session_key
    assert not Session.objects.filter(session_key=planted.session_key).exists()


# --- Passwords ------------------------------------------------------------------------------

TOO_SHORT = "Kort-kode-1"  # 11 characters
COMMON = "qwertyqwerty"  # 12 characters, on Django's list of common passwords
GOOD = "Blaabaergroed-i-Roskilde-7"


def test_changing_the_password_refuses_short_and_common_passwords(
    client: Client, personas: Personas
) -> None:
    submit_password(client, personas.employer_a.email)

    def change(new: str) -> HttpResponse:
        return client.post(
            "/konto/password/change/",
            {"oldpassword": PASSWORD, "password1": new, "password2": new},
        )

    too_short, common, good = change(TOO_SHORT), change(COMMON), change(GOOD)

    assert len(TOO_SHORT) == 11
    assert "Denne adgangskode er for kort. Den skal indeholde mindst 12 tegn." in too_short.text
    assert "Denne adgangskode er for almindelig." in common.text
    assert good.status_code == 302
    personas.employer_a.refresh_from_db()
    assert personas.employer_a.check_password(GOOD)


def test_resetting_the_password_refuses_short_and_common_passwords(
    client: Client, personas: Personas
) -> None:
    client.post("/konto/password/reset/", {"email": personas.employer_a.email})
    link = re.search(r"http://\S+(/konto/password/reset/key/\S+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    form_url = client.get(link.group(1))["Location"]

    too_short = client.post(form_url, {"password1": TOO_SHORT, "password2": TOO_SHORT})
    common = client.post(form_url, {"password1": COMMON, "password2": COMMON})

    assert "Denne adgangskode er for kort. Den skal indeholde mindst 12 tegn." in too_short.text
    assert "Denne adgangskode er for almindelig." in common.text
    personas.employer_a.refresh_from_db()
    assert personas.employer_a.check_password(PASSWORD)


# --- Development: the code of a newly enrolled key ------------------------------------------


def test_make_demo_code_with_a_new_users_key_prints_the_code_that_signs_them_in(
    personas: Personas, settings: Settings
) -> None:
    settings.DEBUG = True
    newcomer = make_member(personas.roskilde, "ny@roskilde.example", Role.CONSULTANT).user
    key = "NEWCOMERKEYNEWCOMERKEY2345ABCDEF"
    newcomer.authenticator_set.all().delete()
    TOTP.activate(newcomer, key)
    printed = io.StringIO()

    call_command("demo_totp", "--key", key.lower(), stdout=printed)

    client = Client()
    assert submit_password(client, newcomer.email)["Location"] == SECOND_FACTOR
    response = client.post(SECOND_FACTOR, {"code": printed.getvalue().strip()})
    assert response.status_code == 302
    assert is_signed_in(client)
