"""A person's own API tokens under Mine indstillinger (accounts.views.own_token_*): made only by
the person they belong to, for themselves, by roles that may use the API."""

from __future__ import annotations

import hashlib
import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import ApiToken, Jobcenter, Membership, User
from accounts.tenancy import tenant_scope
from tests.factories import PASSWORD, TOTP_SECRET, Personas, confirm_identity, sign_in

pytestmark = pytest.mark.django_db

MY_SETTINGS = "/roskilde/mine-indstillinger/"


def url(name: str, jobcenter: str = "roskilde", **kwargs: object) -> str:
    return reverse(f"own_tokens:{name}", kwargs={"jobcenter": jobcenter, **kwargs})


def text(response) -> str:
    return " ".join(response.content.decode().split())


def membership_of(user: User, jobcenter: Jobcenter) -> Membership:
    with tenant_scope(jobcenter):
        return Membership.objects.get(user=user)


def own_token(user: User, jobcenter: Jobcenter, name: str = "CRM") -> ApiToken:
    with tenant_scope(jobcenter):
        token, _plain = services.api_token_create(
            actor=user, membership=Membership.objects.get(user=user), name=name, read_only=True
        )
    return token


def test_a_consultant_makes_their_own_token_which_is_shown_once(
    client: Client, personas: Personas
) -> None:
    sign_in(client, personas.consultant_a)
    assert "Lav en API-nøgle" in text(client.get(MY_SETTINGS))
    confirm_identity(client, personas.consultant_a)

    response = client.post(url("add"), {"name": "Karens CRM", "read_only": "on"})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = text(response)
    assert "Kopiér nøglen nu" in html
    plain = re.search(r'id="new-token" value="(jb_[^"]+)"', html).group(1)
    with tenant_scope(personas.roskilde):
        token = ApiToken.objects.select_related("membership").get()
    assert token.key_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert plain.startswith(token.prefix) and plain not in {token.name, token.prefix}
    assert token.membership.user_id == token.created_by_id == personas.consultant_a.pk
    assert token.read_only
    me = Client().get("/api/v1/roskilde/me/", headers={"authorization": f"Bearer {plain}"})
    assert me.json()["email"] == "consultant@roskilde.example"

    listed = text(client.get(MY_SETTINGS))
    assert "Karens CRM" in listed and token.prefix in listed and plain not in listed


def test_a_posted_membership_is_ignored_the_token_is_always_ones_own(
    client: Client, personas: Personas
) -> None:
    manager = membership_of(personas.manager_a, personas.roskilde)
    confirm_identity(sign_in(client, personas.consultant_a), personas.consultant_a)

    client.post(url("add"), {"name": "Forsøg", "membership": str(manager.public_id)})

    with tenant_scope(personas.roskilde):
        assert not ApiToken.objects.filter(membership=manager).exists()
        assert ApiToken.objects.get().membership.user == personas.consultant_a


def test_a_session_alone_cannot_make_a_token_the_password_is_asked_first(
    client: Client, personas: Personas
) -> None:
    sign_in(client, personas.consultant_a)  # e.g. a session left open, or taken over

    form = client.get(url("add"))
    posted = client.post(url("add"), {"name": "Bagdør", "read_only": ""})

    for response in (form, posted):
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/reauthenticate/?next=")
        assert "mine-indstillinger" in response["Location"]
    with tenant_scope(personas.roskilde):
        assert not ApiToken.objects.exists()

    wrong = client.post(form["Location"], {"password": "forkert-2026"})
    assert wrong.status_code == 200
    assert client.get(url("add")).status_code == 302
    confirmed = client.post(form["Location"], {"password": PASSWORD})
    assert confirmed["Location"] == url("add")
    assert client.post(url("add"), {"name": "CRM"}).status_code == 200
    with tenant_scope(personas.roskilde):
        assert ApiToken.objects.get().membership.user == personas.consultant_a


@pytest.mark.parametrize("persona", ["board_a", "employer_a"])
def test_roles_that_do_not_use_the_api_cannot_make_a_token(
    client: Client, personas: Personas, persona: str
) -> None:
    sign_in(client, getattr(personas, persona))

    assert client.get(url("add")).status_code == 403
    assert client.post(url("add"), {"name": "Forsøg"}).status_code == 403
    with tenant_scope(personas.roskilde):
        assert not ApiToken.objects.exists()


def test_a_board_member_cannot_get_a_token_by_signing_in_to_the_api(
    client: Client, personas: Personas
) -> None:
    code = format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))
    response = client.post(
        "/api/v1/roskilde/tokens/",
        {"email": personas.board_a.email, "password": PASSWORD, "code": code},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert "token" not in response.json()
    with tenant_scope(personas.roskilde):
        assert not ApiToken.objects.exists()


def test_a_person_revokes_their_own_token_after_confirming(
    client: Client, personas: Personas
) -> None:
    token = own_token(personas.consultant_a, personas.roskilde, "Karens CRM")
    sign_in(client, personas.consultant_a)
    revoke = url("revoke", public_id=token.public_id)

    asked = text(client.get(revoke))
    assert "Tilbagekald API-nøglen »Karens CRM«?" in asked
    revoked = client.post(revoke, follow=True)

    assert "API-nøglen »Karens CRM« er tilbagekaldt." in text(revoked)
    with tenant_scope(personas.roskilde):
        assert ApiToken.objects.get().revoked_at is not None


def test_a_colleagues_token_cannot_be_revoked_from_ones_own_settings(
    client: Client, personas: Personas
) -> None:
    theirs = own_token(personas.manager_a, personas.roskilde)
    sign_in(client, personas.consultant_a)

    assert client.get(url("revoke", public_id=theirs.public_id)).status_code == 404
    assert client.post(url("revoke", public_id=theirs.public_id)).status_code == 404
    with tenant_scope(personas.roskilde):
        assert ApiToken.objects.get().revoked_at is None


def test_mine_indstillinger_lists_only_ones_own_tokens(client: Client, personas: Personas) -> None:
    own_token(personas.consultant_a, personas.roskilde, "Karens CRM")
    own_token(personas.manager_a, personas.roskilde, "Mads' rapport")
    sign_in(client, personas.consultant_a)

    html = text(client.get(MY_SETTINGS))

    assert "Karens CRM" in html
    assert "Mads' rapport" not in html and "Mads&#x27; rapport" not in html
