"""Isolation cases for the agreement types under Indstillinger."""

from __future__ import annotations

from typing import Any

from accounts.tenancy import tenant_scope
from partnerships import services
from tests.isolation_case import ObjectCase


def types(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    ids = []
    for jobcenter in (personas.roskilde, personas.aalborg):
        with tenant_scope(jobcenter):
            ids.append({"public_id": services.agreement_types_ensure_defaults()[0].public_id})
    return ids[0], ids[1]


CASES = {"partnerships:agreement_type_edit": ObjectCase(types)}
