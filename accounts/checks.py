"""Start-up refuses a model of ours that is neither tenant-scoped nor declared global."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, register
from django.db.models import Model

from accounts.tenancy import PLATFORM_ALIAS, TenantManager, TenantModel

OUR_APPS = (
    "accounts",
    "companies",
    "candidates",
    "partnerships",
    "placements",
    "networks",
    "reports",
    "portal",
)

# Models that belong to no single jobcenter, each with the reason.
GLOBAL_MODELS = {
    "accounts.User": "a person may work for several jobcenters",
    "accounts.Jobcenter": "the tenant itself",
    "accounts.PlatformAudit": "audits the escape hatch across jobcenters",
    "candidates.Occupation": "reference data: the DISCO-08 catalogue every jobcenter shares",
    "placements.Postcode": "reference data: approximate centres of Danish postcode areas",
}


def scoping_errors(models: Iterable[type[Model]]) -> list[Error]:
    errors: list[Error] = []
    for model in models:
        if model._meta.app_label not in OUR_APPS:
            continue
        label = model._meta.label
        if issubclass(model, TenantModel):
            if not isinstance(model._default_manager, TenantManager):
                errors.append(
                    Error(
                        f"{label}'s default manager is not a TenantManager.",
                        hint="Declare `objects = TenantManager()` first on the model.",
                        obj=model,
                        id="jobbro.E002",
                    )
                )
            for field in model._meta.local_many_to_many:
                if field.remote_field.through._meta.auto_created:
                    errors.append(
                        Error(
                            f"{label}.{field.name} is a many-to-many without a tenant-owned "
                            "through model, so its table has no tenant and no row-level policy.",
                            hint="Give it an explicit `through` model that inherits TenantModel.",
                            obj=model,
                            id="jobbro.E004",
                        )
                    )
            continue
        if label not in GLOBAL_MODELS:
            errors.append(
                Error(
                    f"{label} is neither tenant-scoped nor declared global.",
                    hint="Inherit accounts.tenancy.TenantModel, or add it to "
                    "accounts.checks.GLOBAL_MODELS with the reason.",
                    obj=model,
                    id="jobbro.E001",
                )
            )
    return errors


@register()
def check_models_are_scoped(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    return scoping_errors(apps.get_models())


def runtime_role_errors(cursor: Any) -> list[Error]:
    """The application's role (the cursor's): row-level security must bind it, and it must not
    be able to switch it off (only a table's owner can), nor become the platform role."""
    cursor.execute("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
    (bypasses,) = cursor.fetchone()
    cursor.execute(
        "SELECT relname FROM pg_class WHERE relrowsecurity "
        "AND pg_has_role(current_user, relowner, 'MEMBER') ORDER BY relname LIMIT 1"
    )
    owned = cursor.fetchone()
    platform_role = None
    if PLATFORM_ALIAS in settings.DATABASES:
        cursor.execute(
            "SELECT rolname FROM pg_roles WHERE rolname = %s "
            "AND pg_has_role(current_user, oid, 'MEMBER')",
            [settings.DATABASES[PLATFORM_ALIAS].get("USER") or ""],
        )
        platform_role = cursor.fetchone()
    errors = []
    if bypasses:
        errors.append(
            Error(
                "Jobbro connects to PostgreSQL as a superuser or BYPASSRLS role, so row-level "
                "security does not separate the jobcenters.",
                hint="Connect as an ordinary role (see deploy/postgres-init.sh).",
                id="jobbro.E003",
            )
        )
    if owned:
        errors.append(
            Error(
                f"Jobbro's database role owns the tenant tables (e.g. {owned[0]}), or is a "
                "member of their owner, so it could switch row-level security off.",
                hint="Let a separate owner role own the schema and run the migrations; give "
                "the application's role DML rights only (see deploy/postgres-init.sh).",
                id="jobbro.E008",
            )
        )
    if platform_role:
        errors.append(
            Error(
                f"Jobbro's database role is a member of the platform role {platform_role[0]}, "
                "so every session could read every jobcenter.",
                hint="Revoke the membership: only platform_scope() uses the platform role.",
                id="jobbro.E008",
            )
        )
    return errors


def platform_role_errors(cursor: Any) -> list[Error]:
    """The platform role (the cursor's): BYPASSRLS with DML rights only, owner of nothing."""
    cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
    superuser, bypasses = cursor.fetchone()
    cursor.execute(
        "SELECT 1 FROM pg_class WHERE relrowsecurity "
        "AND pg_has_role(current_user, relowner, 'MEMBER') LIMIT 1"
    )
    owns = cursor.fetchone() is not None
    problems = []
    if superuser:
        problems.append("is a superuser")
    if owns:
        problems.append("owns the tenant tables (or is a member of their owner)")
    if not bypasses:
        problems.append("lacks BYPASSRLS, so platform_scope() would see no jobcenter's rows")
    return [
        Error(
            f"The platform database role (DATABASE_PLATFORM_URL) {problem}.",
            hint="Connect as a role with BYPASSRLS and DML rights only "
            "(see deploy/postgres-init.sh).",
            id="jobbro.E009",
        )
        for problem in problems
    ]


@register(deploy=True)
def check_database_roles(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Row-level security binds neither a superuser, nor a BYPASSRLS role, nor a role that can
    switch it off; platform access belongs to a role of its own (DESIGN.md section 3)."""
    from django.db import connections
    from django.db.utils import OperationalError

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return []
    errors = []
    try:
        with connections["default"].cursor() as cursor:
            errors += runtime_role_errors(cursor)
        if PLATFORM_ALIAS in settings.DATABASES:
            with connections[PLATFORM_ALIAS].cursor() as cursor:
                errors += platform_role_errors(cursor)
    except OperationalError:
        return errors
    return errors


RENDERING_GUARD = "accounts.documents.NoRenderingInRequestsMiddleware"


@register()
def check_rendering_guard_is_installed(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Without the middleware, accounts.documents.render_pdf() cannot tell that it is inside a
    request, and a view could render a PDF unnoticed (DESIGN.md section 9)."""
    if RENDERING_GUARD in settings.MIDDLEWARE:
        return []
    return [
        Error(
            f"{RENDERING_GUARD} is not in MIDDLEWARE.",
            hint="Put it first in MIDDLEWARE: it lets render_pdf() refuse to run in a view.",
            id="jobbro.E005",
        )
    ]
