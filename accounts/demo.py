"""The demo data behind `manage.py seed_demo`. Every later feature adds its part here.

Users, candidates and activity are fictional (DOMAIN.md section 6); the seeds' real people are
never used as demo users.
"""

from __future__ import annotations

from accounts.models import User

DEMO_PASSWORD = "jobbro-demo-2026"  # noqa: S105 - documented development password
PLATFORM_STAFF = ("staff@jobbro.example", "Platform Administrator")


def database_is_empty() -> bool:
    return not User.objects.exists()


def seed() -> int:
    """Create what is missing; return how many rows were created."""
    created = 0
    email, name = PLATFORM_STAFF
    user, made = User.objects.get_or_create(
        email=email, defaults={"name": name, "is_staff": True, "is_superuser": True}
    )
    if made:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        created += 1
    return created


def signins_text() -> str:
    lines = ["Demo sign-ins (password for all: " + DEMO_PASSWORD + "):"]
    lines.append(f"  {PLATFORM_STAFF[0]:<32} platform staff (/admin/)")
    return "\n".join(lines)
