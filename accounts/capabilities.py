"""Which role may do what. Views and API endpoints declare the capability they need;
templates get the member's capabilities to hide what they cannot do (DESIGN.md section 4)."""

from __future__ import annotations

from accounts.models import Role

# Reading and working with the jobcenter's records.
STAFF_WORK = frozenset(
    {
        "companies.view",
        "companies.change",
        "candidates.view",
        "candidates.change",
        "partnerships.view",
        "partnerships.change",
        "placements.view",
        "placements.change",
        "networks.view",
        "networks.change",
        "reports.view",
        "reports.packs",
    }
)

# Using the REST API: making one's own API tokens (Mine indstillinger, or by signing in to
# the API). Staff who work with the records; not board members, not employer contacts.
API_USE = frozenset({"api.own_tokens"})

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.ADMIN: STAFF_WORK
    | API_USE
    | {
        "candidates.sensitive",
        "reports.manage",
        "jobcenter.manage_users",
        "jobcenter.manage_settings",
        "jobcenter.manage_tokens",
        "accesslog.export",
        "candidates.subject_access",
    },
    Role.MANAGER: STAFF_WORK | API_USE | {"candidates.sensitive", "reports.manage"},
    Role.CONSULTANT: STAFF_WORK | API_USE,
    # Board members see published report packs and aggregated figures only.
    Role.BOARD: frozenset({"reports.packs"}),
    # Employer contacts use the portal only.
    Role.EMPLOYER: frozenset({"portal.use"}),
}

ALL_CAPABILITIES = frozenset().union(*ROLE_CAPABILITIES.values())

# Roles that must sign in with a second factor before they see any page with data.
STAFF_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.CONSULTANT, Role.BOARD})


def capabilities_for(role: str) -> frozenset[str]:
    return ROLE_CAPABILITIES.get(role, frozenset())
