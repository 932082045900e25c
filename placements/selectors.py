"""Reads for placements and follow-ups. The HTML list and the API list use the same selectors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Min, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from placements.models import FollowUp, FollowUpStatus, Placement, PlacementStatus, PlacementType

# Each order is one index read forwards or backwards (placement_start, placement_end): an
# open-ended placement ends last.
ORDERINGS: dict[str, tuple[Any, ...]] = {
    "start": ("planned_start", "pk"),
    "-start": ("-planned_start", "-pk"),
    "end": (F("planned_end").asc(nulls_last=True), "pk"),
    "-end": (F("planned_end").desc(nulls_first=True), "-pk"),
}


@dataclass(frozen=True)
class PlacementFilters:
    placement_type: int | None = None
    status: str = ""
    company: int | None = None
    consultant: int | None = None
    candidate: int | None = None
    period_from: date | None = None
    period_to: date | None = None
    outcome: str = ""
    ordering: str = "-start"


def placement_list(filters: PlacementFilters | None = None) -> QuerySet[Placement]:
    """Placements of the jobcenter with what a list row shows joined; the period filter keeps
    those that overlap it."""
    f = filters or PlacementFilters()
    qs = Placement.objects.select_related("candidate", "company", "placement_type", "consultant")
    if f.placement_type:
        qs = qs.filter(placement_type_id=f.placement_type)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.company:
        qs = qs.filter(company_id=f.company)
    if f.consultant:
        qs = qs.filter(consultant_id=f.consultant)
    if f.candidate:
        qs = qs.filter(candidate_id=f.candidate)
    if f.outcome:
        qs = qs.filter(outcome=f.outcome)
    if f.period_from or f.period_to:
        from psycopg.types.range import DateRange

        qs = qs.filter(period__overlap=DateRange(f.period_from, f.period_to, "[]"))
    return qs.order_by(*ORDERINGS.get(f.ordering, ORDERINGS["-start"]))


def placement_get_for_user(*, user: User, public_id: object) -> Placement:
    placement = (
        Placement.objects.select_related(
            "candidate",
            "company",
            "workplace",
            "placement_type",
            "consultant",
            "mentor",
            "job_opening",
            "predecessor__placement_type",
            "predecessor__company",
        )
        .filter(public_id=public_id)
        .first()
    )
    if placement is None:
        raise Http404
    return placement


def placement_followups(*, placement: Placement) -> QuerySet[FollowUp]:
    return (
        FollowUp.objects.filter(placement=placement)
        .select_related("owner")
        .order_by("due_on", "pk")
    )


def followup_get_for_user(*, user: User, public_id: object) -> FollowUp:
    followup = (
        FollowUp.objects.select_related(
            "placement__candidate", "placement__company", "placement__placement_type", "owner"
        )
        .filter(public_id=public_id)
        .first()
    )
    if followup is None:
        raise Http404
    return followup


def followups_for(
    *, user: User | None = None, status: str = "", due_before: date | None = None
) -> QuerySet[FollowUp]:
    qs = FollowUp.objects.select_related(
        "placement__candidate", "placement__company", "placement__placement_type", "owner"
    )
    if user is not None:
        qs = qs.filter(owner=user)
    if status:
        qs = qs.filter(status=status)
    if due_before is not None:
        qs = qs.filter(due_on__lte=due_before)
    return qs.order_by("due_on", "pk")


DAY_ITEMS = 20
DUE_COUNT_CAP = 1000


@dataclass(frozen=True)
class MyDay:
    """A consultant's front page ("Min dag"): the first of each kind, and how many in all."""

    followups_due: list[FollowUp]
    followups_due_total: int
    placements_starting: list[Placement]
    placements_ending: list[Placement]

    @property
    def followups_due_capped(self) -> bool:
        return self.followups_due_total >= DUE_COUNT_CAP


def my_day(*, user: User, today: date | None = None) -> MyDay:
    """Follow-ups due today and overdue (oldest first), and placements starting or ending
    this week: a few queries, whatever the consultant's caseload."""
    today = today or timezone.localdate()
    week_end = today + timedelta(days=6 - today.weekday())
    week_start = today - timedelta(days=today.weekday())
    own = Placement.objects.select_related("candidate", "company", "placement_type").filter(
        consultant=user
    )
    due = followups_for(user=user, status=FollowUpStatus.DUE, due_before=today)
    shown = list(due[:DAY_ITEMS])
    return MyDay(
        followups_due=shown,
        # Counted up to a limit: "1000+" says enough, and a count of everything overdue of
        # a consultant who has fallen far behind would cost the page its speed.
        followups_due_total=len(shown) if len(shown) < DAY_ITEMS else due[:DUE_COUNT_CAP].count(),
        placements_starting=list(
            own.filter(
                status__in=[PlacementStatus.PLANNED, PlacementStatus.ACTIVE],
                planned_start__range=(week_start, week_end),
            ).order_by("planned_start")[:DAY_ITEMS]
        ),
        placements_ending=list(
            own.filter(
                status=PlacementStatus.ACTIVE, planned_end__range=(week_start, week_end)
            ).order_by("planned_end")[:DAY_ITEMS]
        ),
    )


@dataclass(frozen=True)
class Behind:
    owner: User
    overdue: int
    oldest: date
    days_late: int


def overdue_by_consultant(*, today: date | None = None) -> list[Behind]:
    """The manager's view: who has follow-ups past their date, and how many. One query."""
    today = today or timezone.localdate()
    rows = (
        FollowUp.objects.filter(status=FollowUpStatus.DUE, due_on__lt=today)
        .values("owner")
        .annotate(overdue=Count("pk"), oldest=Min("due_on"))
        .order_by("-overdue", "oldest")
    )
    users = User.objects.in_bulk([row["owner"] for row in rows])
    return [
        Behind(users[row["owner"]], row["overdue"], row["oldest"], (today - row["oldest"]).days)
        for row in rows
    ]


def overdue_of(*, owner: User, today: date | None = None) -> QuerySet[FollowUp]:
    today = today or timezone.localdate()
    return followups_for(user=owner, status=FollowUpStatus.DUE).filter(due_on__lt=today)


def placement_types(*, active_only: bool = True) -> QuerySet[PlacementType]:
    qs = PlacementType.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def placements_of_candidate(*, candidate: Any) -> QuerySet[Placement]:
    return placement_list(PlacementFilters(candidate=candidate.pk))


def placements_of_company(*, company: Any) -> QuerySet[Placement]:
    return placement_list(PlacementFilters(company=company.pk))
