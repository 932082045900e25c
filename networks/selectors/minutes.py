"""Everything the minutes (referat) of a meeting hold, in one read for the page and for the
worker that makes the PDF: the programme, who came (with the counting units), the results of
each vote, the groups' Top-2 with their comment blocks, and what came of every decision."""

from __future__ import annotations

from dataclasses import dataclass

from networks.models import AgendaItem, Attendance, GoalGroup, Meeting
from networks.selectors.counts import AttendanceCounts, meeting_attendance_counts
from networks.selectors.meetings import meeting_agenda, meeting_attendances
from networks.selectors.outcomes import MeetingOutcomes, meeting_groups, meeting_outcomes
from networks.selectors.voting import VoteResults, meeting_votes, vote_results


@dataclass(frozen=True)
class Minutes:
    meeting: Meeting
    agenda: list[AgendaItem]
    attendances: list[Attendance]
    counts: AttendanceCounts
    votes: list[VoteResults]
    groups: list[GoalGroup]
    outcomes: MeetingOutcomes


def meeting_minutes(meeting: Meeting) -> Minutes:
    """A fixed number of queries however large the meeting."""
    return Minutes(
        meeting=meeting,
        agenda=meeting_agenda(meeting),
        attendances=list(meeting_attendances(meeting)),
        counts=meeting_attendance_counts([meeting.pk])[meeting.pk],
        votes=[vote_results(vote) for vote in meeting_votes(meeting)],
        groups=meeting_groups(meeting),
        outcomes=meeting_outcomes(meeting),
    )
