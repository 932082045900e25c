"""Writes for what a meeting leads to: the groups and their Top-2 (a proposal or their own
words, labelled 1/2 or A/B, with a tovholder and comment blocks), the collaboration groups
that take goals up, and action items with an owner and a due date that may be approximate."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from networks import parties
from networks.approx import ApproxDate
from networks.models import (
    TOP,
    ActionItem,
    ActionStatus,
    GoalGroup,
    GoalProposal,
    GroupComment,
    GroupGoal,
    LabelStyle,
    Meeting,
    Network,
    WorkingGroup,
    WorkingGroupGoal,
    WorkingGroupMember,
    WorkingGroupStatus,
)
from networks.parties import Party
from networks.services.networks import clean_text

UNCHANGED: Any = object()


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


# --- Groups and their Top-2 -----------------------------------------------------------------


@transaction.atomic
def goal_group_create(
    *,
    actor: User | None,
    meeting: Meeting,
    name: str = "",
    label_style: str = LabelStyle.NUMBERS,
    tovholder: Party | None = None,
) -> GoalGroup:
    """A group at the meeting, numbered in turn ("Gruppe 1" unless named)."""
    current = _lock_meeting(meeting)
    number = (GoalGroup.objects.filter(meeting=current).aggregate(n=Max("number"))["n"] or 0) + 1
    group = GoalGroup(
        meeting=current,
        number=number,
        name=clean_text(name) or _("Gruppe %(n)s") % {"n": number},
        label_style=label_style,
    )
    if tovholder is not None:
        parties.check_in_jobcenter(tovholder, field="tovholder")
        parties.assign(group, "tovholder", tovholder)
    group.full_clean(exclude=["tenant", "meeting"], validate_constraints=False)
    group.save()
    return group


@transaction.atomic
def goal_group_update(
    *,
    actor: User | None,
    group: GoalGroup,
    name: str = UNCHANGED,
    label_style: str = UNCHANGED,
    tovholder: Party | None = UNCHANGED,
) -> GoalGroup:
    current = GoalGroup.objects.select_for_update().get(pk=group.pk)
    if name is not UNCHANGED:
        current.name = clean_text(name)
        if not current.name:
            raise ValidationError({"name": _("Giv gruppen et navn.")})
    if label_style is not UNCHANGED:
        current.label_style = label_style
    if tovholder is not UNCHANGED:
        if tovholder is not None:
            parties.check_in_jobcenter(tovholder, field="tovholder")
        parties.assign(current, "tovholder", tovholder)
    current.full_clean(exclude=["tenant", "meeting"], validate_constraints=False)
    current.save()
    return current


@transaction.atomic
def group_goal_set(
    *,
    actor: User | None,
    group: GoalGroup,
    ordinal: int,
    proposal: GoalProposal | None = None,
    custom_text: str = "",
) -> GroupGoal:
    """Set the group's goal number `ordinal` (1 or 2): one of the proposals, or the group's
    own words (000:L108: "I må meget gerne formulere jeres egne mål"), never both."""
    current = GoalGroup.objects.select_for_update().get(pk=group.pk)
    custom_text = clean_text(custom_text)
    if not 1 <= ordinal <= TOP:
        raise ValidationError(
            {"ordinal": _("En gruppe vælger sin Top-%(top)s: mål 1 eller 2.") % {"top": TOP}}
        )
    if proposal is not None and custom_text:
        raise ValidationError(
            {
                "custom_text": _(
                    "Vælg et af forslagene eller skriv gruppens eget mål – ikke begge dele."
                )
            }
        )
    if proposal is None and not custom_text:
        raise ValidationError(
            {"proposal": _("Vælg et af forslagene eller skriv gruppens eget mål.")}
        )
    if proposal is not None:
        if proposal.meeting_id != current.meeting_id:
            raise ValidationError({"proposal": _("Forslaget hører til et andet møde.")})
        other = (
            GroupGoal.objects.filter(group=current, proposal=proposal)
            .exclude(ordinal=ordinal)
            .first()
        )
        if other is not None:
            raise ValidationError(
                {
                    "proposal": _("Gruppen har allerede valgt »%(title)s« som mål %(label)s.")
                    % {"title": proposal.title, "label": current.label_for(other.ordinal)}
                }
            )
    goal = GroupGoal.objects.filter(group=current, ordinal=ordinal).first() or GroupGoal(
        group=current, meeting_id=current.meeting_id, ordinal=ordinal
    )
    goal.proposal, goal.custom_text = proposal, custom_text
    goal.full_clean(exclude=["tenant", "group", "meeting"], validate_constraints=False)
    goal.save()
    return goal


@transaction.atomic
def group_goal_remove(*, actor: User | None, goal: GroupGoal) -> None:
    GoalGroup.objects.select_for_update().filter(pk=goal.group_id).first()
    try:
        GroupGoal.objects.filter(pk=goal.pk).delete()
    except ProtectedError as error:
        raise ValidationError(
            _("Målet har opgaver; flyt eller fjern dem, før målet fjernes.")
        ) from error


@transaction.atomic
def group_comment_add(
    *,
    actor: User | None,
    group: GoalGroup,
    text: str,
    heading: str = "",
    goal: GroupGoal | None = None,
) -> GroupComment:
    """A comment block: about the group's work, or about one of its goals."""
    current = GoalGroup.objects.select_for_update().get(pk=group.pk)
    if goal is not None and goal.group_id != current.pk:
        raise ValidationError({"goal": _("Målet hører til en anden gruppe.")})
    text = clean_text(text)
    if not text:
        raise ValidationError({"text": _("Skriv kommentaren.")})
    position = (
        GroupComment.objects.filter(group=current).aggregate(n=Max("position"))["n"] or 0
    ) + 1
    comment = GroupComment(
        group=current, goal=goal, heading=clean_text(heading), text=text, position=position
    )
    comment.full_clean(exclude=["tenant", "group", "goal"], validate_constraints=False)
    comment.save()
    return comment


