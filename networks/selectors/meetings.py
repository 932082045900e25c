"""Reads of meetings: a network's meetings, one meeting with its agenda, invitations and
attendance (a fixed number of queries however many attend), a company's attendance, and the
pages reached by a link without signing in (the answer to an invitation, the check-in)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.tenancy import tenant_scope
from companies.models import Company
from networks import parties, tokens
from networks.errors import TokenNotFound
from networks.models import (
    AgendaItem,
    Answer,
    Attendance,
    Meeting,
    MeetingInvitation,
    Network,
)
from networks.selectors.networks import may_see_networks


def meeting_list(
    *,
    network: Network | None = None,
    starts: date | None = None,
    ends: date | None = None,
    include_cancelled: bool = True,
) -> QuerySet[Meeting]:
    """Meetings (of a network, or of the jobcenter), earliest first, with their number of
    attendances and of invitees who said yes."""
    qs = Meeting.objects.select_related("network", "host_organisation").annotate(
        attendance_count=Count("attendances", distinct=True),
        yes_count=Count("invitations", filter=Q(invitations__answer=Answer.YES), distinct=True),
    )
    if network is not None:
        qs = qs.filter(network=network)
    if starts is not None:
        qs = qs.filter(date__gte=starts)
    if ends is not None:
        qs = qs.filter(date__lte=ends)
    if not include_cancelled:
        qs = qs.filter(cancelled_at__isnull=True)
    return qs.order_by("date", "starts_at", "pk")


def meeting_get_for_user(*, user: User, public_id: Any) -> Meeting:
    """One meeting of the current jobcenter; 404 when missing, another jobcenter's, or when
    the person's role does not see networks."""
    if not may_see_networks(user):
        raise Http404
    meeting = (
        Meeting.objects.select_related("network", "network__kind", "host_organisation", "tenant")
        .filter(public_id=public_id)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def meeting_agenda(meeting: Meeting) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related(*parties.select_related("presenter"))
        .order_by("starts_at")
    )


def meeting_invitations(meeting: Meeting) -> QuerySet[MeetingInvitation]:
    """The invitation list, with whether each invitee has been recorded as present."""
    return (
        MeetingInvitation.objects.filter(meeting=meeting)
        .select_related("member__organisation", "member__contact", "member__user")
        .annotate(
            present=Exists(Attendance.objects.filter(invitation=OuterRef("pk"))),
        )
        .order_by("name")
    )


def meeting_attendances(meeting: Meeting) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(meeting=meeting)
        .select_related("organisation", "contact", "user")
        .order_by("category", "organisation_name", "name")
    )


def company_meeting_attendance(company: Company) -> QuerySet[Attendance]:
    """The meetings a company's people came to, newest first, for its page and timeline."""
    return (
        Attendance.objects.filter(organisation=company)
        .select_related("meeting", "meeting__network", "contact")
        .order_by("-meeting__date", "name")
    )


# --- Pages reached by a link ----------------------------------------------------------------

OPEN, PASSED, CANCELLED, NOT_YET = "open", "passed", "cancelled", "not_yet"


@dataclass(frozen=True)
class RsvpPage:
    invitation: MeetingInvitation
    meeting: Meeting
    jobcenter_name: str
    network_name: str
    agenda: list[AgendaItem] = field(default_factory=list)
    # open: may answer; passed: the meeting has begun or been held; cancelled.
    state: str = OPEN


def rsvp_page(*, secret: str) -> RsvpPage:
    """What the link in an invitation shows: that invitation only. Unknown: 404."""
    found = tokens.rsvp_find(secret)
    if found is None:
        raise TokenNotFound
    with tenant_scope(found.tenant_id):
        invitation = MeetingInvitation.objects.select_related(
            "meeting", "meeting__network", "meeting__tenant"
        ).get(pk=found.pk)
        meeting = invitation.meeting
        agenda = meeting_agenda(meeting)
    if meeting.is_cancelled:
        state = CANCELLED
    elif meeting.has_started():
        state = PASSED
    else:
        state = OPEN
    return RsvpPage(
        invitation=invitation,
        meeting=meeting,
        jobcenter_name=meeting.tenant.name,
        network_name=meeting.network.name,
        agenda=agenda,
        state=state,
    )


@dataclass(frozen=True)
class CheckinPage:
    meeting: Meeting
    jobcenter_name: str
    network_name: str
    state: str  # open, not_yet, passed, cancelled


def checkin_page(*, secret: str = "", code: str = "") -> CheckinPage:
    """The meeting a check-in QR code (or a typed code) is for, and whether check-in is open.
    Unknown: 404."""
    meeting = tokens.checkin_find(secret) if secret else tokens.join_code_find(code)
    if meeting is None:
        raise TokenNotFound
    with tenant_scope(meeting.tenant_id):
        meeting = Meeting.objects.select_related("network", "tenant").get(pk=meeting.pk)
    now = timezone.now()
    if meeting.is_cancelled:
        state = CANCELLED
    elif meeting.has_ended(now):
        state = PASSED
    elif not meeting.checkin_is_open(now):
        state = NOT_YET
    else:
        state = OPEN
    return CheckinPage(
        meeting=meeting,
        jobcenter_name=meeting.tenant.name,
        network_name=meeting.network.name,
        state=state,
    )
