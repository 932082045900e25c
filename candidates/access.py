"""Who works with a candidate, and so may see the sensitive part and the full CPR number
(DESIGN.md section 4): the responsible consultant, the candidate's team, and the roles with
`candidates.sensitive` (managers and the jobcenter's administrators)."""

from __future__ import annotations

from django.db.models import Q

from accounts.models import Membership
from candidates.models import Candidate


def works_with(membership: Membership, candidate: Candidate) -> bool:
    if membership.can("candidates.sensitive"):
        return True
    if not membership.can("candidates.view"):
        return False
    if candidate.consultant_id is not None and candidate.consultant_id == membership.user_id:
        return True
    return candidate.team_id is not None and candidate.team_id == membership.team_id


def works_with_q(membership: Membership) -> Q:
    """The same rule as a filter on candidates."""
    if membership.can("candidates.sensitive"):
        return Q()
    if not membership.can("candidates.view"):
        return Q(pk__in=[])
    rule = Q(consultant_id=membership.user_id)
    if membership.team_id is not None:
        rule |= Q(team_id=membership.team_id)
    return rule
