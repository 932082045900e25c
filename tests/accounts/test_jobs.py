"""Background jobs that make files: run, show, download (their creator only), clean up."""

from __future__ import annotations

import io
import os
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from celery import shared_task
from django.conf import settings
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from accounts import documents, jobs
from accounts.models import Job, JobFile, JobStatus
from accounts.tasks import delete_job_files, delete_old_job_files
from accounts.tenancy import TenantTask, tenant_scope
from tests.accounts.factories import make_finished_job
from tests.factories import sign_in

SPECIMEN_ROWS = [
    {"name": "Søndergård Maskinfabrik A/S", "date": date(2026, 11, 22), "amount": Decimal("1234.5")}
]


@shared_task(base=TenantTask, name="tests.specimen_pdf", acks_late=True)
def specimen_pdf(tenant_id: int, job_id: int) -> str:
    def work(run: jobs.JobRun) -> dict[str, Any]:
        run.progress(0, 1)
        pdf = documents.render_pdf(
            "pdf/specimen.html",
            {"title": "Opslagshistorik", "rows": SPECIMEN_ROWS, "total": Decimal("1234.5")},
        )
        run.attach(name="Opslagshistorik æøå.pdf", content_type="application/pdf", data=pdf)
        return {"total": 1}

    return jobs.job_run(job_id=job_id, work=work)


def stored(job_file: JobFile) -> Path:
    return Path(settings.MEDIA_ROOT) / "jobs" / job_file.stored_as


def job_url(job: Job) -> str:
    return f"/roskilde/baggrundsjob/{job.public_id}/"


def file_url(job: Job, job_file: JobFile) -> str:
    return f"{job_url(job)}filer/{job_file.public_id}/"


# --- A real worker makes a real PDF; its creator downloads it ---------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_worker_renders_a_pdf_that_only_its_creator_downloads(celery_worker_queue) -> None:
    from tests.factories import make_personas

    personas = make_personas()
    day_before = timezone.localdate()
    with tenant_scope(personas.roskilde):
        job = jobs.job_start(
            kind="tests.specimen",
            title="Opslagshistorik",
            task=specimen_pdf,
            actor=personas.consultant_a,
        )
    creator = sign_in(Client(), personas.consultant_a)

    page = creator.get(job_url(job))
    assert page.status_code == 200 and 'hx-trigger="every 2s"' in page.content.decode()
    deadline = time.monotonic() + 60
    while True:
        poll = creator.get(job_url(job), headers={"HX-Request": "true"})
        if poll.status_code == 286 or time.monotonic() > deadline:
            break
        assert poll.status_code == 200 and "<progress" in poll.content.decode()
        time.sleep(0.3)
    body = poll.content.decode()
    assert poll.status_code == 286, body
    assert "every 2s" not in body and "Opslagshistorik æøå.pdf" in body

    with tenant_scope(personas.roskilde):
        job_file = JobFile.objects.get(job=job)
    download = creator.get(file_url(job, job_file))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "no-store"
    assert download["Content-Disposition"] == (
        "attachment; filename*=utf-8''Opslagshistorik%20%C3%A6%C3%B8%C3%A5.pdf"
    )
    text = PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages[0].extract_text()
    assert "Jobcenter Roskilde" in text and "Opslagshistorik" in text
    assert "22.11.2026" in text and "1.234,5" in text and "Side 1 af 1" in text
    printed = {f"Udskrevet {day:%d.%m.%Y}" for day in (day_before, timezone.localdate())}
    assert any(line in text for line in printed), text

    colleague = sign_in(Client(), personas.manager_a)
    other_jobcenter = sign_in(Client(), personas.consultant_b)
    for client in (colleague, other_jobcenter):
        assert client.get(job_url(job)).status_code == 404
        assert client.get(file_url(job, job_file)).status_code == 404


# --- job_run: claim → work → files → finish, or fail with nothing left behind ----------------


def stored_files(jobcenter_id: int) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "jobs" / str(jobcenter_id)
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def queued_job(personas) -> Job:
    with tenant_scope(personas.roskilde):
        return jobs.job_create(kind="tests.document", created_by=personas.consultant_a)


def attach_two(run: jobs.JobRun) -> dict[str, Any]:
    run.attach(name="a.csv", content_type="text/csv", data=b"a;b\r\n")
    run.attach(name="b.json", content_type="application/json", data=b"{}")
    return {"rows": 1}


@pytest.mark.django_db(transaction=True)
def test_a_job_run_attaches_its_files_and_finishes_once(personas, media) -> None:
    job = queued_job(personas)
    with tenant_scope(personas.roskilde):
        assert jobs.job_run(job_id=job.pk, work=attach_two) == "done"
    with tenant_scope(personas.roskilde):
        job.refresh_from_db()
        assert job.status == JobStatus.DONE and job.result == {"rows": 1, "files": 2}
        names = [(f.name, f.content_type, f.size) for f in job.files.all()]
        assert names == [("a.csv", "text/csv", 5), ("b.json", "application/json", 2)]
        assert stored(job.files.first()).read_bytes() == b"a;b\r\n"
        # A second delivery of the task changes nothing.
        assert jobs.job_run(job_id=job.pk, work=attach_two) == "skipped"
        assert job.files.count() == 2
    assert len(stored_files(personas.roskilde.pk)) == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("error", "message"),
    [
        (jobs.JobFailed("Borgeren findes ikke længere."), "Borgeren findes ikke længere."),
        (ZeroDivisionError("intern fejl"), "Dokumentet kunne ikke laves."),
    ],
)
def test_a_failing_job_keeps_no_file_and_says_why(personas, media, error, message) -> None:
    job = queued_job(personas)

    def work(run: jobs.JobRun) -> None:
        attach_two(run)
        raise error

    with tenant_scope(personas.roskilde):
        result = jobs.job_run(
            job_id=job.pk, work=work, failure_message="Dokumentet kunne ikke laves."
        )
    assert result == "failed"
    with tenant_scope(personas.roskilde):
        job.refresh_from_db()
        assert job.status == JobStatus.FAILED and job.message == message
        assert not JobFile.objects.exists()
    assert stored_files(personas.roskilde.pk) == []

    page = sign_in(Client(), personas.consultant_a).get(job_url(job))
    assert message in page.content.decode() and "every 2s" not in page.content.decode()


@pytest.mark.django_db
def test_starting_a_job_enqueues_its_task_only_on_commit(
    personas, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    sent: list[tuple[Any, ...]] = []
    monkeypatch.setattr(specimen_pdf, "delay", lambda *args: sent.append(args))
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        tenant_scope(personas.roskilde),
    ):
        job = jobs.job_start(kind="tests.specimen", task=specimen_pdf, actor=personas.consultant_a)
        assert sent == []
    assert len(callbacks) == 1
    assert sent == [(personas.roskilde.pk, job.pk)]


# --- The job page and the download --------------------------------------------------------


@pytest.mark.django_db
def test_the_job_page_polls_while_the_job_runs_and_then_offers_the_files(personas, media) -> None:
    with tenant_scope(personas.roskilde):
        job = jobs.job_create(kind="tests.document", created_by=personas.consultant_a)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.RUNNING, progress_done=3, progress_total=12
        )
    client = sign_in(Client(), personas.consultant_a)

    running = client.get(job_url(job))
    page = running.content.decode()
    assert running.status_code == 200
    assert 'hx-trigger="every 2s"' in page and 'value="25"' in page and "3 af 12" in page
    assert f'href="{job_url(job)}"' in page  # "Opdatér" without JavaScript
    assert client.get(job_url(job), headers={"HX-Request": "true"}).status_code == 200

    with tenant_scope(personas.roskilde):
        job.delete()
        job, (report,) = make_finished_job(personas.consultant_a, {"rapport.pdf": b"%PDF-1.7"})
    done = client.get(job_url(job), headers={"HX-Request": "true"})
    assert done.status_code == 286
    fragment = done.content.decode()
    assert "every 2s" not in fragment and "<html" not in fragment
    assert file_url(job, report) in fragment and "rapport.pdf" in fragment


