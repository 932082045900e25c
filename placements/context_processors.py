from __future__ import annotations

from functools import cache

from django.http import HttpRequest

from placements import reminders


def bell(request: HttpRequest) -> dict[str, object]:
    """The header's bell: the member's unread notifications, counted in one query, and only
    when a page shows the bell (members who work with placements)."""
    membership = getattr(request, "membership", None)
    if membership is None or not membership.can("placements.view"):
        return {}
    # The template calls it; cached, so a page that shows two bells still counts once.
    return {"unread_notifications": cache(lambda: reminders.unread_count(user=request.user))}
