"""Writes for meetings: planning, changing and cancelling one (the invitees are told, with the
same calendar UID and a higher SEQUENCE), its agenda, its minutes, the invitations and the
answers given through their links."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.tenancy import current_tenant_id, tenant_scope
from accounts.tokens import hash_token
from networks import parties, tokens
from networks.errors import LinkUnusable, TokenNotFound
from networks.models import (
    AgendaItem,
    AgendaKind,
    Answer,
    Meeting,
    MeetingInvitation,
    Network,
    NetworkMember,
    NetworkStatus,
)
from networks.parties import Party
from networks.services.networks import clean_text
from networks.times import format_span, parse_time_span

# A dialogue forum is for listening: the jobcenter neither pitches candidates nor defends
# itself there (003:L172, DOMAIN.md trap 26). New meetings of such a network start with this.
DIALOGUE_FORUM_RULES = (
    "Mødet er et dialogforum: her lytter jobcentret. Der præsenteres ingen kandidater, og "
    "jobcentret forsvarer sig ikke mod kritik. Virksomhedernes erfaringer er i centrum."
)

MEETING_FIELDS = {
    "title",
    "date",
    "starts_at",
    "ends_at",
    "venue",
    "catering_note",
    "rules",
    "host_organisation",
}
# Changes the invitees' calendars must hear about.
CALENDAR_FIELDS = {"date", "starts_at", "ends_at", "venue", "title"}


def _dk(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def _enqueue_sends(invitations: Iterable[MeetingInvitation]) -> None:
    """Each invitation's e-mail is sent by a worker once the transaction has committed."""
    from networks import tasks

    tenant_id = current_tenant_id()
    for invitation in invitations:
        transaction.on_commit(partial(tasks.send_invitation.delay, tenant_id, invitation.pk))


def _check_times(meeting: Meeting) -> None:
    if meeting.starts_at and meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        raise ValidationError({"ends_at": _("Mødet skal slutte, efter det begynder.")})


@transaction.atomic
def meeting_create(
    *,
    actor: User | None,
    network: Network,
    date: date,
    starts_at: time,
    ends_at: time,
    **fields: Any,
) -> Meeting:
    """Plan a meeting: the next number in its network; the check-in code is made with it."""
    unknown = set(fields) - MEETING_FIELDS
    if unknown:
        raise TypeError(f"Unknown meeting fields: {sorted(unknown)}")
    locked = Network.objects.select_for_update().select_related("kind").get(pk=network.pk)
    if locked.status == NetworkStatus.CLOSED:
        raise ValidationError(_("Netværket er afsluttet; det holder ikke flere møder."))
    highest = Meeting.objects.filter(network=locked).aggregate(n=Max("sequence"))["n"] or 0
    meeting = Meeting(
        network=locked,
        sequence=highest + 1,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=actor,
    )
    for name, value in fields.items():
        setattr(meeting, name, clean_text(value))
    if "rules" not in fields and locked.kind.code == "dialogue_forum":
        meeting.rules = DIALOGUE_FORUM_RULES
    meeting.checkin_hash = hash_token(tokens.checkin_secret(meeting))
    _check_times(meeting)
    meeting.full_clean(exclude=["tenant", "sequence", "checkin_hash"])
    meeting.save()
    return meeting


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("network").get(pk=meeting.pk)


def _not_cancelled(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError(_("Mødet er aflyst."), code="cancelled")


@transaction.atomic
def meeting_update(*, actor: User | None, meeting: Meeting, **fields: Any) -> Meeting:
    """Change a meeting. When the date, times, place or title change, the invitees who have
    had the invitation get an update (same UID, higher SEQUENCE)."""
    unknown = set(fields) - MEETING_FIELDS
    if unknown:
        raise TypeError(f"Unknown meeting fields: {sorted(unknown)}")
    current = _lock(meeting)
    _not_cancelled(current)
    before = {name: getattr(current, name) for name in CALENDAR_FIELDS}
    for name, value in fields.items():
        setattr(current, name, clean_text(value))
    _check_times(current)
    outside = AgendaItem.objects.filter(meeting=current).exclude(
        starts_at__gte=current.starts_at, ends_at__lte=current.ends_at
    )
    if outside.exists():
        first, last = _agenda_bounds(current)
        raise ValidationError(
            {
                "starts_at": _(
                    "Dagsordenen går fra kl. %(first)s til %(last)s. Ret dagsordenen først, "
                    "eller vælg tider, der rummer den."
                )
                % {"first": first, "last": last}
            }
        )
    current.full_clean(exclude=["tenant", "sequence", "checkin_hash"])
    changed = any(getattr(current, name) != value for name, value in before.items())
    if changed and current.invitations.filter(sent_sequence__gte=0).exists():
        current.ics_sequence += 1
    current.save()
    if changed:
        _enqueue_sends(current.invitations.filter(sent_sequence__gte=0))
    return current


def _agenda_bounds(meeting: Meeting) -> tuple[str, str]:
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("starts_at"))
    return (
        items[0].starts_at.strftime("%H.%M"),
        max(i.ends_at for i in items).strftime("%H.%M"),
    )