@transaction.atomic
def group_comment_remove(*, actor: User | None, comment: GroupComment) -> None:
    GroupComment.objects.filter(pk=comment.pk).delete()


# --- Collaboration groups -------------------------------------------------------------------


def _network_goals(network: Network, goals: Iterable[GroupGoal]) -> list[GroupGoal]:
    goals = list(goals)
    meetings = set(Meeting.objects.filter(network=network).values_list("pk", flat=True))
    foreign = [g for g in goals if g.meeting_id not in meetings]
    if foreign:
        raise ValidationError({"goals": _("Et af målene er fra et andet netværks møde.")})
    return goals


def _set_target(group: WorkingGroup, target: ApproxDate | None) -> None:
    group.target_on = target.starts_on if target else None
    group.target_precision = target.precision if target else ""


@transaction.atomic
def working_group_create(
    *,
    actor: User | None,
    network: Network,
    theme: str,
    convener: Party,
    target: ApproxDate | None = None,
    target_event: str = "",
    origin_meeting: Meeting | None = None,
    goals: Iterable[GroupGoal] = (),
    members: Iterable[Party] = (),
) -> WorkingGroup:
    """A collaboration group (samarbejdsgruppe) with a theme, a convener (a person or an
    organisation), the goals it takes up, members, and a target that may be approximate."""
    locked = Network.objects.select_for_update().get(pk=network.pk)
    if convener is None or convener.is_empty:
        raise ValidationError(
            {"convener": _("Vælg, hvem der indkalder: en person eller en organisation.")}
        )
    if origin_meeting is not None and origin_meeting.network_id != locked.pk:
        raise ValidationError({"origin_meeting": _("Mødet hører til et andet netværk.")})
    group = WorkingGroup(
        network=locked,
        origin_meeting=origin_meeting,
        theme=clean_text(theme),
        target_event=clean_text(target_event),
        created_by=actor,
    )
    if not group.theme:
        raise ValidationError({"theme": _("Skriv samarbejdsgruppens tema.")})
    parties.check_in_jobcenter(convener, field="convener")
    parties.assign(group, "convener", convener)
    _set_target(group, target)
    group.full_clean(exclude=["tenant", "network", "goals"], validate_constraints=False)
    group.save()
    for goal in _network_goals(locked, goals):
        WorkingGroupGoal.objects.create(working_group=group, goal=goal)
    for member in members:
        _add_member(group, member)
    return group


@transaction.atomic
def working_group_update(
    *,
    actor: User | None,
    working_group: WorkingGroup,
    theme: str = UNCHANGED,
    convener: Party = UNCHANGED,
    target: ApproxDate | None = UNCHANGED,
    target_event: str = UNCHANGED,
    status: str = UNCHANGED,
) -> WorkingGroup:
    current = WorkingGroup.objects.select_for_update().get(pk=working_group.pk)
    if theme is not UNCHANGED:
        current.theme = clean_text(theme)
        if not current.theme:
            raise ValidationError({"theme": _("Skriv samarbejdsgruppens tema.")})
    if convener is not UNCHANGED:
        if convener is None or convener.is_empty:
            raise ValidationError(
                {"convener": _("Vælg, hvem der indkalder: en person eller en organisation.")}
            )
        parties.check_in_jobcenter(convener, field="convener")
        parties.assign(current, "convener", convener)
    if target is not UNCHANGED:
        _set_target(current, target)
    if target_event is not UNCHANGED:
        current.target_event = clean_text(target_event)
    if status is not UNCHANGED:
        if status not in WorkingGroupStatus.values:
            raise ValidationError({"status": _("Ukendt status.")})
        current.status = status
    current.full_clean(exclude=["tenant", "network", "goals"], validate_constraints=False)
    current.save()
    return current


