"""Writes for live goal voting (000:L99-132): the facilitator lists the proposed goals and
opens a vote; each participant picks exactly N distinct goals from their phone; a second
ballot replaces the first; the facilitator closes the vote.

A ballot is cast in one short transaction: the vote row is read FOR SHARE (many ballots at
once never wait for each other, and closing the vote waits for the ballots being cast, so none
slips in after it), the participant's ballot row is upserted (two ballots from one phone at
the same moment queue on it: the last one wins, whole) and its picks are replaced. A deferred
trigger checks, at commit, that the ballot has exactly N picks while the vote is open
(migration 0002)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.tenancy import tenant_scope
from networks import tokens
from networks.errors import TokenNotFound
from networks.models import (
    DEFAULT_PICKS,
    MAX_PICKS,
    Ballot,
    BallotPick,
    GoalProposal,
    Meeting,
    Vote,
    VoteStatus,
)
from networks.services.attendance import meeting_join_code
from networks.services.networks import clean_text


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _proposals_locked(meeting: Meeting) -> None:
    """The proposals are fixed once a vote is open or anyone has voted on them."""
    if Vote.objects.filter(meeting=meeting, status=VoteStatus.OPEN).exists() or (
        Ballot.objects.filter(meeting=meeting).exists()
    ):
        raise ValidationError(
            _("Forslagene kan ikke ændres, når der er åbnet for afstemning eller stemt om dem."),
            code="locked",
        )


@transaction.atomic
def proposal_add(
    *, actor: User | None, meeting: Meeting, title: str, text: str = ""
) -> GoalProposal:
    """Add a proposed goal at the end of the meeting's list."""
    current = _lock_meeting(meeting)
    _proposals_locked(current)
    position = (
        GoalProposal.objects.filter(meeting=current).aggregate(n=Max("position"))["n"] or 0
    ) + 1
    proposal = GoalProposal(
        meeting=current, position=position, title=clean_text(title), text=clean_text(text)
    )
    if not proposal.title:
        raise ValidationError({"title": _("Giv målet en kort titel, fx »Jobpakker«.")})
    proposal.full_clean(exclude=["tenant", "meeting"], validate_constraints=False)
    proposal.save()
    return proposal


@transaction.atomic
def proposal_update(
    *, actor: User | None, proposal: GoalProposal, title: str, text: str = ""
) -> GoalProposal:
    current_meeting = _lock_meeting(proposal.meeting)
    _proposals_locked(current_meeting)
    current = GoalProposal.objects.get(pk=proposal.pk)
    current.title, current.text = clean_text(title), clean_text(text)
    if not current.title:
        raise ValidationError({"title": _("Giv målet en kort titel, fx »Jobpakker«.")})
    current.full_clean(exclude=["tenant", "meeting"], validate_constraints=False)
    current.save()
    return current


@transaction.atomic
def proposal_remove(*, actor: User | None, proposal: GoalProposal) -> None:
    """Remove a proposal; the ones after it move up."""
    current_meeting = _lock_meeting(proposal.meeting)
    _proposals_locked(current_meeting)
    current = GoalProposal.objects.get(pk=proposal.pk)
    try:
        current.delete()
    except ProtectedError as error:
        raise ValidationError(
            _("En gruppe har valgt »%(title)s« som mål; fjern gruppens valg først.")
            % {"title": current.title}
        ) from error
    # The position's uniqueness is checked at commit, so the rows can move one by one.
    for later in GoalProposal.objects.filter(
        meeting=current_meeting, position__gt=current.position
    ).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])


@transaction.atomic
def vote_create(
    *,
    actor: User | None,
    meeting: Meeting,
    title: str = "",
    picks_required: int = DEFAULT_PICKS,
) -> Vote:
    """A vote on the meeting's proposals: each participant picks exactly `picks_required`."""
    current = _lock_meeting(meeting)
    if current.is_cancelled:
        raise ValidationError(_("Mødet er aflyst."))
    if not 1 <= picks_required <= MAX_PICKS:
        raise ValidationError(
            {
                "picks_required": _("Hver deltager vælger mellem 1 og %(max)s mål.")
                % {"max": MAX_PICKS}
            }
        )
    vote = Vote(
        meeting=current,
        title=clean_text(title) or _("Prioritering af mål"),
        picks_required=picks_required,
        created_by=actor,
    )
    vote.full_clean(exclude=["tenant", "meeting"], validate_constraints=False)
    vote.save()
    return vote


