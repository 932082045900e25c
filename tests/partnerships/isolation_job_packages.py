"""Isolation cases for the jobpakke pages (partnerships.views.job_packages): a jobpakke with a
module and a participant in each jobcenter. `make_job_package` is also the jobpakke tests'
factory."""

from __future__ import annotations

from typing import Any

from accounts.tenancy import tenant_scope
from companies.models import Company
from partnerships import services
from partnerships.models import JobPackage, JobPackageParticipant
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company
from tests.isolation_case import ObjectCase

Ids = tuple[dict[str, Any], dict[str, Any]]

ROOFER_MODULES = [
    ("course", "Arbejde i højden", 3, "40113"),
    ("danish", "Dansk på byggepladsen", 10, ""),
    ("internship", "Praktik hos tagdækkeren", 20, ""),
]


def make_job_package(
    company: Company | None = None,
    modules: list[tuple[str, str, int, str]] | None = None,
    **fields: Any,
) -> JobPackage:
    """A jobpakke in the current jobcenter with the roofer trainee's modules unless given."""
    defaults: dict[str, Any] = {
        "company": company or make_company(name="Tagdækker ApS"),
        "title": "Tagdækkerlærlinge",
        "competence_profile": "Arbejde i højden, kran-certifikat, dansk på arbejdspladsen.",
        "positions": 4,
    }
    defaults.update(fields)
    package = services.job_package_save(actor=None, package=JobPackage(), **defaults)
    for kind, title, days, amu in ROOFER_MODULES if modules is None else modules:
        services.module_add(
            actor=None, package=package, kind=kind, title=title, duration_days=days, amu_number=amu
        )
    return package


def _made(personas: Any) -> list[JobPackageParticipant]:
    made = []
    for jobcenter in (personas.roskilde, personas.aalborg):
        with tenant_scope(jobcenter):
            package = make_job_package()
            made.append(
                services.participant_enrol(
                    actor=None, package=package, candidate=make_candidate(first_name="Ida")
                )
            )
    return made


def packages(personas: Any) -> Ids:
    mine, theirs = _made(personas)
    return {"public_id": mine.package.public_id}, {"public_id": theirs.package.public_id}


def modules(personas: Any) -> Ids:
    mine, theirs = packages(personas)
    return {**mine, "position": 1}, {**theirs, "position": 1}


def participants(personas: Any) -> Ids:
    mine, theirs = _made(personas)
    return {"public_id": mine.public_id}, {"public_id": theirs.public_id}


def participant_modules(personas: Any) -> Ids:
    mine, theirs = participants(personas)
    return {**mine, "position": 1}, {**theirs, "position": 1}


CASES = {
    "partnerships:job_package_detail": ObjectCase(packages),
    "partnerships:job_package_edit": ObjectCase(packages),
    "partnerships:job_package_copy": ObjectCase(packages),
    "partnerships:job_package_modules": ObjectCase(packages),
    "partnerships:job_package_enrol": ObjectCase(packages),
    "partnerships:job_package_module_move": ObjectCase(modules, method="post"),
    "partnerships:job_package_module_remove": ObjectCase(modules),
    "partnerships:job_package_participant_module": ObjectCase(participant_modules, method="post"),
    "partnerships:job_package_participant_outcome": ObjectCase(participants),
}
