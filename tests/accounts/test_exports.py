"""The lists' exports (accounts.exports): up to EXPORT_MAX_ROWS_IN_REQUEST rows in the request,
more as a background job that a real worker makes, with every row, one access-log row per
person shown (in the name of the person who exported), and a file only that person gets."""

from __future__ import annotations

import csv
import io
import time
from datetime import date
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from accounts import exports
from accounts.models import AccessLog, Job, JobFile
from accounts.tenancy import tenant_scope
from candidates import services as candidate_services
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company
from tests.factories import Personas, make_personas, sign_in
from tests.placements.factories import make_placement


def _finished(client: Client, job_url: str) -> None:
    deadline = time.monotonic() + 60
    while client.get(job_url, headers={"HX-Request": "true"}).status_code != 286:
        assert time.monotonic() < deadline, "the worker did not finish the export"
        time.sleep(0.3)


def _the_file(personas: Personas, client: Client, job_url: str) -> tuple[JobFile, Any]:
    with tenant_scope(personas.roskilde):
        job = Job.objects.get(public_id=job_url.rstrip("/").rsplit("/", 1)[1])
        job_file = JobFile.objects.get(job=job)
    download = client.get(f"{job_url}filer/{job_file.public_id}/")
    assert download.status_code == 200
    assert download["Cache-Control"] == "no-store"
    return job_file, b"".join(download.streaming_content)


def _exports_logged(personas: Personas) -> list[tuple[str, str, int | None]]:
    with tenant_scope(personas.roskilde):
        return sorted(
            AccessLog.objects.filter(action="export").values_list("action", "object_id", "user_id")
        )


@pytest.mark.django_db(transaction=True)
def test_a_big_candidate_export_is_a_job_with_every_row_logged_and_only_for_its_owner(
    settings, celery_worker_queue
) -> None:
    settings.EXPORT_MAX_ROWS_IN_REQUEST = 3
    personas = make_personas()
    with tenant_scope(personas.roskilde):
        candidates = [
            make_candidate(first_name=f"Eksport{i}", last_name="Fiktivlund") for i in range(7)
        ]
        candidate_services.candidate_set_status(
            actor=None, candidate=make_candidate(first_name="Pause"), status="paused"
        )
    consultant = sign_in(Client(), personas.consultant_a)

    response = consultant.get("/roskilde/borgere/eksport/", {"status": "active", "format": "csv"})

    # Not a file made in the request: the job page, which follows the worker.
    assert response.status_code == 302
    job_url = response["Location"]
    assert job_url.startswith("/roskilde/baggrundsjob/")
    page = consultant.get(job_url)
    assert page.status_code == 200 and "Eksport af kandidater" in page.content.decode()
    _finished(consultant, job_url)

    job_file, data = _the_file(personas, consultant, job_url)
    assert job_file.name.startswith("kandidater-") and job_file.name.endswith(".csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Fornavn", "Efternavn", "Sagsnummer"]
    assert sorted(row[0] for row in rows[1:]) == [f"Eksport{i}" for i in range(7)]
    assert _exports_logged(personas) == sorted(
        ("export", str(c.public_id), personas.consultant_a.pk) for c in candidates
    )
    with tenant_scope(personas.roskilde):
        assert "query" not in Job.objects.get(public_id=job_url.split("/")[-2]).params

    colleague = sign_in(Client(), personas.manager_a)
    other_jobcenter = sign_in(Client(), personas.consultant_b)
    for client in (colleague, other_jobcenter):
        assert client.get(job_url).status_code == 404
        assert client.get(f"{job_url}filer/{job_file.public_id}/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_big_placement_export_is_a_job_with_every_placement_in_excel(
    settings, celery_worker_queue
) -> None:
    settings.EXPORT_MAX_ROWS_IN_REQUEST = 2
    personas = make_personas()
    with tenant_scope(personas.roskilde):
        company = make_company(name="=Formelfabrikken ApS")
        people = [make_candidate(first_name=f"Praktikant{i}") for i in range(2)]
        placements = [
            make_placement(
                personas.consultant_a,
                candidate=people[i % 2],
                company=company,
                planned_start=date(2026, 1 + i, 1),
                planned_end=date(2026, 1 + i, 20),
            )
            for i in range(4)
        ]
    manager = sign_in(Client(), personas.manager_a)

    response = manager.get("/roskilde/forloeb/eksport/", {"format": "xlsx"})

    assert response.status_code == 302
    job_url = response["Location"]
    _finished(manager, job_url)
    job_file, data = _the_file(personas, manager, job_url)
    assert job_file.name.startswith("forloeb-") and job_file.name.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Kandidat", "Virksomhed")
    assert len(rows) == 1 + len(placements)
    # A spreadsheet would run a text beginning with "=" as a formula: it is stored as text,
    # marked to stay text, with no visible apostrophe.
    assert {row[1] for row in rows[1:]} == {"=Formelfabrikken ApS"}
    names = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in names)
    # One row per person shown, however many of their placements the file holds.
    assert _exports_logged(personas) == sorted(
        ("export", str(c.public_id), personas.manager_a.pk) for c in people
    )


@pytest.mark.django_db
def test_an_export_within_the_limit_is_made_in_the_request(settings) -> None:
    settings.EXPORT_MAX_ROWS_IN_REQUEST = 3
    personas = make_personas()
    with tenant_scope(personas.roskilde):
        for i in range(3):
            make_candidate(first_name=f"Lille{i}")
    consultant = sign_in(Client(), personas.consultant_a)

    response = consultant.get("/roskilde/borgere/eksport/", {"format": "csv"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="kandidater-')
    assert response["Cache-Control"] == "no-store"
    assert len(response.content.decode("utf-8-sig").splitlines()) == 4
    assert len(_exports_logged(personas)) == 3
    with tenant_scope(personas.roskilde):
        assert not Job.objects.exists()


def test_the_writer_quotes_what_a_spreadsheet_would_run_as_a_formula() -> None:
    for xlsx in (False, True):
        writer = exports.SpreadsheetWriter(header=["Navn", "Tal"], sheet="Ark", xlsx=xlsx)
        writer.add(["=1+1", "-5"])
        writer.add(["@SUM(A1)", 7])
        data = writer.finish()
        if xlsx:
            sheet = load_workbook(io.BytesIO(data)).active
            rows = list(sheet.iter_rows(values_only=True))
            formula, number = sheet["A2"], sheet["B2"]
            # Stored as text and marked to stay text, with no visible apostrophe; a signed
            # number is harmless and stays as typed.
            assert rows[1][:2] == ("=1+1", "-5")
            assert formula.data_type == "s" and formula.quotePrefix
            assert number.data_type == "s" and not number.quotePrefix
            assert rows[2][0] == "@SUM(A1)"
            assert sheet["A3"].data_type == "s" and sheet["A3"].quotePrefix
        else:
            assert data.startswith("\ufeff".encode())
            text = io.StringIO(data.decode("utf-8-sig"))
            rows = [tuple(row) for row in csv.reader(text, delimiter=";")]
            assert rows[1][:2] == ("'=1+1", "'-5")
            assert rows[2][0] == "'@SUM(A1)"
