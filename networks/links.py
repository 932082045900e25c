"""The addresses of the pages reached without signing in: the answer to an invitation and the
self check-in. They hold the secret only (no jobcenter, no person), and live outside any
jobcenter's address space, like `/invitation/<secret>/` and `/kalender/<secret>.ics`.

The pages themselves come with the networks pages; until then only the e-mails and the QR code
name these addresses, so the paths are written here once. The pages must be routed at exactly
these paths (or this module must reverse their URL names)."""

from __future__ import annotations

from django.conf import settings

RSVP_PATH = "/moede/svar/{secret}/"
CHECKIN_PATH = "/moede/tjek-ind/{secret}/"
JOIN_PATH = "/moede/"  # where a participant types the short code


def rsvp_url(secret: str) -> str:
    return settings.SITE_URL.rstrip("/") + RSVP_PATH.format(secret=secret)


def checkin_url(secret: str) -> str:
    return settings.SITE_URL.rstrip("/") + CHECKIN_PATH.format(secret=secret)


def join_url() -> str:
    return settings.SITE_URL.rstrip("/") + JOIN_PATH
