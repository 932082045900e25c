"""The access log (DESIGN.md section 5): one helper writes a row for every read of a
citizen's personal data by a person; later features call `record()` on every such read."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, models

from accounts.models import AccessLog, Jobcenter, User
from accounts.tenancy import tenant_scope


def record(
    *,
    user: User | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    criterion: str = "",
    purpose: str = "",
) -> AccessLog:
    """Append one row in the current tenant scope. A search logs its criterion, never a CPR
    number: callers pass a description of the criterion, not the number itself."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(getattr(obj, "public_id", obj.pk))
    return AccessLog.objects.create(
        user=user,
        action=action[:40],
        object_type=object_type[:60],
        object_id=object_id[:64],
        criterion=criterion[:300],
        purpose=purpose[:300],
    )


def record_many(
    *, user: User | None, action: str, objs: Iterable[models.Model], purpose: str = ""
) -> int:
    """One row per object shown (a list page, an export), written in one statement."""
    rows = [
        AccessLog(
            user=user,
            action=action[:40],
            object_type=obj._meta.label_lower[:60],
            object_id=str(getattr(obj, "public_id", obj.pk))[:64],
            purpose=purpose[:300],
        )
        for obj in objs
    ]
    AccessLog.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def lookup_history(*, object_type: str, object_id: str) -> models.QuerySet[AccessLog]:
    """A citizen's look-up history: when and why, never who (DESIGN.md section 5)."""
    return (
        AccessLog.objects.filter(object_type=object_type, object_id=object_id)
        .order_by("at")
        .only("at", "action", "purpose")
    )


def prune(*, jobcenter: Jobcenter) -> int:
    """Delete the rows older than the jobcenter's retention (at least 6 months).

    The database does it, in accounts_accesslog_prune(): the append-only trigger lets only
    that function (it runs as the tables' owner) delete, and it never deletes a row younger
    than 6 months, whatever the application's role sets or changes."""
    with tenant_scope(jobcenter), connection.cursor() as cursor:
        cursor.execute("SELECT accounts_accesslog_prune()")
        (deleted,) = cursor.fetchone()
    return int(deleted)
