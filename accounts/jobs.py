"""The life cycle of a `Job` (DESIGN.md section 6): create → claim → progress → finish or fail.

A task runs inside its jobcenter's transaction (TenantTask), and some work (an import) must be
one transaction. So the claim and the progress are written on a short *side* connection of
their own and committed at once: the page that polls sees "running" and the progress bar move
while the work itself is still uncommitted. `finish()` runs in the work's own transaction, so
the result and the work commit together or not at all.

A feature uses three pieces: `job_start()` in the view (create the Job, enqueue its task on
commit), `job_run()` in the task (claim → work → finish, or fail with a message), and
`JobRun.attach()` inside the work for each file it makes (a PDF from accounts.documents, a CSV).
The generic job page (accounts.job_views) shows the progress and then the download links;
jobs are deleted with their files JOB_FILE_RETENTION_DAYS after they finished
(jobs_delete_expired).
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

from celery import Task
from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Job, JobFile, JobStatus, User
from accounts.tenancy import current_tenant_id

logger = logging.getLogger(__name__)


def job_create(
    *,
    kind: str,
    created_by: User | None,
    params: dict[str, Any] | None = None,
    title: str = "",
) -> Job:
    return Job.objects.create(kind=kind, created_by=created_by, params=params or {}, title=title)


def job_start(
    *, kind: str, task: Task, actor: User, params: dict[str, Any] | None = None, title: str = ""
) -> Job:
    """Create a Job and enqueue `task(tenant_id, job.pk)` once the transaction commits (a
    task enqueued earlier could run before the Job exists for it). The view then redirects
    to the job page: `redirect(view_helpers.job_url(request, job))`."""
    job = job_create(kind=kind, created_by=actor, params=params, title=title)
    transaction.on_commit(partial(task.delay, current_tenant_id(), job.pk))
    return job


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


# --- Running a job --------------------------------------------------------------------------


class JobFailed(Exception):
    """Raised by a job's work with a message for the person who started it; the work's
    writes and files are undone and the job is marked failed with that message."""


class JobRun:
    """What a job's work gets from job_run(): the Job, progress reporting and file attachment."""

    def __init__(self, job: Job, side: SideConnection) -> None:
        self.job = job
        self._side = side
        self.files: list[JobFile] = []

    def progress(self, done: int, total: int, message: str = "") -> None:
        """Visible on the job page at once, although the work has not committed yet."""
        job_progress(job_id=self.job.pk, side=self._side, done=done, total=total, message=message)

    def forget(self, *keys: str) -> None:
        """Take these keys out of the job's params at once (committed whatever the work
        does): what the task needed to start, and must not keep."""
        self._side.execute(
            "UPDATE accounts_job SET params = params - %s::text[] WHERE id = %s",
            [list(keys), self.job.pk],
        )

    def attach(self, *, name: str, content_type: str, data: bytes) -> JobFile:
        job_file = job_file_attach(job=self.job, name=name, content_type=content_type, data=data)
        self.files.append(job_file)
        return job_file

    def discard_files(self) -> None:
        """The work rolled back: its rows are gone, so its stored bytes must go too."""
        for job_file in self.files:
            _storage().delete(job_file.stored_as)
        self.files.clear()


def job_run(
    *,
    job_id: int,
    work: Callable[[JobRun], dict[str, Any] | None],
    failure_message: str = "",
) -> str:
    """Claim the job, run `work(run)` in one transaction, then finish or fail. Call it from a
    task with `base=TenantTask` (so inside the job's jobcenter).

    `work` returns the job's result (or None) and attaches its files with `run.attach()`.
    Raising JobFailed("…") fails the job with that message; any other exception is logged
    and fails it with `failure_message`. Either way nothing of the work is kept. A second
    delivery of the same task finds the job claimed or finished and does nothing.
    Returns "done", "failed" or "skipped".
    """
    job = Job.objects.get(pk=job_id)
    with side_connection() as side:
        if not job_claim(job_id=job_id, side=side):
            return "skipped"  # done already, or another worker has it
        run = JobRun(job, side)
        try:
            with transaction.atomic():
                result = work(run) or {}
                job_finish(job_id=job_id, result={**result, "files": len(run.files)})
        except JobAlreadyFinished:
            run.discard_files()
            return "skipped"
        except JobFailed as error:
            run.discard_files()
            job_fail(job_id=job_id, message=str(error))
            return "failed"
        except Exception:
            logger.exception("Job %s (%s) failed", job_id, job.kind)
            run.discard_files()
            job_fail(job_id=job_id, message=failure_message or _("Jobbet fejlede. Prøv igen."))
            return "failed"
    return "done"


