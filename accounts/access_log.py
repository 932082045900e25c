"""The access log (DESIGN.md section 5): one helper writes a row for every read of a
citizen's personal data by a person; later features call `record()` on every such read.

A read made through the REST API also names the API token it was made with: the bearer
authentication notes the token (`note_api_token`) for the rest of the request, and the
tenant middleware forgets it when the request ends (`request_context`), so a token can never
be written on a later request's rows."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, models

from accounts.models import AccessLog, ApiToken, Jobcenter, User
from accounts.tenancy import current_tenant_id, tenant_scope

_api_token: ContextVar[ApiToken | None] = ContextVar("jobbro_access_log_api_token", default=None)


@contextmanager
def request_context() -> Iterator[None]:
    """One request: whatever token it notes is forgotten when it ends."""
    reset = _api_token.set(None)
    try:
        yield
    finally:
        _api_token.reset(reset)


def note_api_token(token: ApiToken) -> None:
    """The current request was authenticated by `token`: its access-log rows name it."""
    _api_token.set(token)


def _current_api_token() -> ApiToken | None:
    token = _api_token.get()
    if token is not None and token.tenant_id != current_tenant_id():
        return None  # never name a token on another jobcenter's rows
    return token


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
        api_token=_current_api_token(),
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
    api_token = _current_api_token()
    rows = [
        AccessLog(
            user=user,
            api_token=api_token,
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
        .select_related("api_token")
        .order_by("at")
        .only("at", "action", "purpose", "api_token__prefix")
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
