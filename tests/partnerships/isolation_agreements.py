"""Isolation cases for the agreement pages: every URL with an agreement (or a commitment)."""

from __future__ import annotations

from typing import Any

from accounts.tenancy import tenant_scope
from partnerships import services, services_agreements
from partnerships.models import Commitment
from tests.companies.factories import make_company
from tests.isolation_case import ObjectCase
from tests.partnerships.factories import make_agreement


def _agreements(personas: Any) -> list[Any]:
    found = []
    for jobcenter, contact in (
        (personas.roskilde, personas.consultant_a),
        (personas.aalborg, personas.consultant_b),
    ):
        with tenant_scope(jobcenter):
            agreement = make_agreement(contact, company=make_company(name="Aftalepartner ApS"))
            commitment = services.commitment_save(
                actor=None,
                commitment=Commitment(agreement=agreement),
                area="internships",
                target=2,
                per="year",
            )
            found.append((agreement, commitment))
    return found


def agreements(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    (a, _ca), (b, _cb) = _agreements(personas)
    return {"public_id": a.public_id}, {"public_id": b.public_id}


def scans(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Agreements with a signed scan stored (the download answers 404 without one)."""
    ids = []
    for jobcenter, (agreement, _commitment) in zip(
        (personas.roskilde, personas.aalborg), _agreements(personas), strict=True
    ):
        with tenant_scope(jobcenter):
            services_agreements.agreement_scan_store(
                actor=None, agreement=agreement, name="aftale.pdf", data=b"%PDF-1.4\n%%EOF\n"
            )
        ids.append({"public_id": agreement.public_id})
    return ids[0], ids[1]


def commitments(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    (a, ca), (b, cb) = _agreements(personas)
    return (
        {"public_id": a.public_id, "commitment_id": ca.public_id},
        {"public_id": b.public_id, "commitment_id": cb.public_id},
    )


CASES = {
    "partnerships:agreement_detail": ObjectCase(agreements),
    "partnerships:agreement_edit": ObjectCase(agreements),
    "partnerships:agreement_status": ObjectCase(agreements, method="post"),
    "partnerships:agreement_sign": ObjectCase(agreements),
    "partnerships:agreement_terminate": ObjectCase(agreements),
    "partnerships:agreement_renew": ObjectCase(agreements),
    "partnerships:agreement_not_renewed": ObjectCase(agreements),
    "partnerships:agreement_evaluated": ObjectCase(agreements),
    "partnerships:agreement_party_roles": ObjectCase(agreements),
    "partnerships:agreement_pdf": ObjectCase(agreements, method="post"),
    "partnerships:agreement_scan": ObjectCase(agreements),
    "partnerships:agreement_scan_download": ObjectCase(scans),
    "partnerships:commitment_add": ObjectCase(agreements),
    "partnerships:commitment_edit": ObjectCase(commitments),
    "partnerships:commitment_delete": ObjectCase(commitments),
}
