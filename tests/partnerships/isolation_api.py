"""Isolation cases for the partnerships API's object URLs (tests/test_isolation.py)."""

from __future__ import annotations

from typing import Any

from accounts.models import Membership, Role
from accounts.tenancy import tenant_scope
from partnerships import services
from partnerships.models import JobPackage
from tests.companies.factories import make_company
from tests.isolation_case import ObjectCase
from tests.partnerships.factories import make_agreement, make_centre


def _consultant() -> Any:
    return Membership.objects.filter(role=Role.CONSULTANT).select_related("user").first().user


def _in_both(personas: Any, make: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    ids = []
    for jobcenter in (personas.roskilde, personas.aalborg):
        with tenant_scope(jobcenter):
            ids.append({"public_id": make(jobcenter).public_id})
    return ids[0], ids[1]


def _agreement_ids(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return _in_both(
        personas,
        lambda jobcenter: make_agreement(
            _consultant(), company=make_company(name=f"Partner {jobcenter.slug}")
        ),
    )


def _centre_ids(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return _in_both(
        personas,
        lambda jobcenter: make_centre(company=make_company(name=f"Center {jobcenter.slug}")),
    )


def _package_ids(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return _in_both(
        personas,
        lambda jobcenter: services.job_package_save(
            actor=None,
            package=JobPackage(),
            company=make_company(name=f"Pakke {jobcenter.slug}"),
            title="Jobpakke",
        ),
    )


CASES = {
    "api-partnerships:agreement-detail": ObjectCase(_agreement_ids),
    "api-partnerships:agreement-commitments": ObjectCase(_agreement_ids),
    "api-partnerships:centre-detail": ObjectCase(_centre_ids),
    "api-partnerships:centre-waiting-list": ObjectCase(_centre_ids),
    "api-partnerships:job-package-detail": ObjectCase(_package_ids),
}
