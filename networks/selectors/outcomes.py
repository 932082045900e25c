"""Reads of what meetings led to: the groups' Top-2, collaboration groups, action items, the
orphan check, and "Hvad kom der ud af det?" for a meeting.

The orphan check (000:L273-275: job rotation, attitude barriers and the hotline got no group):
a group's goal that no collaboration group has taken up and no action item carries, and an
open action item without an owner. It runs per meeting, per network, or for the whole
jobcenter (the manager's list), in a fixed number of queries.

`action_items_due()` is the seam for reminders: the open items due on or before a day, each
with the person a reminder goes to (the owner; for an item owned by an organisation or a
contact person, who answers for it: the group's tovholder, the collaboration group's
convener, the network's contact person in the jobcenter, or its tovholder)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from networks import parties
from networks.models import (
    OPEN_STATUSES,
    ActionItem,
    GoalGroup,
    GroupComment,
    GroupGoal,
    Meeting,
    Network,
    WorkingGroup,
    WorkingGroupGoal,
    WorkingGroupMember,
)

ACTION_ITEM_RELATED = [
    "network",
    "meeting",
    "group_goal",
    "group_goal__proposal",
    "group_goal__group",
    "working_group",
    *parties.select_related("owner"),
]


def meeting_groups(meeting: Meeting) -> list[GoalGroup]:
    """The groups with their Top-2 (proposal or own words) and comment blocks: three
    queries."""
    return list(
        GoalGroup.objects.filter(meeting=meeting)
        .select_related(*parties.select_related("tovholder"))
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=GroupGoal.objects.select_related("proposal").order_by("ordinal"),
            ),
            Prefetch("comments", queryset=GroupComment.objects.order_by("position", "pk")),
        )
        .order_by("number")
    )


def working_groups(
    *, network: Network | None = None, meeting: Meeting | None = None
) -> QuerySet[WorkingGroup]:
    qs = WorkingGroup.objects.select_related(
        "network", "origin_meeting", *parties.select_related("convener")
    ).prefetch_related(
        Prefetch(
            "goals",
            queryset=GroupGoal.objects.select_related("proposal", "group").order_by(
                "group__number", "ordinal"
            ),
        ),
        Prefetch(
            "members",
            queryset=WorkingGroupMember.objects.select_related(*parties.select_related("member")),
        ),
    )
    if network is not None:
        qs = qs.filter(network=network)
    if meeting is not None:
        qs = qs.filter(origin_meeting=meeting)
    return qs.order_by("created_at", "pk")


def action_items(
    *,
    network: Network | None = None,
    meeting: Meeting | None = None,
    open_only: bool = False,
    owner_user: int | None = None,
) -> QuerySet[ActionItem]:
    """Action items, soonest due first (no due date last). For a meeting: those decided at
    it, from its groups' goals, and from the collaboration groups it set up."""
    qs = ActionItem.objects.select_related(*ACTION_ITEM_RELATED)
    if network is not None:
        qs = qs.filter(network=network)
    if meeting is not None:
        qs = qs.filter(_from_meeting(meeting))
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if owner_user is not None:
        qs = qs.filter(owner_user_id=owner_user)
    return qs.order_by(F("due_by").asc(nulls_last=True), "pk")


def _from_meeting(meeting: Meeting) -> Q:
    return (
        Q(meeting=meeting)
        | Q(group_goal__meeting=meeting)
        | Q(working_group__origin_meeting=meeting)
    )


_NO_OWNER = Q(
    owner_user__isnull=True,
    owner_contact__isnull=True,
    owner_organisation__isnull=True,
    owner_is_jobcenter=False,
)


# --- The orphan check -----------------------------------------------------------------------


@dataclass(frozen=True)
class Orphans:
    goals: list[GroupGoal] = field(default_factory=list)  # no collaboration group, no item
    items: list[ActionItem] = field(default_factory=list)  # open, without an owner

    @property
    def count(self) -> int:
        return len(self.goals) + len(self.items)

    def __bool__(self) -> bool:
        return self.count > 0


def orphan_goals(
    *, meeting: Meeting | None = None, network: Network | None = None
) -> QuerySet[GroupGoal]:
    qs = GroupGoal.objects.annotate(
        taken_up=Exists(WorkingGroupGoal.objects.filter(goal=OuterRef("pk"))),
        carried=Exists(ActionItem.objects.filter(group_goal=OuterRef("pk"))),
    ).filter(taken_up=False, carried=False)
    if meeting is not None:
        qs = qs.filter(meeting=meeting)
    if network is not None:
        qs = qs.filter(meeting__network=network)
    return qs.select_related("proposal", "group", "meeting", "meeting__network").order_by(
        "meeting__date", "group__number", "ordinal"
    )


def ownerless_items(
    *, meeting: Meeting | None = None, network: Network | None = None
) -> QuerySet[ActionItem]:
    qs = ActionItem.objects.filter(_NO_OWNER, status__in=OPEN_STATUSES)
    if meeting is not None:
        qs = qs.filter(_from_meeting(meeting))
    if network is not None:
        qs = qs.filter(network=network)
    return qs.select_related(*ACTION_ITEM_RELATED).order_by("created_at", "pk")


