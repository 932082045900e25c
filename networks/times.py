"""Times of day as people type them in a Danish programme: "Kl. 15.00 – 15.10", "15.00-15.10",
"15:00", "kl 9.30 - 10". Both a hyphen and a dash separate the two (the seed's own programme
mixes them, DOMAIN.md trap 29)."""

from __future__ import annotations

import re
from datetime import time

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A hyphen, an en dash, an em dash or a minus sign, with or without spaces; or the word "til".
_SEPARATOR = r"\s*(?:[-\u2010\u2011\u2012\u2013\u2014\u2212]|\btil\b)\s*"
_TIME = r"(\d{1,2})(?:[.:](\d{2}))?"
_PREFIX = r"^\s*(?:kl\.?\s*)?"
_SPAN = re.compile(_PREFIX + _TIME + r"(?:" + _SEPARATOR + r"(?:kl\.?\s*)?" + _TIME + r")?\s*$")


def _time(hours: str, minutes: str | None, text: str) -> time:
    h, m = int(hours), int(minutes or 0)
    if h > 23 or m > 59:
        raise ValidationError(
            _("»%(text)s« er ikke et klokkeslæt: timer går fra 0 til 23 og minutter fra 0 til 59.")
            % {"text": text.strip()},
            code="invalid_time",
        )
    return time(h, m)


def parse_time_span(text: str) -> tuple[time, time | None]:
    """The start and the end (None when only a start was typed) of "Kl. 15.00 – 15.10" and
    the like. Raises a ValidationError in Danish that says what is accepted."""
    match = _SPAN.match(text.casefold())
    if not match:
        raise ValidationError(
            _(
                "»%(text)s« kan ikke læses som et tidsrum. Skriv fx »Kl. 15.00 – 15.10«, "
                "»15.00-15.10« eller »15:00«."
            )
            % {"text": text.strip()},
            code="invalid_time_span",
        )
    start = _time(match.group(1), match.group(2), text)
    if match.group(3) is None:
        return start, None
    end = _time(match.group(3), match.group(4), text)
    if end <= start:
        raise ValidationError(
            _("Sluttidspunktet skal ligge efter starttidspunktet (%(text)s).")
            % {"text": text.strip()},
            code="end_before_start",
        )
    return start, end


def parse_time(text: str) -> time:
    """One time of day ("15.00", "15:00", "kl. 9")."""
    start, end = parse_time_span(text)
    if end is not None:
        raise ValidationError(
            _("Skriv ét klokkeslæt, fx »15.00«, ikke et tidsrum."), code="invalid_time"
        )
    return start


def format_time(value: time) -> str:
    """15.00 (the Danish way, with a full stop)."""
    return f"{value.hour:02d}.{value.minute:02d}"


def format_span(start: time, end: time | None) -> str:
    """Kl. 15.00–15.10"""
    if end is None:
        return _("Kl. %(start)s") % {"start": format_time(start)}
    return _("Kl. %(start)s–%(end)s") % {"start": format_time(start), "end": format_time(end)}
