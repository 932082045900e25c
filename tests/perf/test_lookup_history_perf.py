"""Issue 5: a citizen's look-up history as a PDF or CSV "within seconds for 10,000 log rows"."""

from __future__ import annotations

import random
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts import jobs
from accounts.models import AccessLog, Job, JobStatus
from accounts.tenancy import tenant_scope
from candidates import tasks
from tests.candidates.factories import make_candidate
from tests.factories import make_personas, sign_in
from tests.perf.conftest import empty_database

ROWS = 10_000
FIGURES: dict[str, float] = {}


@pytest.fixture(scope="module")
def looked_up(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        personas = make_personas()
        rng = random.Random(10_000)  # noqa: S311 - test data
        with tenant_scope(personas.roskilde):
            candidate = make_candidate(consultant=personas.consultant_a)
            now = timezone.now()
            AccessLog.objects.bulk_create(
                [
                    AccessLog(
                        user=personas.consultant_a,
                        at=now - timedelta(minutes=rng.randrange(60 * 24 * 365)),
                        action=rng.choice(["view", "list", "view_sensitive", "export"]),
                        object_type="candidates.candidate",
                        object_id=str(candidate.public_id),
                        purpose=rng.choice(["", "", "Opfølgning", "Match med virksomhed"]),
                    )
                    for _ in range(ROWS)
                ],
                batch_size=2000,
            )
        yield personas, candidate
        empty_database()
    print("\nBenchmark figures (s):", FIGURES)  # noqa: T201 - the benchmark's report


@pytest.mark.perf
def test_the_csv_of_10000_look_ups_comes_within_seconds(looked_up, db) -> None:
    personas, candidate = looked_up
    admin = sign_in(Client(), personas.admin_a)
    started = time.perf_counter()
    response = admin.get(
        f"/roskilde/borgere/{candidate.public_id}/opslagshistorik/", {"format": "csv"}
    )
    FIGURES["CSV, 10,000 rows"] = round(time.perf_counter() - started, 2)
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").count("\r\n") >= ROWS
    assert FIGURES["CSV, 10,000 rows"] < 5


@pytest.mark.perf
def test_the_pdf_of_10000_look_ups_is_made_within_seconds(looked_up) -> None:
    personas, candidate = looked_up
    with tenant_scope(personas.roskilde):
        job = jobs.job_create(
            kind=tasks.LOOKUP_HISTORY_JOB,
            created_by=personas.admin_a,
            params={"candidate": candidate.pk},
        )
    started = time.perf_counter()
    tasks.lookup_history_pdf(personas.roskilde.pk, job.pk)  # as the worker runs it
    FIGURES["PDF, 10,000 rows"] = round(time.perf_counter() - started, 2)
    with tenant_scope(personas.roskilde):
        assert Job.objects.get(pk=job.pk).status == JobStatus.DONE
    assert FIGURES["PDF, 10,000 rows"] < 10