def orphans(*, meeting: Meeting | None = None, network: Network | None = None) -> Orphans:
    """The orphans of a meeting, of a network, or (neither given) of the whole jobcenter."""
    return Orphans(
        goals=list(orphan_goals(meeting=meeting, network=network)),
        items=list(ownerless_items(meeting=meeting, network=network)),
    )


def orphan_counts_by_network(network_ids: list[int]) -> dict[int, int]:
    """For a list of networks: how many orphans each has, in two queries."""
    counts: dict[int, int] = defaultdict(int)
    for row in (
        orphan_goals()
        .filter(meeting__network_id__in=network_ids)
        .order_by()
        .values("meeting__network_id")
        .annotate(n=Count("pk"))
    ):
        counts[row["meeting__network_id"]] += row["n"]
    for row in (
        ActionItem.objects.filter(_NO_OWNER, status__in=OPEN_STATUSES, network_id__in=network_ids)
        .order_by()
        .values("network_id")
        .annotate(n=Count("pk"))
    ):
        counts[row["network_id"]] += row["n"]
    return dict(counts)


# --- "Hvad kom der ud af det?" --------------------------------------------------------------


@dataclass
class Decision:
    """A group's goal and what became of it."""

    goal: GroupGoal
    working_groups: list[WorkingGroup] = field(default_factory=list)
    action_items: list[ActionItem] = field(default_factory=list)

    @property
    def is_orphan(self) -> bool:
        return not self.working_groups and not self.action_items


@dataclass
class MeetingOutcomes:
    decisions: list[Decision] = field(default_factory=list)
    # Items decided at the meeting itself (not from a goal), and the collaboration groups the
    # meeting set up.
    meeting_items: list[ActionItem] = field(default_factory=list)
    working_groups: list[WorkingGroup] = field(default_factory=list)
    working_group_items: dict[int, list[ActionItem]] = field(default_factory=dict)

    @property
    def orphan_goals(self) -> list[GroupGoal]:
        return [d.goal for d in self.decisions if d.is_orphan]

    @property
    def ownerless_items(self) -> list[ActionItem]:
        items = self.meeting_items + [i for d in self.decisions for i in d.action_items]
        items += [i for group in self.working_group_items.values() for i in group]
        return [i for i in items if i.is_open and i.owner.is_empty]


def meeting_outcomes(meeting: Meeting) -> MeetingOutcomes:
    """For every goal the meeting's groups chose: the collaboration groups that took it up and
    the action items it led to, with owners and due dates; plus the meeting's own items and
    the collaboration groups it set up. A fixed number of queries."""
    goals = list(
        GroupGoal.objects.filter(meeting=meeting)
        .select_related("proposal", *[f"group__{p}" for p in parties.select_related("tovholder")])
        .select_related("group")
        .order_by("group__number", "ordinal")
    )
    links = list(
        WorkingGroupGoal.objects.filter(goal__meeting=meeting).select_related(
            "working_group", *[f"working_group__{p}" for p in parties.select_related("convener")]
        )
    )
    groups_by_goal: dict[int, list[WorkingGroup]] = defaultdict(list)
    for link in links:
        groups_by_goal[link.goal_id].append(link.working_group)
    items = list(action_items(meeting=meeting))
    items_by_goal: dict[int, list[ActionItem]] = defaultdict(list)
    meeting_items: list[ActionItem] = []
    by_working_group: dict[int, list[ActionItem]] = defaultdict(list)
    for item in items:
        if item.group_goal_id:
            items_by_goal[item.group_goal_id].append(item)
        elif item.meeting_id:
            meeting_items.append(item)
        else:
            by_working_group[item.working_group_id].append(item)
    return MeetingOutcomes(
        decisions=[
            Decision(
                goal=goal,
                working_groups=groups_by_goal.get(goal.pk, []),
                action_items=items_by_goal.get(goal.pk, []),
            )
            for goal in goals
        ],
        meeting_items=meeting_items,
        working_groups=list(working_groups(meeting=meeting)),
        working_group_items=dict(by_working_group),
    )


# --- The seam for reminders -----------------------------------------------------------------


@dataclass(frozen=True)
class DueActionItem:
    item: ActionItem
    recipient_id: int | None  # the staff member to remind; None: nobody answers for it
    kind: str  # "due" on its last day, "overdue" after


def action_items_due(*, on: date) -> list[DueActionItem]:
    """The open action items whose (approximate) due period ends on or before `on`, each with
    the person to remind: one query. A notifications sweep turns them into notify() calls."""
    items = (
        ActionItem.objects.filter(status__in=OPEN_STATUSES, due_by__lte=on)
        .annotate(
            recipient=Coalesce(
                "owner_user",
                "group_goal__group__tovholder_user",
                "working_group__convener_user",
                "network__jobcenter_contact",
                "network__coordinator_user",
            )
        )
        .select_related(*ACTION_ITEM_RELATED)
        .order_by("due_by", "pk")
    )
    return [
        DueActionItem(
            item=item,
            recipient_id=item.recipient,  # type: ignore[attr-defined]
            kind="due" if item.due_by == on else "overdue",
        )
        for item in items
    ]
