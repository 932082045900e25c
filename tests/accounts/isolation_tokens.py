"""Isolation cases for a person's own API tokens (accounts.own_token_urls) and for lifting a
member's sign-in block (accounts:member_unblock)."""

from __future__ import annotations

from typing import Any

from accounts import services
from accounts.models import Membership
from accounts.tenancy import tenant_scope
from tests.isolation_case import ObjectCase

Ids = tuple[dict[str, Any], dict[str, Any]]


def _own_tokens(personas: Any) -> Ids:
    """A token of the consultant in each jobcenter, made by themselves (the matrix's member of
    A with the capability is the consultant, and one's own tokens are only ever one's own)."""
    ids = []
    for jobcenter, user in (
        (personas.roskilde, personas.consultant_a),
        (personas.aalborg, personas.consultant_b),
    ):
        with tenant_scope(jobcenter):
            token, _plain = services.api_token_create(
                actor=user,
                membership=Membership.objects.get(user=user),
                name="matrix",
                read_only=True,
            )
            ids.append({"public_id": token.public_id})
    return ids[0], ids[1]


def _memberships(personas: Any) -> Ids:
    with tenant_scope(personas.roskilde):
        mine = Membership.objects.get(user=personas.consultant_a).public_id
    with tenant_scope(personas.aalborg):
        theirs = Membership.objects.get(user=personas.consultant_b).public_id
    return {"public_id": mine}, {"public_id": theirs}


CASES = {
    "own_tokens:revoke": ObjectCase(_own_tokens, personal=True),
    "accounts:member_unblock": ObjectCase(_memberships),
}
