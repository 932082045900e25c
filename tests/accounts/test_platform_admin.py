"""Platform staff's powers over people (/admin/): a jobcenter's first admin only while it has
no members, and every change to a user, their password or their second factor only with a
reason, written to PlatformAudit. Tried as staff would, through the admin's own forms."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.test import Client
from pytest_django.fixtures import Settings

from accounts.models import Invitation, Jobcenter, Membership, PlatformAudit, Role, User
from accounts.tenancy import tenant_scope
from tests.factories import PASSWORD, TOTP_SECRET, Personas, sign_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Platformens-nye-kode-2026"


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(db: None) -> User:
    user = User.objects.create_superuser("platform@jobbro.example", PASSWORD, name="Pia Platform")
    TOTP.activate(user, TOTP_SECRET)
    return user


@pytest.fixture
def admin_site(client: Client, staff: User) -> Client:
    return sign_in(client, staff)


def text(response) -> str:
    return " ".join(response.content.decode().split())


def jobcenter_form(jobcenter: Jobcenter | None = None, **extra: str) -> dict[str, str]:
    data = {
        "name": jobcenter.name if jobcenter else "Jobcenter Køge",
        "slug": jobcenter.slug if jobcenter else "koege",
        "municipality_code": jobcenter.municipality_code if jobcenter else "259",
        "board_label": "LBR",
        "access_log_retention_months": "12",
        "candidate_retention_years": "5",
        "is_active": "on",
        "first_admin_email": "",
        "first_admin_name": "",
        "reason": "",
    }
    data.update(extra)
    return data


# --- The first admin ------------------------------------------------------------------------


def test_staff_cannot_make_themselves_admin_of_a_jobcenter_that_has_members(
    admin_site: Client, staff: User, personas: Personas
) -> None:
    response = admin_site.post(
        f"/admin/accounts/jobcenter/{personas.roskilde.pk}/change/",
        jobcenter_form(
            personas.roskilde, first_admin_email=staff.email, reason="Jeg skal lige se noget"
        ),
    )

    assert response.status_code == 200
    assert "Jobcentret har allerede medlemmer" in text(response)
    with tenant_scope(personas.roskilde):
        assert not Membership.objects.filter(user=staff).exists()
        assert not Invitation.objects.exists()
    assert not PlatformAudit.objects.exists()
    assert not mail.outbox


def test_the_first_admin_of_an_empty_jobcenter_is_invited_and_audited(
    admin_site: Client, staff: User
) -> None:
    without_reason = admin_site.post(
        "/admin/accounts/jobcenter/add/", jobcenter_form(first_admin_email=staff.email)
    )
    assert without_reason.status_code == 200
    assert "Skriv, hvorfor personen skal være administrator" in text(without_reason)
    assert not Jobcenter.objects.filter(slug="koege").exists()

    # Even staff inviting themselves: allowed for a jobcenter without members, and on record.
    created = admin_site.post(
        "/admin/accounts/jobcenter/add/",
        jobcenter_form(
            first_admin_email=staff.email.upper(),
            first_admin_name="Pia Platform",
            reason="Opsætning for Køge Kommune, sag 2026-114",
        ),
    )

    assert created.status_code == 302
    koege = Jobcenter.objects.get(slug="koege")
    with tenant_scope(koege):
        invitation = Invitation.objects.get()
        # No membership until the invitation is accepted from the mailbox.
        assert not Membership.objects.exists()
    assert (invitation.email, invitation.role, invitation.first_admin) == (
        staff.email,
        Role.ADMIN,
        True,
    )
    audit = PlatformAudit.objects.get()
    assert audit.actor == staff.email
    assert staff.email in audit.reason and "Jobcenter Køge" in audit.reason
    assert "Opsætning for Køge Kommune, sag 2026-114" in audit.reason
    assert mail.outbox[-1].to == [staff.email]
    assert "Jobbros platformsadministration har inviteret dig" in mail.outbox[-1].body


# --- Users: changes, passwords and second factors ------------------------------------------


def test_changing_a_user_needs_a_reason_and_is_audited(
    admin_site: Client, personas: Personas
) -> None:
    user = personas.consultant_a
    url = f"/admin/accounts/user/{user.pk}/change/"
    form = {
        "email": user.email,
        "name": user.name,
        "is_active": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
    }

    refused = admin_site.post(url, form)
    user.refresh_from_db()
    assert refused.status_code == 200
    assert user.is_active
    assert not PlatformAudit.objects.exists()

    done = admin_site.post(url, {**form, "reason": "Fratrådt, jf. mail fra jobcentret"})
    user.refresh_from_db()
    assert done.status_code == 302
    assert not user.is_active
    audit = PlatformAudit.objects.get()
    assert "consultant@roskilde.example" in audit.reason and "is_active" in audit.reason
    assert "Fratrådt, jf. mail fra jobcentret" in audit.reason


def test_setting_a_password_in_the_admin_needs_a_reason_and_is_audited(
    admin_site: Client, personas: Personas
) -> None:
    user = personas.consultant_a
    url = f"/admin/accounts/user/{user.pk}/password/"
    form = {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}

    refused = admin_site.post(url, form)
    user.refresh_from_db()
    assert refused.status_code == 200
    assert user.check_password(PASSWORD)
    assert not PlatformAudit.objects.exists()
    assert not mail.outbox

    done = admin_site.post(url, {**form, "reason": "Glemt adgangskode, ringede ind 2. marts"})
    user.refresh_from_db()
    assert done.status_code == 302
    assert user.check_password(NEW_PASSWORD)
    audit = PlatformAudit.objects.get()
    assert "ny adgangskode for consultant@roskilde.example" in audit.reason
    assert "Glemt adgangskode, ringede ind 2. marts" in audit.reason
    assert mail.outbox[-1].to == [user.email]
    assert "adgangskode" in mail.outbox[-1].subject


def test_resetting_a_second_factor_needs_a_reason_and_is_audited(
    admin_site: Client, personas: Personas
) -> None:
    user = personas.consultant_a
    change_page = admin_site.get(f"/admin/accounts/user/{user.pk}/change/")
    url = f"/admin/accounts/user/{user.pk}/totrinsbekraeftelse/"

    refused = admin_site.post(url, {"reason": " "})
    assert refused.status_code == 200
    assert Authenticator.objects.filter(user=user).exists()
    assert not PlatformAudit.objects.exists()

    done = admin_site.post(url, {"reason": "Mistet telefon, sag 2026-201"})
    assert url in change_page.content.decode()
    assert done.status_code == 302
    assert not Authenticator.objects.filter(user=user).exists()
    audit = PlatformAudit.objects.get()
    assert "totrinsbekræftelsen for consultant@roskilde.example" in audit.reason
    assert "Mistet telefon, sag 2026-201" in audit.reason
    assert mail.outbox[-1].to == [user.email]


def test_second_factors_and_addresses_cannot_be_changed_around_the_audit(
    admin_site: Client, personas: Personas
) -> None:
    from allauth.account.models import EmailAddress

    authenticator = Authenticator.objects.filter(user=personas.consultant_a).first()
    address, _made = EmailAddress.objects.get_or_create(
        user=personas.consultant_a, email=personas.consultant_a.email
    )

    deleted = admin_site.post(
        f"/admin/mfa/authenticator/{authenticator.pk}/delete/", {"post": "yes"}
    )
    bulk = admin_site.post(
        "/admin/mfa/authenticator/",
        {"action": "delete_selected", "_selected_action": [authenticator.pk], "post": "yes"},
    )
    address_change = admin_site.post(
        f"/admin/account/emailaddress/{address.pk}/change/",
        {"user": personas.consultant_a.pk, "email": "angriber@example.org", "verified": "on"},
    )
    user_delete = admin_site.post(
        f"/admin/accounts/user/{personas.consultant_a.pk}/delete/", {"post": "yes"}
    )
    user_add = admin_site.get("/admin/accounts/user/add/")

    assert deleted.status_code == 403
    assert bulk.status_code in (200, 302)
    assert Authenticator.objects.filter(pk=authenticator.pk).exists()
    assert address_change.status_code == 403
    assert EmailAddress.objects.get(pk=address.pk).email == "consultant@roskilde.example"
    assert user_delete.status_code == 403
    assert user_add.status_code == 403
    assert User.objects.filter(pk=personas.consultant_a.pk).exists()


def test_the_admin_pages_for_users_open(admin_site: Client, personas: Personas) -> None:
    user = personas.consultant_a
    for path in (
        "/admin/accounts/user/",
        f"/admin/accounts/user/{user.pk}/change/",
        f"/admin/accounts/user/{user.pk}/password/",
        f"/admin/accounts/user/{user.pk}/totrinsbekraeftelse/",
        "/admin/mfa/authenticator/",
        "/admin/account/emailaddress/",
        "/admin/accounts/jobcenter/add/",
        f"/admin/accounts/jobcenter/{personas.roskilde.pk}/change/",
    ):
        assert admin_site.get(path).status_code == 200, path


def test_the_new_jobcentre_form_says_what_the_short_name_in_the_address_is(
    admin_site: Client,
) -> None:
    response = admin_site.get("/admin/accounts/jobcenter/add/")

    assert response.status_code == 200
    assert "fx koege giver /koege/" in text(response)
    assert "Bruges i adressen: //" not in text(response)


# --- The admin in Danish -------------------------------------------------------------------


# Words of the packages' English names that the admin showed on every page.
ENGLISH = re.compile(
    r"\b(Access (attempts?|failures?|logs?)|Platform audits?|Authenticators?|AXES|MFA|"
    r"Created at|Last used at|User Agent|IP Address|Username|Logout Time|Attempt Time)\b",
    re.IGNORECASE,
)


def test_the_admin_names_every_model_and_column_in_danish(admin_site: Client, staff: User) -> None:
    index = admin_site.get("/admin/")
    pages = {"/admin/": index}
    for path in re.findall(r'href="(/admin/[a-z]+/[a-z]+/)"', index.content.decode()):
        pages[path] = admin_site.get(path)
    pages["authenticator"] = admin_site.get(
        f"/admin/mfa/authenticator/{Authenticator.objects.get(user=staff).pk}/change/"
    )

    assert len(pages) >= 9  # the index and the lists of every model staff may see
    for path, response in pages.items():
        assert response.status_code == 200, path
        visible = re.sub(r"<[^>]+>", " ", response.content.decode())
        assert not ENGLISH.search(visible), f"{path}: {ENGLISH.search(visible).group(0)}"
    index_text = text(index)
    for name in ("Log ind-forsøg og spærring", "Spærretællere", "Totrinsbekræftelser"):
        assert name in index_text
    assert "Platformens revisionslog" in index_text
