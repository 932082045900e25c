"""Isolation cases for the placement pages (placements.urls): one object in each jobcenter."""

from __future__ import annotations

from typing import Any

from accounts.tenancy import tenant_scope
from placements.models import FollowUp
from tests.isolation_case import ObjectCase
from tests.placements.factories import make_placement

Ids = tuple[dict[str, Any], dict[str, Any]]


def _placements(personas: Any) -> list[Any]:
    made = []
    for jobcenter, user in (
        (personas.roskilde, personas.consultant_a),
        (personas.aalborg, personas.consultant_b),
    ):
        with tenant_scope(jobcenter):
            made.append(make_placement(user))
    return made


def placements(personas: Any) -> Ids:
    mine, theirs = _placements(personas)
    return {"public_id": mine.public_id}, {"public_id": theirs.public_id}


def followups(personas: Any) -> Ids:
    ids = []
    for jobcenter, placement in zip(
        (personas.roskilde, personas.aalborg), _placements(personas), strict=True
    ):
        with tenant_scope(jobcenter):
            ids.append(
                {"public_id": FollowUp.objects.filter(placement=placement).first().public_id}
            )
    return ids[0], ids[1]


def types(personas: Any) -> Ids:
    from placements import services

    ids = []
    for jobcenter in (personas.roskilde, personas.aalborg):
        with tenant_scope(jobcenter):
            ids.append({"public_id": services.placement_types_ensure_defaults()[0].public_id})
    return ids[0], ids[1]


CASES = {
    "placements:type_edit": ObjectCase(types),
    "placements:detail": ObjectCase(placements),
    "placements:edit": ObjectCase(placements),
    "placements:start": ObjectCase(placements, method="post"),
    "placements:end": ObjectCase(placements),
    "placements:followup_add": ObjectCase(placements),
    "placements:followup_done": ObjectCase(followups, method="post"),
    "placements:followup_note": ObjectCase(followups),
    "placements:followup_edit": ObjectCase(followups),
}
