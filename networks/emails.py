"""The meeting invitation e-mail, in Danish, as plain text and HTML, with the .ics file: the
invitation itself, an update (the same calendar entry, changed) or the cancellation. Built
here, sent by a worker (networks.tasks), never in a request."""

from __future__ import annotations

from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from networks import ics, links, parties, tokens
from networks.models import AgendaItem, MeetingInvitation
from networks.times import format_span

INVITATION = "invitation"
UPDATE = "update"
CANCELLATION = "cancellation"


def kind_for(invitation: MeetingInvitation) -> str:
    """What the invitee is told now: the first e-mail invites, later ones update, and a
    cancelled meeting is cancelled."""
    if invitation.meeting.is_cancelled:
        return CANCELLATION
    return INVITATION if invitation.sent_sequence < 0 else UPDATE


def invitation_message(*, invitation: MeetingInvitation, kind: str) -> EmailMultiAlternatives:
    meeting = invitation.meeting
    network = meeting.network
    jobcenter = meeting.tenant
    agenda = [
        {
            "span": format_span(item.starts_at, item.ends_at),
            "title": item.title,
            "presenter": item.presenter.label(jobcenter.name),
        }
        for item in AgendaItem.objects.filter(meeting=meeting)
        .select_related(*parties.select_related("presenter"))
        .order_by("starts_at")
    ]
    with translation.override(settings.LANGUAGE_CODE):
        summary = ics.meeting_summary(meeting)
        date = meeting.date.strftime("%d.%m.%Y")
        subject = {
            INVITATION: _("Invitation: %(summary)s, %(date)s"),
            UPDATE: _("Ændret: %(summary)s, %(date)s"),
            CANCELLATION: _("Aflyst: %(summary)s, %(date)s"),
        }[kind] % {"summary": summary, "date": date}
        context = {
            "kind": kind,
            "subject": subject,
            "invitation": invitation,
            "meeting": meeting,
            "network": network,
            "jobcenter": jobcenter,
            "summary": summary,
            "span": format_span(meeting.starts_at, meeting.ends_at),
            "agenda": agenda,
            "rsvp_url": links.rsvp_url(tokens.rsvp_secret(invitation)),
        }
        text = render_to_string("networks/email/meeting_invitation.txt", context)
        html = render_to_string("networks/email/meeting_invitation.html", context)
        calendar = ics.meeting_calendar(meeting=meeting, invitation=invitation)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[invitation.email])
    message.attach_alternative(html, "text/html")
    # text/calendar with the iTIP method, as calendar programs look for.
    part = MIMEText(calendar.decode(), "calendar", "utf-8")
    part.set_param("method", ics.CANCEL if kind == CANCELLATION else ics.REQUEST)
    filename = "aflysning.ics" if kind == CANCELLATION else "invitation.ics"
    part.add_header("Content-Disposition", "attachment", filename=filename)
    message.attach(part)
    return message
