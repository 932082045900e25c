"""The calendar file attached to a meeting invitation (RFC 5546, iTIP): METHOD:REQUEST for
the invitation and every update, METHOD:CANCEL when the meeting is cancelled. The UID is the
meeting's for its whole life and SEQUENCE is the meeting's `ics_sequence`, raised by every
change the invitees are told of, so Outlook and Google Calendar update the one entry they have
instead of adding another.

Answers go through the link in the e-mail (no sign-in), not through the calendar program:
RSVP=FALSE on the attendee, so the program does not send a reply nobody reads."""

from __future__ import annotations

from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from networks import links, tokens
from networks.models import AgendaItem, Meeting, MeetingInvitation
from networks.times import format_span

REQUEST = "REQUEST"
CANCEL = "CANCEL"


def meeting_uid(meeting: Meeting) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "jobbro"
    return f"meeting-{meeting.public_id}@{host}"


def meeting_summary(meeting: Meeting) -> str:
    title = meeting.title or _("Netværksmøde nr. %(n)s") % {"n": meeting.sequence}
    return f"{meeting.network.name}: {title}"


def _description(meeting: Meeting, invitation: MeetingInvitation) -> str:
    lines: list[str] = []
    if meeting.is_cancelled:
        lines.append(_("Mødet er aflyst: %(reason)s") % {"reason": meeting.cancel_reason})
        return "\n".join(lines)
    agenda = AgendaItem.objects.filter(meeting=meeting).order_by("starts_at")
    if agenda:
        lines.append(_("Program:"))
        for item in agenda:
            lines.append(f"{format_span(item.starts_at, item.ends_at)}  {item.title}")
        lines.append("")
    if meeting.catering_note:
        lines += [meeting.catering_note, ""]
    if meeting.rules:
        lines += [meeting.rules, ""]
    lines.append(
        _("Svar på invitationen her: %(url)s")
        % {"url": links.rsvp_url(tokens.rsvp_secret(invitation))}
    )
    return "\n".join(lines)


def meeting_calendar(*, meeting: Meeting, invitation: MeetingInvitation) -> bytes:
    """The .ics for one invitee: the meeting as it is now (REQUEST), or its cancellation
    (CANCEL)."""
    method = CANCEL if meeting.is_cancelled else REQUEST
    calendar = Calendar()
    calendar.add("prodid", "-//Jobbro//Netværksmøder//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.ics_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(meeting.starts()))
    event.add("dtend", timezone.localtime(meeting.ends()))
    event.add("summary", meeting_summary(meeting))
    if meeting.venue:
        event.add("location", meeting.venue)
    event.add("description", _description(meeting, invitation))
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = vText(meeting.tenant.name)
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{invitation.email}")
    attendee.params["cn"] = vText(invitation.name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("NEEDS-ACTION")
    attendee.params["rsvp"] = vText("FALSE")
    event.add("attendee", attendee)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
