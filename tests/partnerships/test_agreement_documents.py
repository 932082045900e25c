"""The agreement as a PDF, made by a worker through the job mechanism: the page starts the
job, the job page shows progress and then the download, and the PDF is in Danish with the
parties, the commitments, the period and who signed."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Job, JobFile, JobStatus
from accounts.tenancy import tenant_scope
from partnerships import services, tasks
from partnerships.models import Commitment
from tests.companies.factories import make_company
from tests.factories import make_personas, sign_in
from tests.partnerships.factories import make_agreement


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
@time_machine.travel(date(2026, 7, 2))
def test_a_worker_makes_the_agreement_pdf_with_the_parties_and_the_signature(media) -> None:
    personas = make_personas()
    with tenant_scope(personas.roskilde):
        agreement = make_agreement(
            personas.consultant_a, company=make_company(name="Roskilde Tagdækning ApS")
        )
        services.commitment_save(
            actor=None,
            commitment=Commitment(agreement=agreement),
            area="internships",
            target=6,
            per="year",
        )
        services.agreement_set_status(actor=None, agreement=agreement, status="awaiting_signature")
        services.agreement_set_status(
            actor=personas.consultant_a,
            agreement=agreement,
            status="signed",
            signed_on=date(2026, 6, 30),
            signed_by_company="Direktør Jens Holm",
            signed_for_jobcenter_by="Lise Holm, jobcenterchef",
        )
    client = sign_in(Client(), personas.manager_a)

    response = client.post(
        reverse(
            "partnerships:agreement_pdf",
            kwargs={"jobcenter": "roskilde", "public_id": agreement.public_id},
        )
    )
    assert response.status_code == 302
    job_id = re.search(r"/baggrundsjob/([0-9a-f-]+)/", response["Location"]).group(1)
    waiting = client.get(response["Location"]).content.decode()
    assert "som PDF" in waiting  # the job page shows the job while it waits

    with tenant_scope(personas.roskilde):
        job = Job.objects.get(public_id=job_id)
    assert tasks.agreement_pdf(personas.roskilde.pk, job.pk) == "done"  # as the worker runs it
    with tenant_scope(personas.roskilde):
        job.refresh_from_db()
        assert job.status == JobStatus.DONE, job.message
        job_file = JobFile.objects.get(job=job)
    assert job_file.name.startswith("aftale-roskilde-tagdaekning-aps")
    done = client.get(response["Location"]).content.decode()
    assert str(job_file.public_id) in done  # the download link

    download = client.get(f"/roskilde/baggrundsjob/{job_id}/filer/{job_file.public_id}/")
    data = b"".join(download.streaming_content)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Roskilde Tagdækning ApS" in text
    assert "Partnerskab om praktik og job" in text and "Flere ledige i job" in text
    assert "Praktikpladser" in text and "pr. aftaleår" in text
    assert "01.01.2026" in text and "31.12.2027" in text
    assert "Direktør Jens Holm" in text and "30.06.2026" in text
    # Who signed for the jobcenter is the one named; the consultant only recorded it.
    flat = " ".join(text.split())
    assert "For jobcentret Lise Holm, jobcenterchef" in flat
    assert "Underskriften er registreret i Jobbro af Karen." in flat
    assert "for jobcentret af Karen" not in flat
