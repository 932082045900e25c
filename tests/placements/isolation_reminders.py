"""Isolation cases for the bell and "Mine indstillinger" (placements.reminder_urls)."""

from __future__ import annotations

from datetime import date
from typing import Any

from accounts.tenancy import tenant_scope
from placements.models import FollowUp, Notification, NotificationKind
from tests.isolation_case import ObjectCase
from tests.placements.factories import make_placement


def notifications(personas: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A notification of the consultant in each jobcenter (the matrix's member of A is the
    consultant, and a notification is only ever its own person's)."""
    ids = []
    for jobcenter, user in (
        (personas.roskilde, personas.consultant_a),
        (personas.aalborg, personas.consultant_b),
    ):
        with tenant_scope(jobcenter):
            followup = FollowUp.objects.filter(placement=make_placement(user)).first()
            notification = Notification.objects.create(
                user=user,
                followup=followup,
                kind=NotificationKind.DUE,
                day=date(2026, 11, 5),
                text=followup.label,
            )
            ids.append({"public_id": notification.public_id})
    return ids[0], ids[1]


CASES = {
    "reminders:read": ObjectCase(notifications, method="post"),
    "reminders:read_all": ObjectCase(method="post"),
    "reminders:calendar_create": ObjectCase(method="post"),
    "reminders:calendar_revoke": ObjectCase(method="post"),
}
