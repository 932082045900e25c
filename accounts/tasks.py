from __future__ import annotations

from functools import partial

from celery import shared_task
from django.db import transaction

from accounts import access_log, exports, jobs
from accounts.models import Jobcenter
from accounts.tenancy import TenantTask


@shared_task(name="accounts.prune_access_logs")
def prune_access_logs() -> int:
    """Nightly: one prune task per active jobcenter."""
    jobcenter_ids = list(Jobcenter.objects.filter(is_active=True).values_list("pk", flat=True))
    for jobcenter_id in jobcenter_ids:
        transaction.on_commit(partial(prune_access_log.delay, jobcenter_id))
    return len(jobcenter_ids)


@shared_task(base=TenantTask, name="accounts.prune_access_log")
def prune_access_log(tenant_id: int) -> int:
    return access_log.prune(jobcenter=Jobcenter.objects.get(pk=tenant_id))


@shared_task(name="accounts.delete_old_job_files")
def delete_old_job_files() -> int:
    """Nightly: one clean-up of old background jobs and their files per active jobcenter."""
    jobcenter_ids = list(Jobcenter.objects.filter(is_active=True).values_list("pk", flat=True))
    for jobcenter_id in jobcenter_ids:
        transaction.on_commit(partial(delete_job_files.delay, jobcenter_id))
    return len(jobcenter_ids)


@shared_task(base=TenantTask, name="accounts.delete_job_files")
def delete_job_files(tenant_id: int) -> int:
    return jobs.jobs_delete_expired()


@shared_task(base=TenantTask, name="accounts.list_export", acks_late=True)
def list_export(tenant_id: int, job_id: int) -> str:
    """A list's export too big for a request (accounts.exports)."""
    return jobs.job_run(job_id=job_id, work=exports.export_run)
