"""The life cycle of a `Job` (DESIGN.md section 6): create → claim → progress → finish or fail.

A task runs inside its jobcenter's transaction (TenantTask), and some work (an import) must be
one transaction. So the claim and the progress are written on a short *side* connection of
their own and committed at once: the page that polls sees "running" and the progress bar move
while the work itself is still uncommitted. `finish()` runs in the work's own transaction, so
the result and the work commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Q
from django.utils import timezone

from accounts.models import Job, JobStatus, User
from accounts.tenancy import current_tenant_id


def job_create(*, kind: str, created_by: User | None, params: dict[str, Any] | None = None) -> Job:
    return Job.objects.create(kind=kind, created_by=created_by, params=params or {})


class SideConnection:
    """A second database connection, for writes that must be visible before the task's own
    transaction commits. Each write is its own short transaction in the tenant's scope."""

    def __init__(self, tenant_id: int) -> None:
        self.tenant_id = tenant_id
        self._raw: Any = None

    def execute(self, sql: str, params: list[Any]) -> int:
        if self._raw is None:
            # A bare psycopg connection with the main connection's parameters (not a second
            # Django connection alias, which Django's signal handlers would look up).
            main = connections[DEFAULT_DB_ALIAS]
            self._raw = main.get_new_connection(main.get_connection_params())
            self._raw.autocommit = True
        with self._raw.transaction(), self._raw.cursor() as cursor:
            cursor.execute("SELECT set_config('app.tenant_id', %s, true)", [str(self.tenant_id)])
            cursor.execute(sql, params)
            return int(cursor.rowcount)

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
            self._raw = None


@contextmanager
def side_connection() -> Iterator[SideConnection]:
    side = SideConnection(current_tenant_id())
    try:
        yield side
    finally:
        side.close()


def job_claim(*, job_id: int, side: SideConnection) -> bool:
    """Queued → running, once. A job left running longer than any task may run (its worker
    died, so its transaction rolled back) may be claimed again by the redelivered task."""
    stale_before = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    return (
        side.execute(
            "UPDATE accounts_job SET status = %s, started_at = now(), message = '' "
            "WHERE id = %s AND (status = %s OR (status = %s AND started_at < %s))",
            [JobStatus.RUNNING, job_id, JobStatus.QUEUED, JobStatus.RUNNING, stale_before],
        )
        == 1
    )


def job_progress(
    *, job_id: int, side: SideConnection, done: int, total: int, message: str = ""
) -> None:
    side.execute(
        "UPDATE accounts_job SET progress_done = %s, progress_total = %s, message = %s "
        "WHERE id = %s AND status = %s",
        [done, total, message[:500], job_id, JobStatus.RUNNING],
    )


class JobAlreadyFinished(RuntimeError):
    """Another run finished this job first; this run's work must roll back."""


def job_finish(*, job_id: int, result: dict[str, Any], message: str = "") -> None:
    """Running → done, in the work's own transaction (it commits with the work)."""
    total = int(result.get("total", 0))
    updated = Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        status=JobStatus.DONE,
        result=result,
        message=message[:500],
        progress_done=total,
        progress_total=total,
        finished_at=timezone.now(),
    )
    if updated != 1:
        raise JobAlreadyFinished(job_id)


def job_fail(*, job_id: int, message: str) -> None:
    Job.objects.filter(pk=job_id).filter(~Q(status=JobStatus.DONE)).update(
        status=JobStatus.FAILED, message=message[:500], finished_at=timezone.now()
    )
