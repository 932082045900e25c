"""Issue 7's list target: one jobcenter with 10,000 agreements, 50,000 commitments and
200,000 placements linked to them; the agreements list with target against actual ≤ 300 ms
at the 95th percentile. Run with `make perf`.

Built in SQL (generate_series), without write history (nobody wrote these rows): 1,000
companies with two contact-log entries each, ten agreements a company (a tenth drafts, a tenth
awaiting signature, the rest signed, started up to two years ago for two years), five
commitments an agreement over the counted areas, and 200,000 candidates each in one placement
linked to an agreement of its company, starting in the agreement's first year."""

from __future__ import annotations

import os
import re

import pgtrigger
import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.tenancy import tenant_scope
from companies import demo as companies_demo
from companies.models import Company
from partnerships import services
from partnerships.models import Agreement, Commitment
from placements import services as placement_services
from placements.models import Placement, PlacementType
from tests.factories import make_personas, sign_in
from tests.perf.conftest import empty_database, p95

AGREEMENTS = int(os.environ.get("JOBBRO_PERF_AGREEMENTS", "10000"))
PLACEMENTS = int(os.environ.get("JOBBRO_PERF_PLACEMENTS", "200000"))
COMPANIES = 1_000
COMMITMENTS_PER_AGREEMENT = 5
FIGURES: dict[str, float] = {}

AGREEMENTS_SQL = """
INSERT INTO partnerships_agreement (
    tenant_id, public_id, agreement_type_id, company_id, title, purpose, contributions,
    jobcenter_contact_id, starts_on, ends_on, status, termination_reason, not_renewed_reason,
    signed_on, signed_by_company, signed_scan, signed_scan_name, next_evaluation_on,
    created_at, updated_at
)
SELECT %(tenant)s, gen_random_uuid(), (%(types)s::bigint[])[1 + i %% 3],
       (%(companies)s::bigint[])[1 + i %% cardinality(%(companies)s::bigint[])],
       'Partnerskabsaftale ' || i, 'Flere ledige i job hos virksomheden.', '',
       (%(contacts)s::bigint[])[1 + i %% cardinality(%(contacts)s::bigint[])],
       %(today)s::date - (i %% 700), %(today)s::date - (i %% 700) + 729,
       CASE i %% 10 WHEN 0 THEN 'draft' WHEN 1 THEN 'awaiting_signature' ELSE 'signed' END,
       '', '',
       CASE WHEN i %% 10 > 1 THEN %(today)s::date - (i %% 700) END,
       CASE WHEN i %% 10 > 1 THEN 'Direktør ' || i ELSE '' END, '', '',
       %(today)s::date + (i %% 365), now(), now()
FROM generate_series(1, %(agreements)s) AS i
"""

COMMITMENTS_SQL = """
INSERT INTO partnerships_commitment (
    tenant_id, public_id, agreement_id, area, target, per, note
)
SELECT a.tenant_id, gen_random_uuid(), a.id,
       (ARRAY['internships', 'wage_subsidy', 'ordinary_hires', 'mentor', 'events'])[k],
       1 + (a.id + k) %% 12, CASE WHEN k = 5 THEN 'agreement' ELSE 'year' END, ''
FROM partnerships_agreement a, generate_series(1, %(per)s) AS k
WHERE a.tenant_id = %(tenant)s
"""

CANDIDATES_SQL = """
INSERT INTO candidates_candidate (
    tenant_id, public_id, first_name, last_name, cpr_ciphertext, cpr_digest, email, phone,
    address, postcode, city, case_reference, consultant_id, status, closed_reason, education,
    danish_level, driving_licences, languages, competences, profile_text, is_demo, created_at,
    updated_at
)
SELECT %(tenant)s, gen_random_uuid(),
       (ARRAY['Sofie','Ali','Maja','Mads','Fatima','Jonas','Emma','Omar'])[1 + i %% 8],
       'Efternavn ' || i, '', '', '', '', '', '4000', 'Roskilde', '',
       (%(contacts)s::bigint[])[1 + i %% cardinality(%(contacts)s::bigint[])], 'active', '',
       '', '', '{}', '{}', '{}', '', true, now(), now()
FROM generate_series(1, %(placements)s) AS i
"""

# Each candidate one placement, linked to an agreement of the placement's company and
# starting in the agreement's first year; the types cycle (so every area counts some). The
# agreements come as array parameters indexed by the row number: a join on a computed key
# would compare every candidate with every agreement.
PLACEMENTS_SQL = """
INSERT INTO placements_placement (
    tenant_id, public_id, candidate_id, company_id, agreement_id, placement_type_id,
    is_exclusive, planned_start, planned_end, tasks, consultant_id, status,
    interruption_reason, outcome, outcome_note, created_at, updated_at
)
SELECT %(tenant)s, gen_random_uuid(), c.id,
       (%(agreement_companies)s::bigint[])[1 + c.n %% %(agreements)s],
       (%(agreement_ids)s::bigint[])[1 + c.n %% %(agreements)s],
       (%(placement_types)s::bigint[])[1 + c.n %% cardinality(%(placement_types)s::bigint[])],
       true, (%(agreement_starts)s::date[])[1 + c.n %% %(agreements)s] + (c.n %% 365)::int,
       (%(agreement_starts)s::date[])[1 + c.n %% %(agreements)s] + (c.n %% 365)::int + 91, '',
       c.consultant_id, 'planned', '', '', '', now(), now()
FROM (SELECT id, consultant_id, row_number() OVER (ORDER BY id) AS n
      FROM candidates_candidate WHERE tenant_id = %(tenant)s) AS c
"""


def _positional(sql: str, params: dict[str, object]) -> tuple[str, list[object]]:
    """pgtrigger.ignore() puts a positional parameter in front of every statement, so the
    named ones above become positional here."""
    names = re.findall(r"%\((\w+)\)s", sql)
    return re.sub(r"%\((\w+)\)s", "%s", sql), [params[name] for name in names]


@pytest.fixture(scope="module")
def big_jobcenter(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        personas = make_personas()
        jobcenter = personas.roskilde
        with tenant_scope(jobcenter):
            companies_demo.generate(jobcenter, COMPANIES, 2)
            placement_services.placement_types_ensure_defaults()
            params = {
                "tenant": jobcenter.pk,
                "today": timezone.localdate(),
                "types": [t.pk for t in services.agreement_types_ensure_defaults()],
                "companies": list(Company.objects.values_list("pk", flat=True)),
                "contacts": [personas.consultant_a.pk, personas.manager_a.pk],
                "agreements": AGREEMENTS,
                "per": COMMITMENTS_PER_AGREEMENT,
                "placements": PLACEMENTS,
                "placement_types": list(
                    PlacementType.objects.filter(is_active=True).values_list("pk", flat=True)
                ),
            }
            with (
                pgtrigger.ignore(
                    "partnerships.Agreement:insert_insert",
                    "candidates.Candidate:insert_insert",
                    "placements.Placement:insert_insert",
                ),
                connection.cursor() as cursor,
            ):
                for sql in (AGREEMENTS_SQL, COMMITMENTS_SQL, CANDIDATES_SQL):
                    cursor.execute(*_positional(sql, params))
                made = list(
                    Agreement.objects.order_by("pk").values_list("pk", "company_id", "starts_on")
                )
                params["agreement_ids"] = [row[0] for row in made]
                params["agreement_companies"] = [row[1] for row in made]
                params["agreement_starts"] = [row[2] for row in made]
                cursor.execute(*_positional(PLACEMENTS_SQL, params))
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        yield personas
        empty_database()
    print("\nBenchmark figures (p95, ms):", FIGURES)  # noqa: T201 - the benchmark's report


@pytest.fixture
def manager(big_jobcenter, db) -> Client:  # type: ignore[no-untyped-def]
    return sign_in(Client(), big_jobcenter.manager_a)


@pytest.mark.perf
@pytest.mark.parametrize(
    ("label", "path", "htmx", "limit_ms"),
    [
        ("agreements list page", "/roskilde/aftaler/", False, 300),
        ("agreements list fragment", "/roskilde/aftaler/", True, 300),
        ("agreements list, page 200", "/roskilde/aftaler/?page=200", True, 300),
        ("agreements list, active, by end", "/roskilde/aftaler/?phase=active&sort=end", True, 300),
        ("agreements list, search", "/roskilde/aftaler/?q=aftale%2099", True, 300),
        ("agreements list, mine, ending", "/roskilde/aftaler/?contact=me&ending=90", True, 300),
    ],
)
def test_the_list_answers_in_time(manager, label, path, htmx, limit_ms) -> None:
    headers = {"HX-Request": "true"} if htmx else {}

    def measure() -> None:
        response = manager.get(path, headers=headers)
        assert response.status_code == 200
        assert "på sporet".encode() in response.content or b"Ingen aftaler" in response.content

    figure = p95(measure)
    FIGURES[label] = round(figure, 1)
    assert figure <= limit_ms, f"{label}: p95 {figure:.0f} ms > {limit_ms} ms"


@pytest.mark.perf
def test_a_page_of_another_app_for_comparison(manager) -> None:
    """Not a target: how long an existing page takes on the same machine at the same time,
    so that the figures above can be read against the machine's load."""

    def measure() -> None:
        assert manager.get("/roskilde/forloeb/", headers={"HX-Request": "true"}).status_code == 200

    FIGURES["placements list fragment (comparison)"] = round(p95(measure), 1)


@pytest.mark.perf
def test_the_manager_list_of_agreements_behind_is_measured(manager) -> None:
    """The "Aftaler bagud" list counts every running agreement's commitments (not only one
    page's), in one statement (partnerships.selectors.agreements.behind_agreement_ids):
    reported, with a looser bound than the list's (the issue sets none for it)."""

    def measure() -> None:
        assert manager.get("/roskilde/aftaler/?behind=1").status_code == 200

    figure = p95(measure, runs=10, warmup=1)
    FIGURES["agreements behind target"] = round(figure, 1)
    assert figure <= 3000, f"behind: p95 {figure:.0f} ms"


@pytest.mark.perf
def test_one_agreement_page_answers_in_time(big_jobcenter, manager) -> None:
    with tenant_scope(big_jobcenter.roskilde):
        agreement = Agreement.objects.filter(status="signed").order_by("pk").first()
    path = f"/roskilde/aftaler/{agreement.public_id}/"

    def measure() -> None:
        assert manager.get(path).status_code == 200

    figure = p95(measure)
    FIGURES["agreement page"] = round(figure, 1)
    assert figure <= 300, f"agreement page: p95 {figure:.0f} ms"


@pytest.mark.perf
def test_the_big_jobcenter_is_as_big_as_promised(big_jobcenter) -> None:
    with tenant_scope(big_jobcenter.roskilde):
        assert Agreement.objects.count() == AGREEMENTS
        assert Commitment.objects.count() == AGREEMENTS * COMMITMENTS_PER_AGREEMENT
        assert Placement.objects.filter(agreement__isnull=False).count() == PLACEMENTS
