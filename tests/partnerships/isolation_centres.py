"""Isolation cases for the virksomhedscenter pages: a contract (and a waiting-list entry) in
each jobcenter."""

from __future__ import annotations

from typing import Any

from accounts.tenancy import tenant_scope
from partnerships import services
from tests.candidates.factories import make_candidate
from tests.isolation_case import ObjectCase
from tests.partnerships.factories import make_centre

Ids = tuple[dict[str, Any], dict[str, Any]]


def _centres(personas: Any) -> list[Any]:
    made = []
    for jobcenter in (personas.roskilde, personas.aalborg):
        with tenant_scope(jobcenter):
            made.append(make_centre())
    return made


def centres(personas: Any) -> Ids:
    mine, theirs = _centres(personas)
    return {"public_id": mine.public_id}, {"public_id": theirs.public_id}


def entries(personas: Any) -> Ids:
    ids = []
    for jobcenter, centre in zip(
        (personas.roskilde, personas.aalborg), _centres(personas), strict=True
    ):
        with tenant_scope(jobcenter):
            entry = services.waiting_list_add(
                actor=None, contract=centre, candidate=make_candidate()
            )
            ids.append({"public_id": centre.public_id, "entry_id": entry.public_id})
    return ids[0], ids[1]


CASES = {
    "partnerships:centre_detail": ObjectCase(centres),
    "partnerships:centre_edit": ObjectCase(centres),
    "partnerships:centre_waiting_add": ObjectCase(centres),
    "partnerships:centre_seat_assign": ObjectCase(centres),
    "partnerships:centre_waiting_withdraw": ObjectCase(entries),
}
