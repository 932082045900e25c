"""Background work for networks: sending meeting invitations, updates and cancellations.

One task per invitation, so a mail server that refuses one address holds back that e-mail
only. The task claims the send with a conditional UPDATE of the invitation's `sent_sequence`
to the meeting's current `ics_sequence`: a redelivered task, or a second task for the same
change, finds it claimed and sends nothing. The claim is in the task's transaction, so an
e-mail the mail server refused is tried again by the retry."""

from __future__ import annotations

import smtplib

from celery import shared_task
from django.utils import timezone

from accounts.tenancy import TenantTask
from accounts.tokens import hash_token
from networks import emails, tokens
from networks.models import MeetingInvitation

SENT = "sent"
NOTHING = "nothing"


@shared_task(
    base=TenantTask,
    name="networks.send_invitation",
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=5,
)
def send_invitation(tenant_id: int, invitation_id: int) -> str:
    invitation = (
        MeetingInvitation.objects.select_related("meeting__network", "meeting__tenant")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return NOTHING
    meeting = invitation.meeting
    kind = emails.kind_for(invitation)
    if kind == emails.CANCELLATION and invitation.sent_sequence < 0:
        return NOTHING  # never told of the meeting: nothing to cancel
    if meeting.has_ended():
        return NOTHING
    claimed = MeetingInvitation.objects.filter(
        pk=invitation.pk, sent_sequence__lt=meeting.ics_sequence
    ).update(sent_sequence=meeting.ics_sequence, sent_at=timezone.now())
    if not claimed:
        # The first invitation has ics_sequence 0 and sent_sequence -1; any later change
        # raised ics_sequence above what was sent. Equal means this version went out.
        return NOTHING
    # The link in this e-mail is derived with the server's key as it is now (after a key
    # change, the links of earlier e-mails stop working and this one works).
    current_hash = hash_token(tokens.rsvp_secret(invitation))
    if invitation.rsvp_hash != current_hash:
        MeetingInvitation.objects.filter(pk=invitation.pk).update(rsvp_hash=current_hash)
    emails.invitation_message(invitation=invitation, kind=kind).send()
    return SENT
