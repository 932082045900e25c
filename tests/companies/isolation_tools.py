"""Isolation cases for the company tools (companies.tools_urls): import jobs and merge pairs."""

from __future__ import annotations

from typing import Any

from accounts import jobs
from accounts.tenancy import tenant_scope
from companies import imports
from tests.companies.factories import make_company
from tests.isolation_case import ObjectCase

Ids = tuple[dict[str, Any], dict[str, Any]]


def _jobs(personas: Any) -> Ids:
    ids = []
    for jobcenter, user in (
        (personas.roskilde, personas.consultant_a),
        (personas.aalborg, personas.consultant_b),
    ):
        with tenant_scope(jobcenter):
            job = jobs.job_create(kind=imports.JOB_KIND, created_by=user)
            ids.append({"public_id": job.public_id})
    return ids[0], ids[1]


def _pairs(personas: Any) -> Ids:
    ids = []
    for jobcenter in (personas.roskilde, personas.aalborg):
        with tenant_scope(jobcenter):
            keep = make_company(name=f"Dublet {jobcenter.slug} ApS", postcode="4000")
            drop = make_company(name=f"Dublet {jobcenter.slug} A/S", postcode="4000")
            ids.append({"survivor": keep.public_id, "other": drop.public_id})
    return ids[0], ids[1]


CASES = {
    "company_tools:import_job": ObjectCase(_jobs, personal=True),
    "company_tools:merge": ObjectCase(_pairs),
}
