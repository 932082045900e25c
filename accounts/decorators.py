from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest, HttpResponse

from accounts.capabilities import ALL_CAPABILITIES

View = TypeVar("View", bound=Callable[..., HttpResponse])


def requires(capability: str) -> Callable[[View], View]:
    """A tenant page that needs `capability`: 403 for a member without it.

    The tenant middleware has already answered 404 for non-members and sent signed-out
    visitors to sign in. The capability is kept on the view for the isolation test.
    """
    if capability not in ALL_CAPABILITIES:
        raise ImproperlyConfigured(f"Unknown capability {capability!r}")

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = getattr(request, "membership", None)
            if membership is None:
                raise ImproperlyConfigured(f"{view.__name__} is not under /<jobcenter>/.")
            if not membership.can(capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_capability = capability  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator
