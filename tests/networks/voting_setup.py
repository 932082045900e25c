"""A meeting in session with the Top-7 proposed (000:L120-132) and participants checked in."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from accounts.models import Jobcenter
from accounts.tenancy import tenant_scope
from networks import services
from networks.models import Category, GoalProposal, Meeting, Vote
from tests.networks.factories import make_meeting, make_network

CPH = ZoneInfo("Europe/Copenhagen")
BEFORE = datetime(2026, 11, 20, 10, 0, tzinfo=CPH)
IN_SESSION = datetime(2026, 12, 4, 16, 10, tzinfo=CPH)

TOP_7 = [
    ("Jobpakker", "At vi samarbejder om jobpakker, så virksomhederne selv er med til at sikre, "
     "at ledige bliver målrettet kvalificeret til virksomhedernes behov."),
    ("Lokalbank af deltidsjob", "At vi opretter en »lokalbank« af deltidsjob til nydanske ledige."),
    ("Mentormodeller", "At vi udvikler nye mentor-modeller, som også giver små virksomheder "
     "ressourcer til at bruge en mentorordning."),
    ("Efteruddannelse og jobrotation", "At vi samarbejder om efteruddannelse og jobrotation."),
    ("Holdningsbarrierer", "At vi samarbejder om at nedbryde de holdningsmæssige barrierer mod "
     "nydanske kolleger på virksomhederne."),
    ("Hotline", "At vi opretter en lokal »hotline« om tilskudsordningerne."),
    ("Erfa-netværk", "At vi danner et erfa-netværk."),
]  # fmt: skip


def meeting_with_top_7(jobcenter: Jobcenter, *, picks: int = 2) -> tuple[Meeting, Vote]:
    with time_machine.travel(BEFORE), tenant_scope(jobcenter):
        meeting = make_meeting(make_network())
        for title, text in TOP_7:
            services.proposal_add(actor=None, meeting=meeting, title=title, text=text)
        vote = services.vote_create(actor=None, meeting=meeting, picks_required=picks)
    return meeting, vote


def proposals(jobcenter: Jobcenter, meeting: Meeting) -> list[GoalProposal]:
    with tenant_scope(jobcenter):
        return list(GoalProposal.objects.filter(meeting=meeting).order_by("position"))


def participants(meeting: Meeting, n: int, prefix: str = "Deltager") -> list[str]:
    """n people checked in at the door; their phones' secrets."""
    return [
        services.meeting_check_in(
            meeting=meeting, name=f"{prefix} {i}", category=Category.OTHER_ACTOR
        ).secret
        for i in range(n)
    ]
