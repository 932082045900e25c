"""The demo data behind `manage.py seed_demo`. Every later feature adds its part here.

Users, candidates and activity are fictional (DOMAIN.md section 6); the seeds' real people are
never used as demo users.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from accounts import services
from accounts.models import Jobcenter, Membership, Role, Team, User
from accounts.tenancy import tenant_scope
from candidates import demo as candidates_demo
from companies import demo as companies_demo
from networks import demo as networks_demo
from partnerships import demo as partnerships_demo
from placements import demo as placements_demo

DEMO_PASSWORD = "jobbro-demo-2026"  # noqa: S105 - documented development password
# One second-factor secret for every demo user, so a person can add it to an authenticator
# app once (or ask `manage.py demo_totp` for the current code).
DEMO_TOTP_SECRET = "JOBBRODEMOTOTPKEYJOBBRO2"  # noqa: S105 - documented development secret
PLATFORM_STAFF = ("staff@jobbro.example", "Platform Administrator")

JOBCENTERS = [
    # slug, name, municipality code
    ("roskilde", "Jobcenter Roskilde", "265"),
    ("aalborg", "Jobcenter Aalborg", "851"),
]

# local part, name, role, team (fictional people)
PERSONAS = [
    ("admin", "Anne Administrator", Role.ADMIN, None),
    ("manager", "Mads Leder", Role.MANAGER, None),
    ("consultant", "Karen Konsulent", Role.CONSULTANT, "Virksomhedsteam"),
    ("consultant2", "Jonas Jobkonsulent", Role.CONSULTANT, "Jobteam"),
    ("board", "Birgitte Udvalg", Role.BOARD, None),
]


def database_is_empty() -> bool:
    return not User.objects.exists()


def current_demo_code(secret: str = DEMO_TOTP_SECRET) -> str:
    """The authenticator code of now: for the demo users' key, or for the key a new user is
    shown when they enrol (development has no phone at hand)."""
    import time

    from allauth.mfa import app_settings

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def _user(email: str, name: str, **extra: object) -> tuple[User, bool]:
    user = User.objects.filter(email=email).first()
    made = user is None
    if user is None:
        # As after an accepted invitation: the address is known to be theirs.
        user = services.user_create(email=email, name=name, password=DEMO_PASSWORD)
        if extra:
            User.objects.filter(pk=user.pk).update(**extra)
            user.refresh_from_db()
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user, made


def seed() -> int:
    """Create what is missing; return how many rows were created."""
    created = 0
    _staff, made = _user(*PLATFORM_STAFF, is_staff=True, is_superuser=True)
    created += made
    for slug, name, code in JOBCENTERS:
        jobcenter, made = Jobcenter.objects.get_or_create(
            slug=slug, defaults={"name": name, "municipality_code": code}
        )
        created += made
        with tenant_scope(jobcenter):
            for local, person, role, team_name in PERSONAS:
                user, made = _user(f"{local}@{slug}.example", person)
                created += made
                team = None
                if team_name:
                    team, made = Team.objects.get_or_create(name=team_name)
                    created += made
                _membership, made = Membership.objects.get_or_create(
                    user=user, defaults={"role": role, "team": team}
                )
                created += made
            created += companies_demo.seed(jobcenter)
            # After the companies: some candidates consent to share with one of them.
            created += candidates_demo.seed(jobcenter)
            created += placements_demo.seed(jobcenter)
            created += partnerships_demo.seed(jobcenter)
            created += networks_demo.seed(jobcenter)
    return created


def generate_load(*, slug: str, companies: int, activities_per_company: int) -> None:
    """Bulk companies and activities for load tests (`seed_demo --companies N`)."""
    jobcenter = Jobcenter.objects.get(slug=slug)
    with tenant_scope(jobcenter):
        companies_demo.generate(jobcenter, companies, activities_per_company)


def generate_placements(*, slug: str, count: int) -> int:
    """Bulk placements with follow-ups for load tests (`seed_demo --placements N`)."""
    jobcenter = Jobcenter.objects.get(slug=slug)
    with tenant_scope(jobcenter):
        return placements_demo.generate(jobcenter, count)


def generate_candidates(*, slug: str, count: int) -> int:
    """Bulk candidates for load tests (`seed_demo --candidates N`)."""
    jobcenter = Jobcenter.objects.get(slug=slug)
    with tenant_scope(jobcenter):
        return candidates_demo.generate(jobcenter, count)


def signins_text() -> str:
    lines = [
        f"Demo sign-ins (password for all: {DEMO_PASSWORD}; second factor: add the secret "
        f"{DEMO_TOTP_SECRET} to an authenticator app, or run `make demo-code`):",
        f"  {PLATFORM_STAFF[0]:<32} platform staff (/admin/)",
    ]
    for slug, name, _code in JOBCENTERS:
        for local, _person, role, _team in PERSONAS:
            lines.append(f"  {local + '@' + slug + '.example':<32} {Role(role).label} · {name}")
    return "\n".join(lines)
