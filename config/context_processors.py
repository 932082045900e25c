from __future__ import annotations

from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, object]:
    """What every page's header and navigation needs: the jobcenter the page is in, and what
    the member may do there (templates hide what they cannot)."""
    membership = getattr(request, "membership", None)
    return {
        "jobcenter": getattr(request, "tenant", None),
        "membership": membership,
        "capabilities": membership.capabilities if membership else frozenset(),
    }
