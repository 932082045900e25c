"""Background work for the company register. Tasks take ids and call one service."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import jobs
from accounts.models import Job
from accounts.tenancy import TenantTask
from companies import imports

logger = logging.getLogger(__name__)


@shared_task(base=TenantTask, name="companies.import_companies", acks_late=True)
def import_companies(tenant_id: int, job_id: int) -> str:
    """Run a confirmed import: the whole file in one transaction; the Job shows progress."""
    job = Job.objects.get(pk=job_id)
    with jobs.side_connection() as side:
        if not jobs.job_claim(job_id=job_id, side=side):
            return "skipped"  # done already, or another worker has it

        def progress(done: int, total: int) -> None:
            jobs.job_progress(job_id=job_id, side=side, done=done, total=total)

        try:
            with transaction.atomic():
                data = imports.upload_read(job.params["upload"])
                plan = imports.plan_import(data, job.params.get("filename", ""))
                progress(0, len(plan.valid_rows))
                result = imports.import_run(plan, progress=progress)
                jobs.job_finish(job_id=job_id, result=result)
        except imports.ImportRefused:
            jobs.job_fail(
                job_id=job_id,
                message=_("Filen har afviste rækker. Intet er importeret."),
            )
        except imports.ImportFileError as error:
            jobs.job_fail(job_id=job_id, message=str(error))
        except Exception:
            logger.exception("Import job %s failed", job_id)
            jobs.job_fail(
                job_id=job_id,
                message=_("Importen fejlede. Intet er importeret. Prøv igen."),
            )
            return "failed"
        finally:
            imports.upload_delete_on_commit(job.params.get("upload", ""))
    return "done"
