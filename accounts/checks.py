"""Start-up refuses a model of ours that is neither tenant-scoped nor declared global."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, register
from django.db.models import Model

from accounts.tenancy import TenantManager, TenantModel

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


@register(deploy=True)
def check_database_role_is_not_superuser(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Row-level security does not bind a superuser or a BYPASSRLS role."""
    from django.db import connection
    from django.db.utils import OperationalError

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return []
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"
            )
            (bypasses,) = cursor.fetchone()
    except OperationalError:
        return []
    if bypasses:
        return [
            Error(
                "Jobbro connects to PostgreSQL as a superuser or BYPASSRLS role, so row-level "
                "security does not separate the jobcenters.",
                hint="Connect as an ordinary role (see deploy/postgres-init.sh).",
                id="jobbro.E003",
            )
        ]
    return []


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
