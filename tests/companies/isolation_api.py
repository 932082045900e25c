"""Isolation cases for the company API's object URLs (tests/test_isolation.py)."""

from __future__ import annotations

from typing import Any

from accounts.tenancy import tenant_scope
from companies import services
from tests.companies.factories import make_company
from tests.isolation_case import ObjectCase


def _company_ids(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    ids = []
    for jobcenter in (personas.roskilde, personas.aalborg):
        with tenant_scope(jobcenter):
            ids.append({"public_id": make_company(name=f"Firma i {jobcenter.slug}").public_id})
    return ids[0], ids[1]


def _opening_ids(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    ids = []
    for jobcenter in (personas.roskilde, personas.aalborg):
        with tenant_scope(jobcenter):
            company = make_company(name=f"Firma i {jobcenter.slug}")
            opening = services.job_opening_create(actor=None, company=company, title="Lagerjob")
            ids.append({"public_id": opening.public_id})
    return ids[0], ids[1]


CASES = {
    "api-companies:company-detail": ObjectCase(_company_ids),
    "api-companies:company-contacts": ObjectCase(_company_ids),
    "api-companies:company-workplaces": ObjectCase(_company_ids),
    "api-companies:company-activities": ObjectCase(_company_ids),
    "api-companies:job-opening-detail": ObjectCase(_opening_ids),
}