# --- Files a job made -----------------------------------------------------------------------
# Stored under MEDIA_ROOT/jobs/<jobcenter id>/ with random names, outside every URL: the only
# way to a file is job_views.job_file_download, which checks who asks.

# A stored file without a row is left this long before the nightly clean-up deletes it: its
# job may still be running (the row commits with the work), and no task runs this long.
ORPHAN_AGE = timedelta(days=1)


def _storage() -> FileSystemStorage:
    # Made per call, so that a changed MEDIA_ROOT (tests) is followed. Only the processes'
    # own user may read the files.
    return FileSystemStorage(
        location=Path(settings.MEDIA_ROOT) / "jobs",
        file_permissions_mode=0o600,
        directory_permissions_mode=0o700,
    )


def job_file_attach(*, job: Job, name: str, content_type: str, data: bytes) -> JobFile:
    """Store `data` for `job` (inside its jobcenter's scope) and record it. Call it inside the
    work's transaction (JobRun.attach does): the row commits with the work."""
    tenant_id = current_tenant_id()
    stored_as = _storage().save(f"{tenant_id}/{secrets.token_hex(16)}", ContentFile(data))
    return JobFile.objects.create(
        job=job,
        name=name[:200],
        content_type=content_type[:100],
        size=len(data),
        stored_as=stored_as,
    )


def job_file_open(job_file: JobFile) -> File:
    """The stored bytes, for streaming. FileNotFoundError when they are gone."""
    return _storage().open(job_file.stored_as, "rb")


def jobs_delete(jobs: QuerySet[Job]) -> int:
    """Delete these jobs, their file rows and, once the transaction commits, their stored
    bytes. Returns the number of jobs."""
    storage = _storage()
    names = list(JobFile.objects.filter(job__in=jobs).values_list("stored_as", flat=True))
    count = jobs.delete()[1].get(Job._meta.label, 0)

    def delete_files() -> None:
        # After the commit: a rollback must not leave rows whose bytes are gone.
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)
    return count


def jobs_delete_expired() -> int:
    """Delete the current jobcenter's jobs that finished more than JOB_FILE_RETENTION_DAYS ago
    (or were started that long ago and never finished), with their files: a job's title,
    parameters and result say what it was about, and need not outlive what it made. Also
    stored files no row knows (a worker died after storing them). Returns the number of
    expired jobs."""
    tenant_id = current_tenant_id()
    storage = _storage()
    now = timezone.now()
    cutoff = now - timedelta(days=settings.JOB_FILE_RETENTION_DAYS)
    # An unfinished job that old was lost (no task runs for a day); a younger one may run yet.
    lost = min(cutoff, now - ORPHAN_AGE)
    expired = Job.objects.filter(
        Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=lost)
    )
    names = set(JobFile.objects.filter(job__in=expired).values_list("stored_as", flat=True))
    count = jobs_delete(expired)

    known = set(JobFile.objects.values_list("stored_as", flat=True)) | names
    folder = str(tenant_id)
    try:
        _dirs, stored = storage.listdir(folder)
    except FileNotFoundError:
        stored = []
    too_old = time.time() - ORPHAN_AGE.total_seconds()
    for filename in stored:
        name = f"{folder}/{filename}"
        if name not in known and storage.get_modified_time(name).timestamp() < too_old:
            storage.delete(name)
    return count
