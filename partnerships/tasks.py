"""Background work for partnerships: the agreement PDF (made here, never in a view). Tasks
take ids and run inside the jobcenter's scope (TenantTask)."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts import jobs
from accounts.tenancy import TenantTask
from partnerships import documents
from partnerships.models import Agreement

AGREEMENT_PDF_JOB = "partnerships.agreement_pdf"
# A file name keeps the Danish letters readable: "Tømrer" → "toemrer", not "tmrer".
DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


@shared_task(base=TenantTask, name="partnerships.agreement_pdf", acks_late=True)
def agreement_pdf(tenant_id: int, job_id: int) -> str:
    """An agreement as a PDF in Danish, attached to its job for download."""

    def work(run: jobs.JobRun) -> dict[str, Any]:
        agreement = (
            Agreement.objects.select_related(
                "agreement_type", "company", "jobcenter_contact", "signature_registered_by"
            )
            .filter(pk=run.job.params["agreement"])
            .first()
        )
        if agreement is None:
            raise jobs.JobFailed(_("Aftalen findes ikke længere."))
        run.progress(0, 1, _("Aftalen sættes op …"))
        data = documents.agreement_pdf(agreement)
        name = slugify(f"aftale-{agreement.company.name}".translate(DANISH))[:80]
        run.attach(
            name=f"{name}-{timezone.localdate().isoformat()}.pdf",
            content_type="application/pdf",
            data=data,
        )
        return {"total": 1}

    return jobs.job_run(job_id=job_id, work=work)
