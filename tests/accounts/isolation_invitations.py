"""Isolation cases for invitations and address changes under Indstillinger → Brugere."""

from __future__ import annotations

from typing import Any

from accounts import invitations
from accounts.models import Membership, Role
from accounts.tenancy import tenant_scope
from tests.isolation_case import ObjectCase

Ids = tuple[dict[str, Any], dict[str, Any]]


def _invitation_ids(personas: Any) -> Ids:
    ids = []
    for jobcenter, admin in (
        (personas.roskilde, personas.admin_a),
        (personas.aalborg, personas.admin_b),
    ):
        with tenant_scope(jobcenter):
            invitation = invitations.invitation_create(
                actor=admin,
                tenant=jobcenter,
                email=f"ny@{jobcenter.slug}.example",
                name="Ny Kollega",
                role=Role.CONSULTANT,
                team=None,
            )
            ids.append({"public_id": invitation.public_id})
    return ids[0], ids[1]


def _member_ids(personas: Any) -> Ids:
    with tenant_scope(personas.roskilde):
        mine = Membership.objects.get(user=personas.consultant_a).public_id
    with tenant_scope(personas.aalborg):
        theirs = Membership.objects.get(user=personas.consultant_b).public_id
    return {"public_id": mine}, {"public_id": theirs}


CASES = {
    "accounts:invitation_resend": ObjectCase(_invitation_ids),
    "accounts:invitation_revoke": ObjectCase(_invitation_ids),
    "accounts:member_email": ObjectCase(_member_ids),
    "accounts:member_email_cancel": ObjectCase(_member_ids, method="post"),
}
