"""The two tenant locks (DESIGN.md section 3) and the one audited way around them.

Lock one, the ORM: every tenant-owned model inherits `TenantModel`; its default manager
raises `ScopeError` unless a tenant scope is active, and filters by that tenant when one is.

Lock two, PostgreSQL: every tenant table has row-level security ENABLED and FORCED with a
policy on `app.tenant_id`, which `tenant_scope()` sets transaction-locally. Nothing is set per
session, so a pooled connection cannot carry a tenant into the next request.

`platform_scope()` lifts both, and writes a `PlatformAudit` row each time it is used. It lifts
the database lock by working on another connection, the `platform` alias, whose role has
BYPASSRLS: platform access belongs to a role the application's role cannot become, never to a
setting a session could change.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from celery import Task
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

if TYPE_CHECKING:
    from accounts.models import Jobcenter, User


class ScopeError(RuntimeError):
    """A tenant-owned model was queried outside a tenant scope."""


@dataclass(frozen=True)
class _Scope:
    tenant_id: int | None
    platform: bool = False


_scope: ContextVar[_Scope | None] = ContextVar("jobbro_tenant_scope", default=None)


def current_tenant_id() -> int:
    scope = _scope.get()
    if scope is None or scope.tenant_id is None:
        raise ScopeError(
            "No tenant scope is active: wrap the code in accounts.tenancy.tenant_scope(jobcenter)."
        )
    return scope.tenant_id


def in_platform_scope() -> bool:
    scope = _scope.get()
    return bool(scope and scope.platform)


def _set_config(name: str, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [name, value])


def set_db_user(user_id: int | None) -> None:
    """Let the database show this person their own memberships in every jobcenter."""
    _set_config("app.user_id", "" if user_id is None else str(user_id))


def set_db_token(key_hash: str) -> None:
    """Let the database find the API token with this hash, whatever its jobcenter."""
    _set_config("app.token_hash", key_hash)


def set_db_calendar_feed(key_hash: str) -> None:
    """Let the database find the calendar feed with this hash, whatever its jobcenter."""
    _set_config("app.calendar_hash", key_hash)


def set_db_link(key_hash: str) -> None:
    """Let the database find the invitation or address change whose e-mailed link has this
    hash, whatever its jobcenter."""
    _set_config("app.link_hash", key_hash)


def _restore(previous: _Scope | None) -> None:
    """Put the tenant setting back as the enclosing code had it (nothing, outside any scope),
    so the rest of an enclosing transaction does not keep the inner tenant."""
    if connection.needs_rollback:
        return  # the transaction is doomed; its settings go with it
    tenant = "" if previous is None or previous.tenant_id is None else str(previous.tenant_id)
    _set_config("app.tenant_id", tenant)


@contextmanager
def tenant_scope(jobcenter: Jobcenter | int) -> Iterator[None]:
    """Run the block inside one jobcenter: both locks set to it, in one transaction."""
    tenant_id = jobcenter if isinstance(jobcenter, int) else jobcenter.pk
    previous = _scope.get()
    with transaction.atomic():
        _set_config("app.tenant_id", str(tenant_id))
        token = _scope.set(_Scope(tenant_id=tenant_id))
        try:
            yield
        finally:
            _scope.reset(token)
            _restore(previous)


PLATFORM_ALIAS = "platform"


def platform_connection() -> BaseDatabaseWrapper:
    """The connection platform_scope() works on, for raw SQL inside the scope."""
    if PLATFORM_ALIAS not in settings.DATABASES:
        raise ImproperlyConfigured(
            "Platform access is not configured: set DATABASE_PLATFORM_URL to a role with "
            "BYPASSRLS and DML rights only (see deploy/postgres-init.sh)."
        )
    return connections[PLATFORM_ALIAS]


@contextmanager
def platform_scope(*, actor: User | str, reason: str) -> Iterator[None]:
    """The escape hatch: see every jobcenter's rows. Audited; use for platform staff tasks,
    data migrations and national aggregates only.

    The block runs in one transaction on the platform connection (the ORM is routed there by
    PlatformRouter while the scope is active); the audit row is part of that transaction.
    Raw SQL inside the block uses `platform_connection()`; `django.db.connection` stays the
    application's role, bound by row-level security."""
    from accounts.models import PlatformAudit

    if not reason.strip():
        raise ValueError("platform_scope needs a reason.")
    alias = platform_connection().alias
    with transaction.atomic(using=alias):
        PlatformAudit.objects.using(alias).create(actor=str(actor)[:254], reason=reason[:500])
        token = _scope.set(_Scope(tenant_id=None, platform=True))
        try:
            yield
        finally:
            _scope.reset(token)


class PlatformRouter:
    """Sends the ORM to the platform connection while platform_scope() is active, and to the
    application's connection otherwise, also for objects that were read inside the scope (so
    platform access never outlives the block)."""

    def db_for_read(self, model: type[models.Model], **hints: Any) -> str:
        return PLATFORM_ALIAS if in_platform_scope() else DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str:
        return PLATFORM_ALIAS if in_platform_scope() else DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: Any) -> bool:
        return True  # both aliases are the same database

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db != PLATFORM_ALIAS  # migrations run as the owner role, never as this one


class TenantQuerySet(models.QuerySet[Any]):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> Any:
        # bulk_create skips save(): give rows the scope's tenant here, as save() would.
        objs = list(objs)
        scope = _scope.get()
        if scope is not None and scope.tenant_id is not None:
            for obj in objs:
                if obj.tenant_id is None:
                    obj.tenant_id = scope.tenant_id
                elif obj.tenant_id != scope.tenant_id:
                    raise ScopeError("Refusing to bulk-create rows of another jobcenter.")
        return super().bulk_create(objs, *args, **kwargs)


class TenantManager(models.Manager[Any]):
    """Raises outside a tenant scope; filters by the scope's tenant inside one."""

    def get_queryset(self) -> TenantQuerySet:
        queryset = TenantQuerySet(self.model, using=self._db)
        if in_platform_scope():
            return queryset
        return queryset.filter(tenant_id=current_tenant_id())


class TenantModel(models.Model):
    tenant = models.ForeignKey(
        "accounts.Jobcenter",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name="jobcenter",
    )

    # Related-object access (`placement.company`) goes through Django's plain base manager,
    # not this one; row-level security still applies underneath it.
    objects = TenantManager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        scope = _scope.get()
        if self.tenant_id is None and scope is not None and scope.tenant_id is not None:
            self.tenant_id = scope.tenant_id
        if scope is not None and scope.tenant_id is not None and self.tenant_id != scope.tenant_id:
            raise ScopeError(
                f"Refusing to save a {type(self).__name__} of jobcenter {self.tenant_id} "
                f"inside the scope of jobcenter {scope.tenant_id}."
            )
        super().save(*args, **kwargs)


class TenantTask(Task):  # type: ignore[misc]
    """Celery base class for tenant work: the first argument is `tenant_id`, and the task body
    runs inside that jobcenter's scope (both locks), in one transaction."""

    abstract = True

    def __call__(self, tenant_id: int, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(tenant_id, int):
            raise ScopeError(f"{self.name} needs a tenant_id as its first argument.")
        with tenant_scope(tenant_id):
            return super().__call__(tenant_id, *args, **kwargs)
