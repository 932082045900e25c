from __future__ import annotations

from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, object]:
    """What every page's header and navigation needs."""
    return {
        "jobcenter": getattr(request, "tenant", None),
        "demo_banner": False,
    }