@transaction.atomic
def meeting_cancel(*, actor: User | None, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a meeting that has not been held; everyone who had the invitation is told (the
    calendar entry is cancelled under the same UID)."""
    current = _lock(meeting)
    _not_cancelled(current)
    if current.has_started():
        raise ValidationError(_("Mødet er allerede holdt og kan ikke aflyses."))
    if not reason.strip():
        raise ValidationError({"cancel_reason": _("Skriv, hvorfor mødet aflyses.")})
    current.cancelled_at = timezone.now()
    current.cancel_reason = reason.strip()
    current.ics_sequence += 1
    current.full_clean(exclude=["tenant", "sequence", "checkin_hash"])
    current.save()
    _enqueue_sends(current.invitations.filter(sent_sequence__gte=0))
    return current


@transaction.atomic
def meeting_minutes_save(*, actor: User | None, meeting: Meeting, minutes: str) -> Meeting:
    current = _lock(meeting)
    current.minutes = minutes.strip()
    current.save(update_fields=["minutes", "updated_at"])
    return current


# --- Agenda ---------------------------------------------------------------------------------


def _span(
    *, time_text: str | None, starts_at: time | None, ends_at: time | None
) -> tuple[time, time, str]:
    """The item's start and end, and the form field to tell about them."""
    if time_text is not None:
        start, end = parse_time_span(time_text)  # raises in Danish
        if end is None:
            raise ValidationError({"time": _("Skriv både start og slut, fx »Kl. 15.00 – 15.10«.")})
        return start, end, "time"
    if starts_at is None or ends_at is None:
        raise ValidationError({"time": _("Skriv punktets tidsrum, fx »Kl. 15.00 – 15.10«.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Punktet skal slutte, efter det begynder.")})
    return starts_at, ends_at, "starts_at"


def _save_item(
    item: AgendaItem,
    meeting: Meeting,
    *,
    time_text: str | None,
    starts_at: time | None,
    ends_at: time | None,
    fields: dict[str, Any],
) -> AgendaItem:
    try:
        start, end, field = _span(time_text=time_text, starts_at=starts_at, ends_at=ends_at)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise ValidationError({"time": error.messages}) from error
        raise
    if start < meeting.starts_at or end > meeting.ends_at:
        raise ValidationError(
            {
                field: _("Punktet ligger uden for mødets tid (%(span)s).")
                % {"span": format_span(meeting.starts_at, meeting.ends_at)}
            }
        )
    clash = (
        AgendaItem.objects.filter(meeting=meeting, starts_at__lt=end, ends_at__gt=start)
        .exclude(pk=item.pk)
        .order_by("starts_at")
        .first()
    )
    if clash is not None:
        raise ValidationError({field: _overlap_message(clash)}, code="overlap")
    item.starts_at, item.ends_at = start, end
    for name, value in fields.items():
        if name == "presenter":
            parties.check_in_jobcenter(value, field="presenter")
            parties.assign(item, "presenter", value)
        elif name in {"title", "kind", "note"}:
            setattr(item, name, clean_text(value))
        else:
            raise TypeError(f"Unknown agenda item field: {name}")
    if not item.title:
        raise ValidationError({"title": _("Skriv, hvad punktet handler om.")})
    item.full_clean(exclude=["tenant", "meeting"], validate_constraints=False)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as error:
        # The meeting is locked, so only a writer that bypassed this service gets here.
        raise ValidationError({field: _("Punktet overlapper et andet punkt.")}) from error
    return item


def _overlap_message(clash: AgendaItem) -> str:
    return _("Punktet overlapper »%(title)s« (%(span)s). Punkter må ikke overlappe.") % {
        "title": clash.title,
        "span": format_span(clash.starts_at, clash.ends_at),
    }


@transaction.atomic
def agenda_item_add(
    *,
    actor: User | None,
    meeting: Meeting,
    title: str,
    time: str | None = None,
    starts_at: time | None = None,
    ends_at: time | None = None,
    kind: str = AgendaKind.OTHER,
    presenter: Party | None = None,
    note: str = "",
) -> AgendaItem:
    """Add an item; `time` is typed as in the programme ("Kl. 15.00 – 15.10")."""
    current = _lock(meeting)
    _not_cancelled(current)
    return _save_item(
        AgendaItem(meeting=current),
        current,
        time_text=time,
        starts_at=starts_at,
        ends_at=ends_at,
        fields={"title": title, "kind": kind, "note": note, "presenter": presenter},
    )


@transaction.atomic
def agenda_item_update(
    *,
    actor: User | None,
    item: AgendaItem,
    time: str | None = None,
    starts_at: time | None = None,
    ends_at: time | None = None,
    **fields: Any,
) -> AgendaItem:
    """Change an item; times not given stay as they were."""
    current_meeting = _lock(item.meeting)
    current = AgendaItem.objects.get(pk=item.pk)
    return _save_item(
        current,
        current_meeting,
        time_text=time,
        starts_at=starts_at if starts_at is not None else current.starts_at,
        ends_at=ends_at if ends_at is not None else current.ends_at,
        fields=fields,
    )


@transaction.atomic
def agenda_item_remove(*, actor: User | None, item: AgendaItem) -> None:
    _lock(item.meeting)
    AgendaItem.objects.filter(pk=item.pk).delete()


# --- Invitations and answers ----------------------------------------------------------------


@transaction.atomic
def invitations_send(
    *, actor: User | None, meeting: Meeting, members: Iterable[NetworkMember]
) -> list[MeetingInvitation]:
    """Invite members of the meeting's network by e-mail (with an .ics file and a link to
    answer). Members already invited are left as they are. All or nothing: a member who
    cannot be invited (no e-mail address, another network, has left) refuses the lot."""
    current = _lock(meeting)
    _not_cancelled(current)
    if current.has_started():
        raise ValidationError(_("Mødet er begyndt; der sendes ikke flere invitationer."))
    members = list(members)
    if not members:
        raise ValidationError({"members": _("Vælg, hvem der skal inviteres.")})
    invited = set(
        MeetingInvitation.objects.filter(meeting=current).values_list("member_id", flat=True)
    )
    problems, new = [], []
    for member in members:
        if member.network_id != current.network_id:
            problems.append(_("%(name)s er ikke medlem af netværket.") % {"name": member.label})
        elif not member.is_current:
            problems.append(_("%(name)s er udtrådt af netværket.") % {"name": member.label})
        elif not member.email:
            problems.append(
                _("%(name)s har ingen e-mailadresse. Tilføj den på kontaktpersonen først.")
                % {"name": member.label}
            )
        elif member.pk not in invited:
            invited.add(member.pk)
            new.append(member)
    if problems:
        raise ValidationError({"members": problems})
    invitations = []
    for member in new:
        invitation = MeetingInvitation(
            meeting=current,
            member=member,
            name=member.person_name[:200],
            email=member.email,
            invited_by=actor,
        )
        invitation.rsvp_hash = hash_token(tokens.rsvp_secret(invitation))
        invitation.full_clean(exclude=["tenant", "meeting", "member", "rsvp_hash"])
        invitation.save()
        invitations.append(invitation)
    _enqueue_sends(invitations)
    return invitations


@transaction.atomic
def invitation_resend(*, actor: User | None, invitation: MeetingInvitation) -> None:
    """Send the invitation again (the same link; the invitee may have lost the e-mail)."""
    current = _lock(invitation.meeting)
    _not_cancelled(current)
    if current.has_started():
        raise ValidationError(_("Mødet er begyndt; der sendes ikke flere invitationer."))
    MeetingInvitation.objects.filter(pk=invitation.pk).update(sent_sequence=-1)
    _enqueue_sends([invitation])


def invitation_answer(*, secret: str, answer: str) -> MeetingInvitation:
    """The invitee answers through the e-mail's link, without signing in. The link answers for
    its own invitation only; a meeting that has begun, or was cancelled, says so."""
    found = tokens.rsvp_find(secret)
    if found is None:
        raise TokenNotFound
    if answer not in (Answer.YES, Answer.NO):
        raise ValidationError({"answer": _("Svar ja eller nej.")})
    with tenant_scope(found.tenant_id):
        invitation = (
            MeetingInvitation.objects.select_for_update().select_related("meeting").get(pk=found.pk)
        )
        meeting = invitation.meeting
        if meeting.is_cancelled:
            raise LinkUnusable(
                LinkUnusable.CANCELLED,
                _("Mødet den %(date)s er aflyst.") % {"date": _dk(meeting.date)},
            )
        if meeting.has_started():
            raise LinkUnusable(
                LinkUnusable.PASSED,
                _("Mødet den %(date)s er holdt. Du kan ikke længere svare på invitationen.")
                % {"date": _dk(meeting.date)},
            )
        invitation.answer = answer
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["answer", "answered_at"])
        return invitation
