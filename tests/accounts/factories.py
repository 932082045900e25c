from __future__ import annotations

from django.utils import timezone

from accounts import jobs
from accounts.models import Job, JobFile, JobStatus, User


def make_finished_job(
    user: User | None, files: dict[str, bytes] | None = None, *, kind: str = "tests.document"
) -> tuple[Job, list[JobFile]]:
    """A done job of `user` with stored files (name → bytes), inside the current scope."""
    job = jobs.job_create(kind=kind, created_by=user, title="Testdokument")
    attached = [
        jobs.job_file_attach(job=job, name=name, content_type="application/pdf", data=data)
        for name, data in (files or {}).items()
    ]
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, finished_at=timezone.now(), result={"files": len(attached)}
    )
    job.refresh_from_db()
    return job, attached
