"""Invitations and address changes (accounts.invitations, accounts.email_changes), mostly
written as the attacks they stop: nobody sets their own sign-in address, so nobody can sit on
an address and collect the membership someone else is invited to."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings
from time_machine import TimeMachineFixture

from accounts import email_changes, invitations
from accounts.models import EmailChange, Invitation, Jobcenter, Membership, Role, User
from accounts.tenancy import tenant_scope
from tests.factories import PASSWORD, Personas, make_member, sign_in

pytestmark = pytest.mark.django_db

GOOD = "Blaabaergroed-i-Roskilde-7"
ENROL = "/konto/2fa/totp/activate/"
NEW_COLLEAGUE = "ny.kollega@aalborg.example"


@pytest.fixture(autouse=True)
def _fresh_cache(settings: Settings) -> None:
    # allauth keeps rate limits in the cache; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()


def settings_url(name: str, jobcenter: str = "roskilde", **kwargs: object) -> str:
    return reverse(f"accounts:{name}", kwargs={"jobcenter": jobcenter, **kwargs})


def text(response) -> str:
    return " ".join(response.content.decode().split())


def link_in(message: mail.EmailMessage, path: str = "invitation") -> str:
    found = re.search(rf"https?://[^/\s]+(/{path}/[^\s/]+/)", message.body)
    assert found, message.body
    return found.group(1)


def invite(admin: Client, jobcenter: str, email: str, role: str = Role.CONSULTANT) -> str:
    """The admin invites `email`; returns the path of the link the invitee gets."""
    response = admin.post(
        settings_url("invite", jobcenter), {"email": email, "name": "Ny Kollega", "role": role}
    )
    assert response.status_code == 302, text(response)
    assert mail.outbox[-1].to == [email]
    return link_in(mail.outbox[-1])


def accept_as_new(client: Client, link: str, password: str = GOOD, name: str = "Ny Kollega"):
    return client.post(link, {"name": name, "password1": password, "password2": password})


def membership_in(jobcenter: Jobcenter, user: User) -> Membership | None:
    with tenant_scope(jobcenter):
        return Membership.objects.filter(user=user).first()


# --- The attack: sitting on someone else's address ------------------------------------------


def test_an_address_taken_on_the_email_page_does_not_collect_another_jobcenters_membership(
    client: Client, personas: Personas
) -> None:
    attacker = personas.employer_a
    sign_in(client, attacker)

    # The attacker adds a new Aalborg colleague's address to their own user and makes it the
    # address they sign in with, before anyone has registered it.
    client.post("/konto/email/", {"action_add": "", "email": NEW_COLLEAGUE})
    client.post("/konto/email/", {"action_primary": "", "email": NEW_COLLEAGUE})

    attacker.refresh_from_db()
    assert attacker.email == "hr@virksomhed.example"
    assert not EmailAddress.objects.filter(email__iexact=NEW_COLLEAGUE).exists()

    # Aalborg's admin then invites the colleague.
    link = invite(sign_in(Client(), personas.admin_b), "aalborg", NEW_COLLEAGUE)
    assert membership_in(personas.aalborg, attacker) is None

    # Even holding the link, the attacker's own session accepts nothing.
    stolen = accept_as_new(client, link, password="Angriberens-kode-2026")
    assert stolen.status_code == 200
    assert "Invitationen er til en anden adresse" in text(stolen)
    assert membership_in(personas.aalborg, attacker) is None
    assert not User.objects.filter(email=NEW_COLLEAGUE).exists()

    # The colleague opens the link from their own mailbox and gets the membership.
    accepted = accept_as_new(Client(), link)
    colleague = User.objects.get(email=NEW_COLLEAGUE)
    assert accepted.status_code == 302
    assert colleague != attacker
    assert membership_in(personas.aalborg, colleague).role == Role.CONSULTANT
    assert membership_in(personas.aalborg, attacker) is None


def test_the_email_page_tells_where_the_address_is_changed(
    client: Client, personas: Personas
) -> None:
    sign_in(client, personas.consultant_a)

    page = client.get("/konto/email/")
    confirm = client.get("/konto/confirm-email/some-key/")

    assert page.status_code == 200
    assert "bed administratoren i dit jobcenter" in text(page)
    assert 'name="email"' not in page.content.decode()
    assert confirm.status_code == 200
    assert client.post("/konto/email/", {"action_add": "", "email": "x@y.example"}).status_code == (
        405
    )


# --- Accepting as someone new ---------------------------------------------------------------


def test_a_new_person_chooses_a_password_and_goes_on_to_enrol_their_authenticator(
    client: Client, personas: Personas
) -> None:
    link = invite(sign_in(Client(), personas.admin_b), "aalborg", NEW_COLLEAGUE)
    message = mail.outbox[-1]

    page = client.get(link)
    too_short = accept_as_new(client, link, password="Kort-kode-1")
    accepted = accept_as_new(client, link)
    landing = client.get(accepted["Location"])
    enrol = client.get(landing["Location"])

    assert "Jobcenter Aalborg" in message.subject
    assert "Aksel har inviteret dig til Jobbro som konsulent i Jobcenter Aalborg." in message.body
    assert "godkenderapp" in message.body
    assert message.alternatives and "Tag imod invitationen" in message.alternatives[0][0]
    assert NEW_COLLEAGUE not in link and "aalborg" not in link
    assert page.status_code == 200
    assert "Velkommen til Jobcenter Aalborg" in text(page)
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "same-origin"
    assert "Denne adgangskode er for kort. Den skal indeholde mindst 12 tegn." in text(too_short)
    assert accepted["Location"] == "/aalborg/"
    # A staff member enrols the authenticator app at once: no "confirm your address" first,
    # and no second password prompt right after choosing the password.
    assert landing["Location"] == f"{ENROL}?next=%2Faalborg%2F"
    assert enrol.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in enrol.content.decode()
    assert "Når appen er sat op, kommer du ind i Jobcenter Aalborg." in text(enrol)
    user = User.objects.get(email=NEW_COLLEAGUE)
    assert user.check_password(GOOD)
    assert user.name == "Ny Kollega"
    assert EmailAddress.objects.filter(user=user, email=NEW_COLLEAGUE, verified=True).exists()


def test_an_employer_contact_goes_straight_in(client: Client, personas: Personas) -> None:
    from companies.services import company_create

    with tenant_scope(personas.roskilde):
        company_create(actor=None, name="Kantinen ApS", cvr="13585628")
    admin = sign_in(Client(), personas.admin_a)
    admin.post(
        settings_url("invite"),
        {
            "email": "hr@kantinen.example",
            "name": "Helle",
            "role": "employer",
            "company_cvr": "13585628",
        },
    )
    message = mail.outbox[-1]

    accepted = accept_as_new(client, link_in(message))

    assert "engangskode" in message.body and "godkenderapp" not in message.body
    assert accepted["Location"] == "/roskilde/"
    assert client.get("/roskilde/").status_code == 200


# --- Links that must not work ---------------------------------------------------------------


@pytest.fixture
def invited(personas: Personas) -> str:
    return invite(sign_in(Client(), personas.admin_b), "aalborg", NEW_COLLEAGUE)


def test_a_forged_or_tampered_link_shows_a_page_and_changes_nothing(
    client: Client, invited: str
) -> None:
    secret = invited.split("/")[2]
    tampered = f"/invitation/{secret[:-1]}{'A' if secret[-1] != 'A' else 'B'}/"

    for link in (tampered, "/invitation/jbinv_forged/", "/invitation/anything/"):
        page = client.get(link)
        posted = accept_as_new(client, link)
        assert page.status_code == 404, link
        assert "Linket virker ikke" in text(page)
        assert posted.status_code == 404
    assert not User.objects.filter(email=NEW_COLLEAGUE).exists()


def test_an_expired_link_shows_when_it_ran_out(
    client: Client, invited: str, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(timezone.now() + timedelta(days=14, minutes=1))

    page = client.get(invited)
    posted = accept_as_new(client, invited)

    assert page.status_code == 410
    assert "Invitationen er udløbet" in text(page)
    assert "Bed Aksel i Jobcenter Aalborg om at sende den igen" in text(page)
    assert posted.status_code == 410
    assert not User.objects.filter(email=NEW_COLLEAGUE).exists()


def test_a_used_link_cannot_be_used_again_and_a_double_submit_is_harmless(
    personas: Personas, invited: str
) -> None:
    first, second = Client(), Client()

    accepted = accept_as_new(first, invited)
    again = accept_as_new(second, invited, password="En-helt-anden-kode-2026")
    same_person_again = first.get(invited)

    assert accepted.status_code == 302
    assert again.status_code == 410
    assert "Invitationen er allerede brugt" in text(again)
    assert same_person_again["Location"] == "/aalborg/"
    user = User.objects.get(email=NEW_COLLEAGUE)
    assert user.check_password(GOOD)
    with tenant_scope(personas.aalborg):
        assert Membership.objects.filter(user=user).count() == 1


def test_a_revoked_link_stops_working(client: Client, personas: Personas, invited: str) -> None:
    admin = sign_in(Client(), personas.admin_b)
    with tenant_scope(personas.aalborg):
        invitation = Invitation.objects.get(email=NEW_COLLEAGUE)

    admin.post(settings_url("invitation_revoke", "aalborg", public_id=invitation.public_id))
    page = client.get(invited)
    posted = accept_as_new(client, invited)

    assert page.status_code == 410
    assert "Invitationen er trukket tilbage" in text(page)
    assert posted.status_code == 410
    assert not User.objects.filter(email=NEW_COLLEAGUE).exists()


def test_resending_makes_a_new_link_and_the_old_one_stops_working(
    client: Client, personas: Personas, invited: str, time_machine: TimeMachineFixture
) -> None:
    with tenant_scope(personas.aalborg):
        invitation = Invitation.objects.get(email=NEW_COLLEAGUE)
    time_machine.move_to(timezone.now() + timedelta(days=15))
    admin = sign_in(Client(), personas.admin_b)
    listed = admin.get(settings_url("invitations", "aalborg"))

    admin.post(settings_url("invitation_resend", "aalborg", public_id=invitation.public_id))
    new_link = link_in(mail.outbox[-1])

    assert "Udløbet" in text(listed)
    assert new_link != invited
    assert client.get(invited).status_code == 404
    assert accept_as_new(client, new_link).status_code == 302


def test_inviting_an_address_twice_points_to_the_list(personas: Personas, invited: str) -> None:
    admin = sign_in(Client(), personas.admin_b)

    again = admin.post(
        settings_url("invite", "aalborg"), {"email": NEW_COLLEAGUE, "name": "X", "role": "manager"}
    )

    assert again.status_code == 200
    assert "Der er allerede sendt en invitation til ny.kollega@aalborg.example" in text(again)


# --- Accepting as someone who already has a user --------------------------------------------


def test_a_person_with_a_user_must_be_signed_in_as_it_to_accept(
    client: Client, personas: Personas
) -> None:
    # Bo works in Aalborg and is invited to Roskilde too.
    bo = personas.consultant_b
    link = invite(sign_in(Client(), personas.admin_a), "roskilde", bo.email, Role.MANAGER)

    signed_out = client.get(link)
    new_user_attempt = accept_as_new(client, link)
    someone_else = sign_in(Client(), personas.consultant_a)
    stolen_get = someone_else.get(link)
    stolen_post = someone_else.post(link)

    assert "Der er allerede en bruger i Jobbro med adressen consultant@aalborg.example" in text(
        signed_out
    )
    assert new_user_attempt.status_code == 200
    assert "Invitationen er til en anden adresse" in text(stolen_get)
    assert "Invitationen er til en anden adresse" in text(stolen_post)
    assert membership_in(personas.roskilde, bo) is None
    bo.refresh_from_db()
    assert bo.check_password(PASSWORD)

    owner = sign_in(Client(), bo)
    confirm = owner.get(link)
    accepted = owner.post(link)

    assert "Tag imod invitationen" in text(confirm)
    assert accepted["Location"] == "/roskilde/"
    assert membership_in(personas.roskilde, bo).role == Role.MANAGER
    assert membership_in(personas.aalborg, bo).role == Role.CONSULTANT


def test_the_first_admins_invitation_dies_once_the_jobcenter_has_members(
    personas: Personas, settings: Settings
) -> None:
    staff = User.objects.create_superuser("platform@jobbro.example", PASSWORD)
    empty = Jobcenter.objects.create(slug="koege", name="Jobcenter Køge", municipality_code="259")
    invitations.invitation_create_first_admin(
        actor=staff, jobcenter=empty, email="a@koege.example", name="A", reason="Ny kunde"
    )
    first = link_in(mail.outbox[-1])
    invitations.invitation_create_first_admin(
        actor=staff, jobcenter=empty, email="b@koege.example", name="B", reason="Ny kunde"
    )
    second = link_in(mail.outbox[-1])

    assert accept_as_new(Client(), first).status_code == 302
    late = accept_as_new(Client(), second)

    assert late.status_code == 410
    assert "Jobcentret har allerede en administrator" in text(late)
    with tenant_scope(empty):
        assert list(Membership.objects.values_list("user__email", "role")) == [
            ("a@koege.example", Role.ADMIN)
        ]


# --- Only admins invite ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["consultant_a", "manager_a", "employer_a", "board_a"])
def test_only_an_admin_may_invite(client: Client, personas: Personas, persona: str) -> None:
    sign_in(client, getattr(personas, persona))

    response = client.post(
        settings_url("invite"), {"email": "ven@example.org", "name": "Ven", "role": "admin"}
    )

    assert response.status_code == 403
    assert not mail.outbox
    with tenant_scope(personas.roskilde):
        assert not Invitation.objects.exists()


def test_the_invitation_service_refuses_a_non_admin(personas: Personas) -> None:
    from django.core.exceptions import PermissionDenied

    with tenant_scope(personas.roskilde), pytest.raises(PermissionDenied):
        invitations.invitation_create(
            actor=personas.consultant_a,
            tenant=personas.roskilde,
            email="ven@example.org",
            name="Ven",
            role=Role.ADMIN,
            team=None,
        )


# --- A stuck new admin from before invitations ---------------------------------------------


def test_a_person_made_without_a_password_can_enrol_after_choosing_one(
    client: Client, personas: Personas
) -> None:
    # How platform staff and admins used to add people: a user without a password, who chose
    # one through "Glemt adgangskode?" and then met "confirm your address" at enrolment.
    user = User.objects.create_user("gammel@roskilde.example", None)
    with tenant_scope(personas.roskilde):
        Membership.objects.create(user=user, role=Role.ADMIN)
    client.post("/konto/password/reset/", {"email": user.email})
    reset = re.search(r"https?://[^/\s]+(/konto/password/reset/key/\S+/)", mail.outbox[-1].body)
    assert reset, mail.outbox[-1].body
    form_url = client.get(reset.group(1))["Location"]
    client.post(form_url, {"password1": GOOD, "password2": GOOD})

    client.post("/konto/login/", {"login": user.email, "password": GOOD})
    enrol_url = client.get("/roskilde/")["Location"]
    # allauth asks for the password again before any change to the second factor.
    confirm_url = client.get(enrol_url)["Location"]
    client.post(confirm_url, {"password": GOOD, "next": enrol_url})
    enrol = client.get(enrol_url)

    assert confirm_url.startswith("/konto/reauthenticate/")
    assert enrol.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in enrol.content.decode()


# --- Changing a member's address -------------------------------------------------------------


def ask_for_new_address(admin: Client, member: User, jobcenter: Jobcenter, new: str):
    membership = membership_in(jobcenter, member)
    return admin.post(
        settings_url("member_email", jobcenter.slug, public_id=membership.public_id),
        {"new_email": new},
    )


def test_an_admin_changes_an_address_once_the_person_confirms_it(
    personas: Personas,
) -> None:
    karen = personas.consultant_a
    admin = sign_in(Client(), personas.admin_a)

    asked = ask_for_new_address(admin, karen, personas.roskilde, "Karen.Ny@Roskilde.example")
    to_new, to_old = mail.outbox[-2], mail.outbox[-1]
    link = link_in(to_new, "bekraeft-adresse")
    karen.refresh_from_db()
    before = karen.email

    signed_out = Client().get(link)
    member_page = admin.get(asked["Location"])
    karens = sign_in(Client(), karen)
    confirm_page = karens.get(link)
    confirmed = karens.post(link)
    karen.refresh_from_db()
    after_page = admin.get(asked["Location"])

    assert before == "consultant@roskilde.example"
    assert to_new.to == ["karen.ny@roskilde.example"]
    assert to_old.to == ["consultant@roskilde.example"]
    assert "Var det ikke aftalt med dig" in to_old.body
    assert "Log ind for at bekræfte" in text(signed_out) or "Log ind som dig selv" in text(
        signed_out
    )
    assert "Venter på bekræftelse" in text(member_page)
    assert "karen.ny@roskilde.example" in text(confirm_page)
    assert confirmed["Location"] == "/"
    assert karen.email == "karen.ny@roskilde.example"
    assert list(EmailAddress.objects.filter(user=karen).values_list("email", "verified")) == [
        ("karen.ny@roskilde.example", True)
    ]
    html = text(after_page)
    assert "Bekræftet" in html
    assert "consultant@roskilde.example" in html and "Anne" in html
    assert (
        Client()
        .post("/konto/login/", {"login": "karen.ny@roskilde.example", "password": PASSWORD})
        .status_code
        == 302
    )


def test_an_address_change_confirmed_by_someone_else_changes_nothing(
    personas: Personas,
) -> None:
    admin = sign_in(Client(), personas.admin_a)
    ask_for_new_address(admin, personas.consultant_a, personas.roskilde, "karen@privat.example")
    link = link_in(mail.outbox[-2], "bekraeft-adresse")

    other = sign_in(Client(), personas.manager_a)
    response = other.post(link)

    personas.consultant_a.refresh_from_db()
    personas.manager_a.refresh_from_db()
    assert "Linket er til en anden bruger" in text(response)
    assert personas.consultant_a.email == "consultant@roskilde.example"
    assert personas.manager_a.email == "manager@roskilde.example"


def test_a_shared_users_address_is_for_platform_staff(personas: Personas) -> None:
    # Bo works in Aalborg; Roskilde takes him on as well.
    bo = personas.consultant_b
    make_member(personas.roskilde, bo.email, Role.CONSULTANT)
    admin = sign_in(Client(), personas.admin_a)

    page = admin.get(
        settings_url("member_email", public_id=membership_in(personas.roskilde, bo).public_id)
    )
    refused = ask_for_new_address(admin, bo, personas.roskilde, "bo@roskilde.example")

    bo.refresh_from_db()
    assert "kun Jobbros platformsadministratorer" in text(page)
    assert "kun Jobbros platformsadministratorer" in text(refused)
    assert bo.email == "consultant@aalborg.example"
    assert not mail.outbox
    with tenant_scope(personas.roskilde):
        assert not EmailChange.objects.exists()


def test_an_admin_cannot_change_their_own_address_or_take_someone_elses(
    personas: Personas,
) -> None:
    admin = sign_in(Client(), personas.admin_a)

    own = ask_for_new_address(admin, personas.admin_a, personas.roskilde, "anne@privat.example")
    taken = ask_for_new_address(
        admin, personas.consultant_a, personas.roskilde, personas.manager_a.email
    )

    assert "Du kan ikke ændre din egen adresse" in text(own)
    assert "Adressen bruges allerede af en anden i Jobbro" in text(taken)
    assert not mail.outbox


@pytest.mark.parametrize("persona", ["consultant_a", "manager_a", "employer_a"])
def test_only_an_admin_may_change_an_address(
    client: Client, personas: Personas, persona: str
) -> None:
    sign_in(client, getattr(personas, persona))

    response = ask_for_new_address(
        client, personas.consultant_a, personas.roskilde, "angriber@example.org"
    )

    assert response.status_code == 403
    personas.consultant_a.refresh_from_db()
    assert personas.consultant_a.email == "consultant@roskilde.example"
    assert not mail.outbox


def test_a_new_request_or_cancelling_kills_the_earlier_link(personas: Personas) -> None:
    admin = sign_in(Client(), personas.admin_a)
    karen = personas.consultant_a
    ask_for_new_address(admin, karen, personas.roskilde, "forkert@roskilde.example")
    wrong = link_in(mail.outbox[-2], "bekraeft-adresse")
    ask_for_new_address(admin, karen, personas.roskilde, "rigtig@roskilde.example")
    right = link_in(mail.outbox[-2], "bekraeft-adresse")
    membership = membership_in(personas.roskilde, karen)
    admin.post(settings_url("member_email_cancel", public_id=membership.public_id))

    karens = sign_in(Client(), karen)
    assert karens.post(wrong).status_code == 410
    assert karens.post(right).status_code == 410
    karen.refresh_from_db()
    assert karen.email == "consultant@roskilde.example"


def test_the_link_of_an_address_change_expires(
    personas: Personas, time_machine: TimeMachineFixture
) -> None:
    admin = sign_in(Client(), personas.admin_a)
    ask_for_new_address(admin, personas.consultant_a, personas.roskilde, "ny@roskilde.example")
    link = link_in(mail.outbox[-2], "bekraeft-adresse")
    time_machine.move_to(timezone.now() + timedelta(days=3, minutes=1))

    response = sign_in(Client(), personas.consultant_a).post(link)

    assert response.status_code == 410
    assert "Linket er udløbet" in text(response)
    personas.consultant_a.refresh_from_db()
    assert personas.consultant_a.email == "consultant@roskilde.example"


def test_works_elsewhere_leaves_the_database_setting_as_it_found_it(personas: Personas) -> None:
    with tenant_scope(personas.roskilde):
        assert not email_changes.works_elsewhere(
            user=personas.consultant_a, tenant_id=personas.roskilde.pk
        )
        # After the check, Aalborg's memberships are hidden again, even from raw reads.
        assert not Membership.across_jobcenters.filter(tenant=personas.aalborg).exists()
