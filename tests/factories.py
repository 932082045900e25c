"""Factories and personas. Every fixture set has two jobcenters; children are created inside
their parent's jobcenter scope, so row-level security accepts them."""

from __future__ import annotations

import time
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client

from accounts import services
from accounts.models import Jobcenter, Membership, Role, Team, User
from accounts.tenancy import tenant_scope

PASSWORD = "correct-horse-battery-2026"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"


def make_jobcenter(slug: str, name: str | None = None, code: str = "265") -> Jobcenter:
    return Jobcenter.objects.create(
        slug=slug, name=name or f"Jobcenter {slug.title()}", municipality_code=code
    )


def make_user(email: str, *, name: str = "", with_totp: bool = True) -> User:
    """A user as after an accepted invitation (made directly: tests and demo data only)."""
    user = services.user_create(email=email, name=name, password=PASSWORD)
    if with_totp:
        TOTP.activate(user, TOTP_SECRET)
    return user


def make_member(
    jobcenter: Jobcenter,
    email: str,
    role: str,
    *,
    name: str = "",
    team: Team | None = None,
    with_totp: bool = True,
) -> Membership:
    user = User.objects.filter(email=email).first() or make_user(
        email, name=name, with_totp=with_totp
    )
    return services.membership_seed(
        tenant=jobcenter, email=user.email, name=name, role=role, team=team
    )


def sign_in(client: Client, user: User, *, second_factor: bool = True) -> Client:
    """Signed in as after the sign-in form and, for staff, the authenticator code."""
    client.force_login(user)
    if second_factor and Authenticator.objects.filter(user=user).exists():
        session = client.session
        session["account_authentication_methods"] = [
            {"method": "password", "at": time.time(), "email": user.email},
            {"method": "mfa", "at": time.time(), "type": "totp"},
        ]
        session["account_authentication_methods_user"] = str(user.pk)
        session.save()
    return client


def confirm_identity(client: Client, user: User) -> Client:
    """As after typing the password again (allauth's re-authentication), which making an API
    token asks for."""
    session = client.session
    methods = session.get("account_authentication_methods", [])
    session["account_authentication_methods"] = [
        *methods,
        {"method": "password", "at": time.time(), "email": user.email, "reauthenticated": True},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


@dataclass
class Personas:
    roskilde: Jobcenter
    aalborg: Jobcenter
    admin_a: User
    manager_a: User
    consultant_a: User
    board_a: User
    employer_a: User
    consultant_b: User
    admin_b: User


def make_personas() -> Personas:
    roskilde = make_jobcenter("roskilde", "Jobcenter Roskilde", "265")
    aalborg = make_jobcenter("aalborg", "Jobcenter Aalborg", "851")
    with tenant_scope(roskilde):
        team = Team.objects.create(name="Virksomhedsteam")
    return Personas(
        roskilde=roskilde,
        aalborg=aalborg,
        admin_a=make_member(roskilde, "admin@roskilde.example", Role.ADMIN, name="Anne").user,
        manager_a=make_member(roskilde, "manager@roskilde.example", Role.MANAGER, name="Mads").user,
        consultant_a=make_member(
            roskilde, "consultant@roskilde.example", Role.CONSULTANT, name="Karen", team=team
        ).user,
        board_a=make_member(roskilde, "board@roskilde.example", Role.BOARD, name="Birgitte").user,
        employer_a=make_member(
            roskilde, "hr@virksomhed.example", Role.EMPLOYER, name="Henrik", with_totp=False
        ).user,
        consultant_b=make_member(
            aalborg, "consultant@aalborg.example", Role.CONSULTANT, name="Bo"
        ).user,
        admin_b=make_member(aalborg, "admin@aalborg.example", Role.ADMIN, name="Aksel").user,
    )
