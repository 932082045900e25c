"""Documents about a candidate, made by workers: the citizen's look-up history (PDF) and the
subject-access export (JSON and PDF). Neither has a full CPR number or a staff name."""

from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import AccessLog, Job, JobFile, JobStatus, Membership
from accounts.tenancy import tenant_scope
from candidates import services, tasks
from candidates.models import ConsentCategory
from tests.candidates.factories import fictitious_cpr, make_candidate
from tests.factories import Personas, make_personas, sign_in


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def url(name: str, **kwargs: object) -> str:
    return reverse(f"candidates:{name}", kwargs={"jobcenter": "roskilde", **kwargs})


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def files_of(personas: Personas, job_id: str, client: Client) -> dict[str, bytes]:
    with tenant_scope(personas.roskilde):
        job = Job.objects.get(public_id=job_id)
        assert job.status == JobStatus.DONE, job.message
        job_files = list(JobFile.objects.filter(job=job))
    out = {}
    for job_file in job_files:
        response = client.get(f"/roskilde/baggrundsjob/{job_id}/filer/{job_file.public_id}/")
        assert response.status_code == 200
        out[job_file.name] = b"".join(response.streaming_content)
    return out


def started_job(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 302, response.status_code
    return re.search(r"/baggrundsjob/([0-9a-f-]+)/", response["Location"]).group(1)


def a_candidate_with_a_history(personas: Personas, number: str):  # type: ignore[no-untyped-def]
    with tenant_scope(personas.roskilde):
        candidate = make_candidate(
            first_name="Birthe", last_name="Krogh", cpr=number, consultant=personas.consultant_a
        )
        services.consent_record(
            actor=personas.consultant_a,
            candidate=candidate,
            company=None,
            categories=[ConsentCategory.PROFILE],
            given_on=candidate.created_at.date(),
        )
        services.sensitive_note_add(
            actor=personas.consultant_a,
            membership=Membership.objects.get(user=personas.consultant_a),
            candidate=candidate,
            kind="health",
            text="Går til fysioterapi om tirsdagen",
        )
    consultant = sign_in(Client(), personas.consultant_a)
    consultant.get(url("detail", public_id=candidate.public_id))
    consultant.get(url("sensitive", public_id=candidate.public_id), {"formaal": "Opfølgning"})
    return candidate


@pytest.mark.django_db(transaction=True)
def test_a_worker_prints_the_look_up_history_for_the_admin(celery_worker_queue, media) -> None:
    personas = make_personas()
    number = fictitious_cpr()
    candidate = a_candidate_with_a_history(personas, number)
    admin = sign_in(Client(), personas.admin_a)

    job_id = started_job(admin.post(url("lookup_history_pdf", public_id=candidate.public_id)))
    deadline = time.monotonic() + 60
    while (
        admin.get(f"/roskilde/baggrundsjob/{job_id}/", headers={"HX-Request": "true"}).status_code
        != 286
    ):
        assert time.monotonic() < deadline, "the worker did not finish the PDF"
        time.sleep(0.3)

    ((name, data),) = files_of(personas, job_id, admin).items()
    text = pdf_text(data)
    assert name.startswith("opslagshistorik-") and name.endswith(".pdf")
    assert "Birthe Krogh" in text and "Opfølgning" in text and "Side 1 af 1" in text
    assert "Følsomme oplysninger er vist" in text and "Kandidatens side er vist" in text
    assert "Karen" not in text and "consultant@" not in text
    assert number not in text and number[6:] not in text


@pytest.mark.django_db(transaction=True)
def test_the_subject_access_export_holds_everything_but_the_full_cpr(media) -> None:
    personas = make_personas()
    number = fictitious_cpr()
    candidate = a_candidate_with_a_history(personas, number)
    admin = sign_in(Client(), personas.admin_a)

    job_id = started_job(admin.post(url("subject_access", public_id=candidate.public_id)))
    with tenant_scope(personas.roskilde):
        job = Job.objects.get(public_id=job_id)
    tasks.subject_access_export(personas.roskilde.pk, job.pk)  # as the worker would

    files = files_of(personas, job_id, admin)
    record = json.loads(next(v for k, v in files.items() if k.endswith(".json")))
    text = pdf_text(next(v for k, v in files.items() if k.endswith(".pdf")))
    assert record["candidate"]["first_name"] == "Birthe"
    assert record["candidate"]["cpr"] == f"{number[:6]}-XXXX"
    assert record["sensitive_notes"][0]["text"] == "Går til fysioterapi om tirsdagen"
    assert record["consents"][0]["categories"] == ["Kompetencer, uddannelse og jobønsker"]
    assert {row["purpose"] for row in record["lookups"]} >= {"Opfølgning"}
    assert "Birthe Krogh" in text and "fysioterapi" in text and f"{number[:6]}-XXXX" in text
    for content in files.values():
        assert number.encode() not in content
    assert number[6:] not in text
    with tenant_scope(personas.roskilde):
        assert AccessLog.objects.filter(action="subject_access").count() == 1


@pytest.mark.django_db
def test_only_the_admin_may_take_out_everything(personas) -> None:
    with tenant_scope(personas.roskilde):
        candidate = make_candidate()
    consultant = sign_in(Client(), personas.consultant_a)
    manager = sign_in(Client(), personas.manager_a)

    assert consultant.post(url("subject_access", public_id=candidate.public_id)).status_code == 403
    assert manager.post(url("lookup_history_pdf", public_id=candidate.public_id)).status_code == 403
