"""Reads for placements and follow-ups. The HTML lists and the API lists use the same
selectors."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.models import Count, F, Min, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from candidates.models import Candidate
from placements.models import (
    FollowUp,
    FollowUpStatus,
    Placement,
    PlacementStatus,
    PlacementType,
    Presentation,
)

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
    company: Any = None  # public_id
    consultant: int | None = None
    candidate: Any = None  # public_id
    period_from: date | None = None
    period_to: date | None = None
    outcome: str = ""
    ordering: str = "-start"

    def criterion(self) -> str:
        """What a list asked for, for the access log (ids and codes, no personal data)."""
        return "; ".join(
            f"{name}={value}"
            for name, value in self.__dict__.items()
            if value not in ("", None) and name != "ordering"
        )


def _anonymised() -> QuerySet[Candidate]:
    """The jobcenter's anonymised candidates, whose placements stay for the statistics but are
    not listed. Excluding these few (a partial index holds them) lets PostgreSQL count a list
    of 200,000 placements without joining every row to its candidate (190 ms → a few)."""
    return Candidate.objects.filter(anonymised_at__isnull=False).values("pk")


def placement_list(filters: PlacementFilters | None = None) -> QuerySet[Placement]:
    """The jobcenter's placements with what a row shows joined, in the chosen order (newest
    start first by default); `period` keeps those that run on at least one day from
    `period_from` to `period_to`. Placements of anonymised candidates stay for the statistics
    but are not listed."""
    f = filters or PlacementFilters()
    qs = Placement.objects.select_related(
        "candidate",
        "company",
        "workplace",
        "placement_type",
        "job_opening",
        "predecessor",
        "mentor",
        "consultant",
    ).exclude(candidate_id__in=_anonymised())
    if f.placement_type:
        qs = qs.filter(placement_type_id=f.placement_type)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.company:
        qs = qs.filter(company__public_id=f.company)
    if f.consultant:
        qs = qs.filter(consultant_id=f.consultant)
    if f.candidate:
        qs = qs.filter(candidate__public_id=f.candidate)
    if f.period_from or f.period_to:
        qs = qs.filter(period__overlap=DateRange(f.period_from, f.period_to, "[]"))
    if f.outcome:
        qs = qs.filter(outcome=f.outcome)
    return qs.order_by(*ORDERINGS.get(f.ordering, ORDERINGS["-start"]))


@dataclass(frozen=True)
class PlacementOverview:
    """A candidate's or a company's placements as their page lists them: the running and
    the planned ones all (up to a limit), the ended ones newest first, a few."""

    current: list[Placement]
    planned: list[Placement]
    ended: list[Placement]
    ended_total: int

    @property
    def candidates(self) -> list[Candidate]:
        """Each person shown once, for the access log."""
        shown = [p.candidate for p in self.current + self.planned + self.ended]
        return list({candidate.pk: candidate for candidate in shown}.values())

    @property
    def is_empty(self) -> bool:
        return not (self.current or self.planned or self.ended_total)


OVERVIEW_OPEN = 50
OVERVIEW_ENDED = 10


def placement_overview(
    *, candidate: Candidate | None = None, company: Any = None
) -> PlacementOverview:
    """The placements of one candidate or one company: three small queries, whatever their
    history holds (the ended ones are counted, and only the latest are read)."""
    qs = placement_list()
    if candidate is not None:
        qs = qs.filter(candidate=candidate)
    if company is not None:
        qs = qs.filter(company=company)
    open_ = list(
        qs.filter(status__in=[PlacementStatus.ACTIVE, PlacementStatus.PLANNED]).order_by(
            "planned_start", "pk"
        )[:OVERVIEW_OPEN]
    )
    ended = qs.filter(status__in=[PlacementStatus.COMPLETED, PlacementStatus.INTERRUPTED])
    latest = list(
        ended.order_by(Coalesce("actual_end", "planned_end", "planned_start").desc(), "-pk")[
            :OVERVIEW_ENDED
        ]
    )
    return PlacementOverview(
        current=[p for p in open_ if p.status == PlacementStatus.ACTIVE],
        planned=[p for p in open_ if p.status == PlacementStatus.PLANNED],
        ended=latest,
        ended_total=len(latest) if len(latest) < OVERVIEW_ENDED else ended.count(),
    )


def placement_get_for_user(*, user: User, public_id: object) -> Placement:
    """A placement of the current jobcenter; 404 for missing, foreign and those of an
    anonymised candidate."""
    placement = (
        placement_list()
        .select_related(
            "predecessor__placement_type",
            "predecessor__company",
            "agreement",
            "centre_contract",
            "job_package",
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
        .select_related(
            "owner", "placement__candidate", "placement__company", "placement__placement_type"
        )
        .order_by("due_on", "pk")
    )


@dataclass(frozen=True)
class FollowUpFilters:
    owner: int | None = None
    due_before: date | None = None
    status: str = ""

    def criterion(self) -> str:
        return "; ".join(
            f"{name}={value}" for name, value in self.__dict__.items() if value not in ("", None)
        )


def followup_list(filters: FollowUpFilters | None = None) -> QuerySet[FollowUp]:
    """Follow-ups of the jobcenter's placements, soonest first. `due_before` includes the day
    itself ("due by Friday")."""
    f = filters or FollowUpFilters()
    qs = FollowUp.objects.select_related(
        "owner", "placement__candidate", "placement__company", "placement__placement_type"
    ).filter(placement__candidate__anonymised_at__isnull=True)
    if f.owner:
        qs = qs.filter(owner_id=f.owner)
    if f.due_before:
        qs = qs.filter(due_on__lte=f.due_before)
    if f.status:
        qs = qs.filter(status=f.status)
    return qs.order_by("due_on", "pk")


def followup_get_for_user(*, user: User, public_id: object) -> FollowUp:
    followup = followup_list().filter(public_id=public_id).first()
    if followup is None:
        raise Http404
    return followup


def followups_for(
    *, user: User | None = None, status: str = "", due_before: date | None = None
) -> QuerySet[FollowUp]:
    return followup_list(
        FollowUpFilters(owner=user.pk if user else None, status=status, due_before=due_before)
    )


@dataclass(frozen=True)
class FollowUpDay:
    """The follow-ups due on one day (Min dag and "Mine opfølgninger" group them so)."""

    day: date
    followups: list[FollowUp]

    @property
    def is_today(self) -> bool:
        return self.day == timezone.localdate()

    @property
    def days_late(self) -> int:
        return max((timezone.localdate() - self.day).days, 0)


def by_day(followups: list[FollowUp]) -> list[FollowUpDay]:
    """Follow-ups (in due order) grouped by their day, oldest day first."""
    days: dict[date, list[FollowUp]] = {}
    for followup in followups:
        days.setdefault(followup.due_on, []).append(followup)
    return [FollowUpDay(day, items) for day, items in days.items()]


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
    def followups_by_day(self) -> list[FollowUpDay]:
        return by_day(self.followups_due)

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


def placement_types(*, active_only: bool = False) -> QuerySet[PlacementType]:
    """The jobcenter's types, the retired ones too unless `active_only` (old placements use
    them; new ones may not)."""
    qs = PlacementType.objects.prefetch_related("cadence").order_by("sort_order", "name")
    return qs.filter(is_active=True) if active_only else qs


def placement_type_by_reference(value: str) -> PlacementType | None:
    """A type by its code or public_id."""
    try:
        return PlacementType.objects.filter(public_id=uuid.UUID(value.strip())).first()
    except ValueError:
        return PlacementType.objects.filter(code=value.strip()).first()


def candidate_presentations(*, candidate_id: int) -> QuerySet[Presentation]:
    return (
        Presentation.objects.filter(candidate_id=candidate_id)
        .select_related("company", "job_opening", "presented_by", "activity")
        .order_by("-presented_at")
    )
