"""A document made in the background, in the browser: the job page shows the progress, swaps
in the download link by itself when the job is done, and the file downloads."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts import jobs
from accounts.models import Job, JobStatus
from accounts.tenancy import tenant_scope
from tests.e2e.test_shell import sign_in_with_code
from tests.factories import make_personas


@pytest.mark.django_db(transaction=True)
def test_the_job_page_follows_the_job_and_offers_its_pdf(visitor, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    personas = make_personas()
    with tenant_scope(personas.roskilde):
        job = jobs.job_create(
            kind="tests.document", created_by=personas.consultant_a, title="Opslagshistorik"
        )
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.RUNNING, progress_done=1, progress_total=4
        )

    page = visitor.visit("/konto/login/")
    sign_in_with_code(page, "consultant@roskilde.example")
    page = visitor.visit(f"/roskilde/baggrundsjob/{job.public_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Opslagshistorik")
    expect(page.get_by_label("I gang …")).to_have_attribute("value", "25")
    visitor.check_page("job page, running")

    with tenant_scope(personas.roskilde):
        jobs.job_file_attach(
            job=job, name="opslagshistorik.pdf", content_type="application/pdf", data=b"%PDF-1.7"
        )
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.DONE, finished_at=timezone.now(), result={"files": 1}
        )

    link = page.get_by_role("link", name="opslagshistorik.pdf")
    expect(link).to_be_visible(timeout=10_000)  # htmx polls every 2 s
    visitor.check_page("job page, done")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "opslagshistorik.pdf"
