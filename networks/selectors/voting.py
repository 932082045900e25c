"""Reads for goal voting: the results (counts and rank, computed in SQL; the facilitator's
screen polls them), and what a participant's phone shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db import connection
from django.db.models import QuerySet

from accounts.tenancy import current_tenant_id, tenant_scope
from networks import tokens
from networks.errors import TokenNotFound
from networks.models import (
    Attendance,
    BallotPick,
    GoalProposal,
    Meeting,
    Vote,
    VoteStatus,
)


def meeting_proposals(meeting: Meeting) -> QuerySet[GoalProposal]:
    return GoalProposal.objects.filter(meeting=meeting).order_by("position")


def meeting_votes(meeting: Meeting) -> QuerySet[Vote]:
    return Vote.objects.filter(meeting=meeting).order_by("created_at", "pk")


def vote_get(*, meeting: Meeting, public_id: Any) -> Vote:
    vote = Vote.objects.filter(meeting=meeting, public_id=public_id).first()
    if vote is None:
        raise TokenNotFound
    return vote


@dataclass(frozen=True)
class ResultRow:
    proposal_id: int
    public_id: UUID
    position: int
    title: str
    votes: int  # picks (kryds)
    rank: int  # 1 is the most picked; equal counts share a rank


@dataclass(frozen=True)
class VoteResults:
    vote: Vote
    rows: list[ResultRow] = field(default_factory=list)
    ballots: int = 0  # participants who voted

    @property
    def picks(self) -> int:
        return sum(row.votes for row in self.rows)


_RESULTS_SQL = """
SELECT p.id, p.public_id, p.position, p.title, count(bp.id) AS votes,
       rank() OVER (ORDER BY count(bp.id) DESC) AS rank
FROM networks_goalproposal p
LEFT JOIN networks_ballotpick bp
       ON bp.tenant_id = %(tenant)s AND bp.vote_id = %(vote)s AND bp.proposal_id = p.id
WHERE p.tenant_id = %(tenant)s AND p.meeting_id = %(meeting)s
GROUP BY p.id
ORDER BY votes DESC, p.position
"""

_BALLOTS_SQL = "SELECT count(*) FROM networks_ballot WHERE tenant_id = %s AND vote_id = %s"


def vote_results(vote: Vote) -> VoteResults:
    """Each proposal's number of picks and its rank, most picked first, and the number of
    participants who voted: two statements."""
    tenant = current_tenant_id()
    with connection.cursor() as cursor:
        cursor.execute(
            _RESULTS_SQL, {"tenant": tenant, "vote": vote.pk, "meeting": vote.meeting_id}
        )
        rows = [ResultRow(*row) for row in cursor.fetchall()]
        cursor.execute(_BALLOTS_SQL, [tenant, vote.pk])
        ballots = cursor.fetchone()[0]
    return VoteResults(vote=vote, rows=rows, ballots=ballots)


@dataclass(frozen=True)
class BallotPage:
    """What a participant's phone shows: the open vote (if any), the proposals and the
    participant's own picks so far."""

    meeting: Meeting
    attendance_name: str
    vote: Vote | None
    proposals: list[GoalProposal]
    picked: list[UUID]


def ballot_page(*, participant_secret: str) -> BallotPage:
    token = tokens.participant_find(participant_secret)
    if token is None:
        raise TokenNotFound
    with tenant_scope(token.tenant_id):
        meeting = Meeting.objects.select_related("network").get(pk=token.meeting_id)
        attendance = Attendance.objects.only("name").get(pk=token.attendance_id)
        vote = Vote.objects.filter(meeting=meeting, status=VoteStatus.OPEN).first()
        proposals = list(meeting_proposals(meeting))
        picked = (
            list(
                BallotPick.objects.filter(
                    vote=vote, ballot__attendance_id=token.attendance_id
                ).values_list("proposal__public_id", flat=True)
            )
            if vote
            else []
        )
    return BallotPage(
        meeting=meeting,
        attendance_name=attendance.name,
        vote=vote,
        proposals=proposals,
        picked=picked,
    )
