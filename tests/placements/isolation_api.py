"""Isolation cases for the placement API's object URLs (tests/test_isolation.py)."""

from __future__ import annotations

from typing import Any

from accounts.models import Membership, Role
from accounts.tenancy import tenant_scope
from companies import services as company_services
from placements.models import FollowUp
from tests.companies.factories import make_company
from tests.isolation_case import ObjectCase
from tests.placements.factories import make_placement


def _consultant(jobcenter: Any) -> Any:
    return Membership.objects.filter(role=Role.CONSULTANT).select_related("user").first().user


def _in_both(personas: Any, make: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    ids = []
    for jobcenter in (personas.roskilde, personas.aalborg):
        with tenant_scope(jobcenter):
            ids.append(make(jobcenter))
    return ids[0], ids[1]


def _placement_ids(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return _in_both(
        personas,
        lambda jobcenter: {"public_id": make_placement(_consultant(jobcenter)).public_id},
    )


def _followup_ids(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    def make(jobcenter: Any) -> dict[str, Any]:
        placement = make_placement(_consultant(jobcenter))
        return {"public_id": FollowUp.objects.filter(placement=placement).first().public_id}

    return _in_both(personas, make)


def _opening_ids(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    def make(jobcenter: Any) -> dict[str, Any]:
        company = make_company(name=f"Lager {jobcenter.slug}")
        opening = company_services.job_opening_create(actor=None, company=company, title="Lager")
        return {"public_id": opening.public_id}

    return _in_both(personas, make)


CASES = {
    "api-placements:placement-detail": ObjectCase(_placement_ids),
    "api-placements:placement-followups": ObjectCase(_placement_ids),
    "api-placements:followup-detail": ObjectCase(_followup_ids),
    "api-placements:job-opening-matches": ObjectCase(_opening_ids),
}
