"""Background work for candidates. Tasks take ids, run inside the jobcenter's scope
(TenantTask) and call one service: the nightly retention, and the documents (made here, never
in a view)."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import documents, jobs
from accounts.models import Job, Jobcenter
from accounts.tenancy import TenantTask
from candidates import retention, selectors, subject_access
from candidates.models import Candidate

LOOKUP_HISTORY_JOB = "candidates.lookup_history"
SUBJECT_ACCESS_JOB = "candidates.subject_access"


def _candidate(job: Job) -> Candidate:
    candidate = Candidate.objects.filter(
        pk=job.params["candidate"], anonymised_at__isnull=True
    ).first()
    if candidate is None:
        raise jobs.JobFailed(_("Kandidaten findes ikke længere."))
    return candidate


@shared_task(base=TenantTask, name="candidates.lookup_history_pdf", acks_late=True)
def lookup_history_pdf(tenant_id: int, job_id: int) -> str:
    """A citizen's look-up history as a PDF: when and why, never who."""

    def work(run: jobs.JobRun) -> dict[str, Any]:
        candidate = _candidate(run.job)
        rows = selectors.lookup_history_by_day(candidate=candidate)
        data = documents.render_pdf(
            "candidates/pdf/lookup_history.html",
            {
                "title": _("Opslagshistorik"),
                "candidate": candidate,
                "rows": rows,
                "total": sum(row["times"] for row in rows),
                "demo": candidate.is_demo,
            },
        )
        run.attach(
            name=f"opslagshistorik-{timezone.localdate().isoformat()}.pdf",
            content_type="application/pdf",
            data=data,
        )
        return {"total": len(rows)}

    return jobs.job_run(job_id=job_id, work=work)


@shared_task(base=TenantTask, name="candidates.subject_access_export", acks_late=True)
def subject_access_export(tenant_id: int, job_id: int) -> str:
    """Everything Jobbro holds about a candidate, as JSON and as a readable PDF."""

    def work(run: jobs.JobRun) -> dict[str, Any]:
        candidate = _candidate(run.job)
        record = subject_access.collect(candidate)
        stamp = timezone.localdate().isoformat()
        run.attach(
            name=f"indsigt-{stamp}.json",
            content_type="application/json",
            data=json.dumps(record, ensure_ascii=False, indent=2).encode(),
        )
        run.attach(
            name=f"indsigt-{stamp}.pdf",
            content_type="application/pdf",
            data=documents.render_pdf(
                "candidates/pdf/subject_access.html",
                {
                    "title": _("Indsigt: oplysninger om dig i Jobbro"),
                    "record": record,
                    "sections": subject_access.readable_sections(candidate),
                    "lookups": selectors.lookup_history_by_day(candidate=candidate),
                    "demo": candidate.is_demo,
                },
            ),
        )
        return {"total": 2}

    return jobs.job_run(job_id=job_id, work=work)


@shared_task(name="candidates.anonymise_expired_all")
def anonymise_expired_all() -> int:
    """Nightly: one retention task per active jobcenter."""
    jobcenter_ids = list(Jobcenter.objects.filter(is_active=True).values_list("pk", flat=True))
    for jobcenter_id in jobcenter_ids:
        transaction.on_commit(partial(anonymise_expired.delay, jobcenter_id))
    return len(jobcenter_ids)


@shared_task(base=TenantTask, name="candidates.anonymise_expired", acks_late=True)
def anonymise_expired(tenant_id: int, after_id: int = 0) -> dict[str, int]:
    """One batch of the jobcenter's expired candidates, in one transaction; a full batch
    chains the next one after commit. A redelivered task finds the candidates it anonymised
    before no longer expired, so nothing is done twice (the export hooks may be called again
    for a batch that was rolled back, so they must be idempotent)."""
    jobcenter = Jobcenter.objects.get(pk=tenant_id)
    batch = retention.anonymise_expired(jobcenter=jobcenter, after_id=after_id)
    if batch.more:
        transaction.on_commit(partial(anonymise_expired.delay, tenant_id, batch.last_id))
    return {"anonymised": batch.anonymised, "held_back": batch.held_back}
