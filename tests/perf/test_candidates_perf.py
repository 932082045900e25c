"""Issue 5's targets with 200,000 candidates in one jobcenter: the list and a search answer in
≤ 300 ms (page) and ≤ 150 ms (htmx fragment) at the 95th percentile, the access log adds at
most 10 % to a page's time, and the number of queries does not grow with the rows."""

from __future__ import annotations

import os
import statistics
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts import access_log
from accounts.tenancy import tenant_scope
from candidates import demo
from candidates.models import Candidate
from tests.factories import make_personas, sign_in
from tests.perf.conftest import empty_database, p95

CANDIDATES = int(os.environ.get("JOBBRO_PERF_CANDIDATES", "200000"))
FIGURES: dict[str, float] = {}
LIST = "/roskilde/borgere/"


@pytest.fixture(scope="module")
def big_jobcenter(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        personas = make_personas()
        with tenant_scope(personas.roskilde):
            demo.generate(personas.roskilde, CANDIDATES)
        # As autovacuum leaves a live table: statistics and the visibility map, so counting the
        # list is an index-only scan (without it, COUNT(*) reads 200,000 heap rows: 120 ms).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        yield personas
        empty_database()
    print("\nBenchmark figures (p95, ms):", FIGURES)  # noqa: T201 - the benchmark's report


@pytest.fixture
def consultant(big_jobcenter, db) -> Client:  # type: ignore[no-untyped-def]
    return sign_in(Client(), big_jobcenter.consultant_a)


def get(client: Client, query: str, htmx: bool) -> None:
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(LIST + query, headers=headers)
    assert response.status_code == 200


@pytest.mark.perf
@pytest.mark.parametrize(
    ("label", "query", "htmx", "limit_ms"),
    [
        ("list page", "", False, 300),
        ("list fragment", "", True, 150),
        ("my candidates page", "?consultant=me", False, 300),
        ("filtered and sorted page", "?status=active&sort=-hours", False, 300),
        # A full name, as a consultant types it: a few dozen people.
        ("search page (full name)", "?q=mette+provegaard", False, 300),
        ("search fragment (full name)", "?q=mette+provegaard", True, 150),
        # One first name in 36: thousands of matches to rank.
        ("search page (common first name)", "?q=mette", False, 300),
        ("search fragment (common first name)", "?q=mette", True, 150),
        # The beginning of one surname in twelve: 16,000 matches, none a whole word.
        ("search page (common beginning)", "?q=prove", False, 300),
        ("search fragment (common beginning)", "?q=prove", True, 150),
    ],
)
def test_the_candidate_list_answers_in_time(consultant, label, query, htmx, limit_ms) -> None:
    figure = p95(lambda: get(consultant, query, htmx))
    FIGURES[label] = round(figure, 1)
    assert figure <= limit_ms, f"{label}: p95 {figure:.0f} ms > {limit_ms} ms"


def median_ms(measure, runs: int = 60) -> float:  # type: ignore[no-untyped-def]
    for _ in range(3):
        measure()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        measure()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


@pytest.mark.perf
def test_the_access_log_adds_at_most_ten_percent(consultant, monkeypatch) -> None:
    """The same page (a search showing 25 people: 26 log rows) with and without the log,
    alternating blocks so that the machine's other load falls on both; medians compared."""
    with_log, without_log = [], []
    for _ in range(3):
        with_log.append(median_ms(lambda: get(consultant, "?q=mette", False), runs=20))
        with monkeypatch.context() as patched:
            patched.setattr(access_log, "record_many", lambda **kwargs: 0)
            patched.setattr(access_log, "record", lambda **kwargs: None)
            without_log.append(median_ms(lambda: get(consultant, "?q=mette", False), runs=20))
    logged, unlogged = statistics.median(with_log), statistics.median(without_log)
    FIGURES["search page, median, with the access log"] = round(logged, 1)
    FIGURES["search page, median, without the access log"] = round(unlogged, 1)
    assert logged <= unlogged * 1.10, (logged, unlogged)


@pytest.mark.perf
def test_the_query_count_does_not_grow_with_the_rows(consultant) -> None:
    counts = []
    for query in ("?page=1", "?page=500"):
        with CaptureQueriesContext(connection) as captured:
            get(consultant, query, False)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


@pytest.mark.perf
def test_the_big_jobcenter_is_as_big_as_promised(big_jobcenter) -> None:
    with tenant_scope(big_jobcenter.roskilde):
        assert Candidate.objects.count() == CANDIDATES