@transaction.atomic
def working_group_goal_add(
    *, actor: User | None, working_group: WorkingGroup, goal: GroupGoal
) -> None:
    current = WorkingGroup.objects.select_for_update().get(pk=working_group.pk)
    _network_goals(current.network, [goal])
    WorkingGroupGoal.objects.get_or_create(working_group=current, goal=goal)


@transaction.atomic
def working_group_goal_remove(
    *, actor: User | None, working_group: WorkingGroup, goal: GroupGoal
) -> None:
    WorkingGroupGoal.objects.filter(working_group=working_group, goal=goal).delete()


def _add_member(group: WorkingGroup, member: Party) -> WorkingGroupMember:
    if member is None or member.is_empty:
        raise ValidationError({"member": _("Vælg en person eller en organisation.")})
    parties.check_in_jobcenter(member, field="member")
    row = WorkingGroupMember(working_group=group)
    parties.assign(row, "member", member)
    clash = WorkingGroupMember.objects.filter(
        working_group=group,
        member_user=row.member_user,
        member_contact=row.member_contact,
        member_organisation=row.member_organisation,
        member_is_jobcenter=row.member_is_jobcenter,
    )
    if clash.exists():
        raise ValidationError(
            {"member": _("%(name)s er allerede med i gruppen.") % {"name": member.label()}}
        )
    row.full_clean(exclude=["tenant", "working_group"], validate_constraints=False)
    row.save()
    return row


@transaction.atomic
def working_group_member_add(
    *, actor: User | None, working_group: WorkingGroup, member: Party
) -> WorkingGroupMember:
    current = WorkingGroup.objects.select_for_update().get(pk=working_group.pk)
    return _add_member(current, member)


@transaction.atomic
def working_group_member_remove(*, actor: User | None, member: WorkingGroupMember) -> None:
    WorkingGroupMember.objects.filter(pk=member.pk).delete()


# --- Action items ---------------------------------------------------------------------------

Origin = Meeting | GroupGoal | WorkingGroup


def _origin_network(origin: Origin) -> int:
    if isinstance(origin, Meeting):
        return origin.network_id
    if isinstance(origin, GroupGoal):
        return Meeting.objects.values_list("network_id", flat=True).get(pk=origin.meeting_id)
    return origin.network_id


def _set_due(item: ActionItem, due: ApproxDate | None) -> None:
    item.due_on = due.starts_on if due else None
    item.due_precision = due.precision if due else ""


@transaction.atomic
def action_item_create(
    *,
    actor: User | None,
    origin: Origin,
    text: str,
    owner: Party | None = None,
    due: ApproxDate | None = None,
) -> ActionItem:
    """An action item from a meeting, a group's goal or a collaboration group. It may be
    written down before anyone owns it; until someone does, the orphan check flags it."""
    item = ActionItem(network_id=_origin_network(origin), text=clean_text(text), created_by=actor)
    if isinstance(origin, Meeting):
        item.meeting = origin
    elif isinstance(origin, GroupGoal):
        item.group_goal = origin
    else:
        item.working_group = origin
    if not item.text:
        raise ValidationError({"text": _("Skriv, hvad der skal gøres.")})
    if owner is not None:
        parties.check_in_jobcenter(owner, field="owner")
    parties.assign(item, "owner", owner)
    _set_due(item, due)
    item.full_clean(
        exclude=["tenant", "network", "meeting", "group_goal", "working_group"],
        validate_constraints=False,
    )
    item.save()
    return item


@transaction.atomic
def action_item_update(
    *,
    actor: User | None,
    item: ActionItem,
    text: str = UNCHANGED,
    owner: Party | None = UNCHANGED,
    due: ApproxDate | None = UNCHANGED,
) -> ActionItem:
    current = ActionItem.objects.select_for_update().get(pk=item.pk)
    if text is not UNCHANGED:
        current.text = clean_text(text)
        if not current.text:
            raise ValidationError({"text": _("Skriv, hvad der skal gøres.")})
    if owner is not UNCHANGED:
        if owner is not None:
            parties.check_in_jobcenter(owner, field="owner")
        parties.assign(current, "owner", owner)
    if due is not UNCHANGED:
        _set_due(current, due)
    current.full_clean(
        exclude=["tenant", "network", "meeting", "group_goal", "working_group"],
        validate_constraints=False,
    )
    current.save()
    return current


@transaction.atomic
def action_item_set_status(
    *, actor: User | None, item: ActionItem, status: str, done_on: date | None = None
) -> ActionItem:
    current = ActionItem.objects.select_for_update().get(pk=item.pk)
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Ukendt status.")})
    current.status = status
    current.done_on = (done_on or timezone.localdate()) if status == ActionStatus.DONE else None
    current.save(update_fields=["status", "done_on", "updated_at"])
    return current
