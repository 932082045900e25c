"""The networks app's errors besides ValidationError (bad input, on its field) and
PermissionDenied: a link or token that does not exist (404, whatever the reason), and a link
that exists but can no longer be used (the page says why)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.services import DomainError


class TokenNotFound(Http404):
    """An unknown, revoked or foreign link, code or participant token: 404, all alike, so a
    guess learns nothing."""

    def __init__(self) -> None:
        super().__init__(_("Linket eller koden findes ikke. Tjek, at du har skrevet den rigtigt."))


class LinkUnusable(DomainError):  # noqa: N818 - a state the page explains, not a bug
    """The link is right, but what it is for is over: `reason` says why, for the page."""

    PASSED = "passed"
    CANCELLED = "cancelled"

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
