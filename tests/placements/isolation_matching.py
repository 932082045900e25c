"""Isolation cases for matching and presenting (placements.matching_views)."""

from __future__ import annotations

from typing import Any

from accounts.tenancy import tenant_scope
from companies import services as company_services
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company
from tests.isolation_case import ObjectCase

Ids = tuple[dict[str, Any], dict[str, Any]]


def _made(personas: Any) -> list[tuple[Any, Any, Any]]:
    made = []
    for jobcenter in (personas.roskilde, personas.aalborg):
        with tenant_scope(jobcenter):
            company = make_company(name="Lageret ApS", postcode="4000")
            opening = company_services.job_opening_create(
                actor=None, company=company, title="Lagermedarbejder"
            )
            made.append((make_candidate(), company, opening))
    return made


def openings(personas: Any) -> Ids:
    mine, theirs = _made(personas)
    return {"public_id": mine[2].public_id}, {"public_id": theirs[2].public_id}


def candidates(personas: Any) -> Ids:
    mine, theirs = _made(personas)
    return {"public_id": mine[0].public_id}, {"public_id": theirs[0].public_id}


def presentations(personas: Any) -> Ids:
    mine, theirs = _made(personas)
    return (
        {"candidate_id": mine[0].public_id, "company_id": mine[1].public_id},
        {"candidate_id": theirs[0].public_id, "company_id": theirs[1].public_id},
    )


CASES = {
    "placements:opening_matches": ObjectCase(openings),
    "placements:candidate_matches": ObjectCase(candidates),
    "placements:present": ObjectCase(presentations),
}