@transaction.atomic
def vote_open(*, actor: User | None, vote: Vote) -> Vote:
    """Open the vote for ballots (one vote at a time per meeting). Makes the meeting's join
    code if it has none."""
    current = Vote.objects.select_for_update().select_related("meeting").get(pk=vote.pk)
    meeting = _lock_meeting(current.meeting)
    if meeting.is_cancelled:
        raise ValidationError(_("Mødet er aflyst."))
    if meeting.has_ended():
        raise ValidationError(_("Mødet er slut; der kan ikke stemmes længere."))
    if current.status != VoteStatus.DRAFT:
        raise ValidationError(_("Afstemningen er allerede åbnet."), code="not_draft")
    proposals = GoalProposal.objects.filter(meeting=meeting).count()
    if proposals < current.picks_required:
        raise ValidationError(
            {
                "picks_required": ngettext(
                    "Der er kun %(count)s forslag, men hver deltager skal vælge %(n)s.",
                    "Der er kun %(count)s forslag, men hver deltager skal vælge %(n)s.",
                    proposals,
                )
                % {"count": proposals, "n": current.picks_required}
            }
        )
    if Vote.objects.filter(meeting=meeting, status=VoteStatus.OPEN).exists():
        raise ValidationError(_("En anden afstemning på mødet er åben. Luk den først."))
    current.status, current.opened_at = VoteStatus.OPEN, timezone.now()
    current.save(update_fields=["status", "opened_at"])
    meeting_join_code(actor=actor, meeting=meeting)
    return current


@transaction.atomic
def vote_close(*, actor: User | None, vote: Vote) -> Vote:
    """Close the vote. Waits for the ballots being cast at this moment; later ones are
    refused."""
    current = Vote.objects.select_for_update().get(pk=vote.pk)
    if current.status != VoteStatus.OPEN:
        raise ValidationError(_("Afstemningen er ikke åben."), code="not_open")
    current.status, current.closed_at = VoteStatus.CLOSED, timezone.now()
    current.save(update_fields=["status", "closed_at"])
    return current


# --- Ballots --------------------------------------------------------------------------------

_VOTE_FOR_SHARE = """
SELECT id, status, picks_required FROM networks_vote
WHERE tenant_id = %s AND public_id = %s AND meeting_id = %s
FOR SHARE
"""

_UPSERT_BALLOT = """
INSERT INTO networks_ballot (tenant_id, vote_id, meeting_id, attendance_id, cast_at, replaced)
VALUES (%s, %s, %s, %s, %s, 0)
ON CONFLICT ON CONSTRAINT ballot_once_per_participant
DO UPDATE SET cast_at = EXCLUDED.cast_at, replaced = networks_ballot.replaced + 1
RETURNING id
"""


def _picks_error(message: str) -> ValidationError:
    return ValidationError({"proposals": message}, code="picks")


def _as_uuids(values: Sequence[UUID | str]) -> list[UUID]:
    result = []
    for value in values:
        try:
            result.append(value if isinstance(value, UUID) else UUID(str(value)))
        except ValueError as error:
            raise _picks_error(_("Et af de valgte mål findes ikke i afstemningen.")) from error
    return result


def ballot_cast(
    *, participant_secret: str, vote_public_id: UUID | str, proposals: Sequence[UUID | str]
) -> Ballot:
    """Cast (or replace) the participant's ballot: exactly the vote's number of distinct
    proposals. A token of another meeting or jobcenter finds no vote (404); a vote that is not
    open, or the wrong picks, are refused with a message, and nothing is saved."""
    token = tokens.participant_find(participant_secret)
    if token is None:
        raise TokenNotFound
    try:
        vote_uuid = (
            vote_public_id if isinstance(vote_public_id, UUID) else UUID(str(vote_public_id))
        )
    except ValueError as error:
        raise TokenNotFound from error
    picked = _as_uuids(proposals)
    with tenant_scope(token.tenant_id):
        with connection.cursor() as cursor:
            cursor.execute(_VOTE_FOR_SHARE, [token.tenant_id, vote_uuid, token.meeting_id])
            row = cursor.fetchone()
        if row is None:
            raise TokenNotFound
        vote_id, status, wanted = row
        if status == VoteStatus.DRAFT:
            raise ValidationError(_("Afstemningen er ikke åbnet endnu."), code="not_open")
        if status == VoteStatus.CLOSED:
            raise ValidationError(
                _("Afstemningen er lukket. Din stemme er ikke talt med."), code="closed"
            )
        if len(set(picked)) != len(picked):
            raise _picks_error(
                _("Du har valgt det samme mål flere gange. Vælg %(n)s forskellige mål.")
                % {"n": wanted}
            )
        if len(picked) != wanted:
            raise _picks_error(
                ngettext(
                    "Vælg præcis %(n)s mål. Du har valgt %(count)s.",
                    "Vælg præcis %(n)s mål. Du har valgt %(count)s.",
                    len(picked),
                )
                % {"n": wanted, "count": len(picked)}
            )
        found = dict(
            GoalProposal.objects.filter(
                meeting_id=token.meeting_id, public_id__in=picked
            ).values_list("public_id", "pk")
        )
        if len(found) != len(picked):
            raise _picks_error(_("Et af de valgte mål findes ikke i afstemningen."))
        with connection.cursor() as cursor:
            cursor.execute(
                _UPSERT_BALLOT,
                [token.tenant_id, vote_id, token.meeting_id, token.attendance_id, timezone.now()],
            )
            ballot_id = cursor.fetchone()[0]
        BallotPick.objects.filter(ballot_id=ballot_id).delete()
        BallotPick.objects.bulk_create(
            [
                BallotPick(
                    ballot_id=ballot_id,
                    vote_id=vote_id,
                    meeting_id=token.meeting_id,
                    proposal_id=found[uuid],
                )
                for uuid in picked
            ]
        )
        return Ballot.objects.get(pk=ballot_id)
