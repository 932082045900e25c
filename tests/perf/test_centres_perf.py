"""Issue 7's virksomhedscenter target with 200,000 placements in one jobcenter, a few hundred
of them in each of 20 contracts over two years: a contract's two-year occupancy chart ≤ 200 ms
(its one query and the chart's geometry). The whole contract page and the list of contracts are
measured and reported too."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.tenancy import current_tenant_id, tenant_scope
from candidates import demo as candidates_demo
from companies import demo as companies_demo
from companies.models import Company
from partnerships import services
from partnerships.models import CentreContract
from partnerships.selectors import centres as selectors
from partnerships.views import centres as centre_views
from placements import demo
from tests.factories import make_personas, sign_in
from tests.perf.conftest import empty_database, p95

PLACEMENTS = int(os.environ.get("JOBBRO_PERF_PLACEMENTS", "200000"))
CONTRACTS = 20
PER_CONTRACT = 300
FIGURES: dict[str, float] = {}


@pytest.fixture(scope="module")
def big_jobcenter(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        personas = make_personas()
        with tenant_scope(personas.roskilde):
            companies_demo.generate(personas.roskilde, 1000, 0)
            candidates_demo.generate(personas.roskilde, int(PLACEMENTS * 1.1))
            demo.generate(personas.roskilde, PLACEMENTS, 0)
            today = timezone.localdate()
            companies = list(Company.objects.order_by("pk")[:CONTRACTS])
            contracts = [
                services.centre_save(
                    actor=None,
                    contract=CentreContract(),
                    company=company,
                    name=f"Virksomhedscenter {i}",
                    seats=40,
                    starts_on=today - timedelta(days=800),
                )
                for i, company in enumerate(companies)
            ]
            # A few hundred placements per contract, spread over the last two years, 13
            # weeks each.
            with connection.cursor() as cursor:
                for contract in contracts:
                    cursor.execute(
                        """
                        UPDATE placements_placement p
                        SET centre_contract_id = %s, company_id = %s,
                            planned_start = current_date - (p.id %% 730)::int,
                            actual_start = current_date - (p.id %% 730)::int,
                            planned_end = current_date - (p.id %% 730)::int + 90,
                            status = 'active'
                        WHERE p.id IN (
                            SELECT id FROM placements_placement
                            WHERE tenant_id = %s AND centre_contract_id IS NULL
                            ORDER BY id LIMIT %s
                        )
                        """,
                        [contract.pk, contract.company_id, current_tenant_id(), PER_CONTRACT],
                    )
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        yield personas, contracts
        empty_database()
    print("\nBenchmark figures (p95, ms):", FIGURES)  # noqa: T201 - the benchmark's report


@pytest.mark.perf
def test_the_two_year_occupancy_chart_is_counted_in_time(big_jobcenter) -> None:
    personas, contracts = big_jobcenter
    contract = contracts[7]
    with tenant_scope(personas.roskilde):
        occupancy = selectors.centre_occupancy(contract=contract)

        def measure() -> None:
            # The figures and the chart's geometry, as the contract page builds them.
            centre_views._chart(selectors.centre_occupancy(contract=contract), 80)

        figure = p95(measure)
    FIGURES["occupancy query, two years"] = round(figure, 1)
    assert occupancy.unit == "month" and len(occupancy.buckets) in (24, 25)
    assert occupancy.start == selectors._years_before(occupancy.end, 2) + timedelta(days=1)
    assert sum(b.seat_days for b in occupancy.buckets) > 0
    assert figure <= 200, f"occupancy query: p95 {figure:.0f} ms > 200 ms"


@pytest.mark.perf
@pytest.mark.parametrize(
    ("label", "which", "limit_ms"),
    # The whole pages (the chart, the seats, the waiting list, the list's counts, the layout's
    # own queries) on this shared 2-core machine: reported, and held to a looser bound.
    [("contract page with the chart", "detail", 800), ("list of centres", "list", 500)],
)
def test_the_pages_answer_in_time(big_jobcenter, db, label, which, limit_ms) -> None:
    personas, contracts = big_jobcenter
    client = sign_in(Client(), personas.consultant_a)
    path = (
        f"/roskilde/aftaler/virksomhedscentre/{contracts[7].public_id}/"
        if which == "detail"
        else "/roskilde/aftaler/virksomhedscentre/?sort=-occupancy"
    )

    def measure() -> None:
        assert client.get(path).status_code == 200

    # Where the time goes: each query of one request (printed with the figures).
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        measure()
    slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:5]
    print(f"\n{label}: {len(queries.captured_queries)} queries; slowest:")  # noqa: T201
    for query in slowest:
        print(f"  {float(query['time']) * 1000:.1f} ms  {query['sql'][:300]}")  # noqa: T201
    figure = p95(measure)
    FIGURES[label] = round(figure, 1)
    assert figure <= limit_ms, f"{label}: p95 {figure:.0f} ms > {limit_ms} ms"