@pytest.mark.django_db
def test_a_file_is_downloaded_only_by_the_jobs_creator(personas, media) -> None:
    with tenant_scope(personas.roskilde):
        job, (report,) = make_finished_job(personas.consultant_a, {"rapport.pdf": b"%PDF-1.7"})
        running = jobs.job_create(kind="tests.document", created_by=personas.consultant_a)
        unfinished = jobs.job_file_attach(
            job=running, name="halv.pdf", content_type="application/pdf", data=b"%PDF"
        )

    response = sign_in(Client(), personas.consultant_a).get(file_url(job, report))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.7"
    assert response["Content-Disposition"] == 'attachment; filename="rapport.pdf"'

    for user in (personas.manager_a, personas.admin_a, personas.consultant_b, personas.admin_b):
        assert sign_in(Client(), user).get(file_url(job, report)).status_code == 404, user
    # Nor a file of a job that has not finished (its work may still roll back).
    creator = sign_in(Client(), personas.consultant_a)
    assert creator.get(file_url(running, unfinished)).status_code == 404
    # Nor a file under another job's address.
    assert creator.get(f"{job_url(running)}filer/{report.public_id}/").status_code == 404


@pytest.mark.django_db
def test_files_are_stored_privately_per_jobcenter_with_unguessable_names(personas, media) -> None:
    with tenant_scope(personas.roskilde):
        _job, (first, second) = make_finished_job(
            personas.consultant_a, {"rapport.pdf": b"1", "rapport2.pdf": b"2"}
        )
    for job_file in (first, second):
        folder, name = job_file.stored_as.split("/")
        assert folder == str(personas.roskilde.pk)
        assert len(name) == 32 and "rapport" not in name
        assert stored(job_file).stat().st_mode & 0o077 == 0  # only the server's own user
    assert first.stored_as != second.stored_as
    # No address serves the stored files themselves.
    creator = sign_in(Client(), personas.consultant_a)
    for prefix in ("/media/jobs/", "/static/jobs/", "/media/", "/"):
        assert creator.get(f"{prefix}{first.stored_as}").status_code == 404


# --- The nightly clean-up -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_nightly_clean_up_deletes_old_jobs_with_their_files_and_keeps_new_ones(
    personas, media, settings, django_capture_on_commit_callbacks
) -> None:
    settings.JOB_FILE_RETENTION_DAYS = 7
    start = timezone.now()
    with tenant_scope(personas.roskilde):
        old_job, (old,) = make_finished_job(personas.consultant_a, {"gammel.pdf": b"old"})
        # Queued and never run (the workers were down): lost, once it is that old.
        lost = jobs.job_create(kind="tests.document", created_by=personas.consultant_a)
    with time_machine.travel(start + timedelta(days=5)):
        with tenant_scope(personas.roskilde):
            new_job, (new,) = make_finished_job(personas.consultant_a, {"ny.pdf": b"new"})
        with tenant_scope(personas.aalborg):
            _other, (aalborg,) = make_finished_job(personas.consultant_b, {"aalborg.pdf": b"b"})
    # Queued an hour before the clean-up: its worker may take it yet.
    with time_machine.travel(start + timedelta(days=8, hours=-1)), tenant_scope(personas.roskilde):
        queued = jobs.job_create(kind="tests.document", created_by=personas.consultant_a)
    # Files without a row: one a dead worker left long ago, one a running job just stored.
    folder = Path(media) / "jobs" / str(personas.roskilde.pk)
    abandoned, fresh = folder / ("a" * 32), folder / ("f" * 32)
    abandoned.write_bytes(b"?")
    fresh.write_bytes(b"?")
    moment = (start + timedelta(days=8)).timestamp()
    os.utime(fresh, (moment - 3600, moment - 3600))
    with time_machine.travel(start + timedelta(days=8)):
        with django_capture_on_commit_callbacks() as fan_out:
            assert delete_old_job_files.apply().get() == 2
        assert len(fan_out) == 2  # one task per jobcenter, sent after commit
        with django_capture_on_commit_callbacks(execute=True):
            assert delete_job_files.apply(args=[personas.roskilde.pk]).get() == 2

    assert not stored(old).exists() and not abandoned.exists()
    assert stored(new).exists() and fresh.exists() and stored(aalborg).exists()
    with tenant_scope(personas.roskilde):
        assert list(JobFile.objects.values_list("name", flat=True)) == ["ny.pdf"]
        # The job rows go with their files: their titles say what they were about.
        assert set(Job.objects.values_list("pk", flat=True)) == {new_job.pk, queued.pk}
    creator = sign_in(Client(), personas.consultant_a)
    assert creator.get(job_url(old_job)).status_code == 404
    assert creator.get(file_url(old_job, old)).status_code == 404
    assert creator.get(job_url(lost)).status_code == 404
    assert creator.get(job_url(new_job)).status_code == 200
