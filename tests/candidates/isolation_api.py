"""Isolation cases for the candidate API's object URLs (tests/test_isolation.py)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from accounts.tenancy import tenant_scope
from candidates import services
from tests.candidates.factories import fictitious_cpr, make_candidate
from tests.isolation_case import ObjectCase


def _in_both(personas: Any, make: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    ids = []
    for jobcenter in (personas.roskilde, personas.aalborg):
        with tenant_scope(jobcenter):
            ids.append(make(jobcenter))
    return ids[0], ids[1]


def _candidate_ids(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return _in_both(
        personas,
        lambda jobcenter: {"public_id": make_candidate(last_name=jobcenter.slug).public_id},
    )


def _consent_ids(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    def make(jobcenter: Any) -> dict[str, Any]:
        candidate = make_candidate(last_name=jobcenter.slug)
        consent = services.consent_record(
            actor=None,
            candidate=candidate,
            company=None,
            categories=["full_name"],
            given_on=timezone.localdate(),
        )
        return {"public_id": candidate.public_id, "consent_id": consent.public_id}

    return _in_both(personas, make)


def _cpr_numbers(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The CPR number of a candidate in each jobcenter: Aalborg's number under Roskilde's
    slug finds no one."""

    def make(jobcenter: Any) -> dict[str, Any]:
        number = fictitious_cpr()
        make_candidate(last_name=jobcenter.slug, cpr=number)
        return {"cpr": number}

    return _in_both(personas, make)


CASES = {
    "api-candidates:candidate-detail": ObjectCase(_candidate_ids),
    "api-candidates:candidate-assessments": ObjectCase(_candidate_ids),
    "api-candidates:candidate-consents": ObjectCase(_candidate_ids),
    "api-candidates:candidate-consent-withdraw": ObjectCase(_consent_ids, method="post"),
    "api-candidates:candidate-lookup": ObjectCase(_cpr_numbers, method="post", body=("cpr",)),
}
