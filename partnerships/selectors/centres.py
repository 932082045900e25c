"""Reads for the virksomhedscenter pages: the list with seats taken and occupancy computed in
SQL for the whole page, one contract's occupancy over time (one query), its current seats,
its waiting list, and which contracts have been under-used for their number of weeks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.tenancy import current_tenant_id
from partnerships.models import (
    CentreAlert,
    CentreContract,
    CentreMentor,
    CentreTargetGroup,
    WaitingListEntry,
    WaitingStatus,
)
from placements.models import Placement, PlacementStatus

# Each sort key of the list: the column and a tie-breaker, so pages never overlap.
ORDERINGS: dict[str, tuple[Any, ...]] = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "occupancy": ("occupancy", "name", "pk"),
    "-occupancy": ("-occupancy", "name", "pk"),
    "seats": ("seats", "name", "pk"),
    "-seats": ("-seats", "name", "pk"),
    "end": (F("ends_on").asc(nulls_last=True), "name", "pk"),
    "-end": (F("ends_on").desc(nulls_first=True), "name", "pk"),
}


def seat_holders(today: date) -> QuerySet[Placement]:
    """The placements that hold a seat today: the rule of services.seats_taken (open
    placements, and planned ones about to start)."""
    return (
        Placement.objects.filter(status__in=[PlacementStatus.PLANNED, PlacementStatus.ACTIVE])
        .filter(Q(actual_end__isnull=True) | Q(actual_end__gte=today))
        .filter(Q(planned_end__isnull=True) | Q(planned_end__gte=today))
    )


@dataclass(frozen=True)
class CentreFilters:
    search: str = ""
    state: str = ""  # "active", "upcoming", "ended" or "" for all
    underused: bool = False
    waiting: bool = False
    consultant: int | None = None  # the company's key account
    ordering: str = "name"

    def criterion(self) -> str:
        return "; ".join(
            f"{name}={value}"
            for name, value in self.__dict__.items()
            if value not in ("", None, False) and name != "ordering"
        )


def centre_list(
    filters: CentreFilters | None = None,
    *,
    today: date | None = None,
    underused_ids: set[int] | None = None,
) -> QuerySet[CentreContract]:
    """The jobcenter's virksomhedscentre with what a row shows: seats taken today, the
    occupancy in per cent and the number waiting, as subqueries of the one list query."""
    f = filters or CentreFilters()
    today = today or timezone.localdate()
    taken = (
        seat_holders(today)
        .filter(centre_contract=OuterRef("pk"))
        .order_by()
        .values("centre_contract")
        .annotate(n=Count("pk"))
        .values("n")
    )
    waiting = (
        WaitingListEntry.objects.filter(
            contract=OuterRef("pk"),
            status=WaitingStatus.WAITING,
            candidate__anonymised_at__isnull=True,
        )
        .order_by()
        .values("contract")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = CentreContract.objects.select_related("company", "workplace", "company__key_account")
    qs = qs.annotate(
        taken=Coalesce(Subquery(taken, output_field=IntegerField()), Value(0)),
        waiting_count=Coalesce(Subquery(waiting, output_field=IntegerField()), Value(0)),
    ).annotate(
        occupancy=ExpressionWrapper(
            F("taken") * Value(100.0) / F("seats"), output_field=FloatField()
        )
    )
    if f.search:
        words = f.search.strip()
        qs = qs.filter(
            Q(name__icontains=words)
            | Q(company__name__icontains=words)
            | Q(company__cvr=words.replace(" ", ""))
        )
    if f.state == "active":
        qs = qs.filter(starts_on__lte=today).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    elif f.state == "upcoming":
        qs = qs.filter(starts_on__gt=today)
    elif f.state == "ended":
        qs = qs.filter(ends_on__lt=today)
    if f.underused:
        ids = underused_ids if underused_ids is not None else set(underused(today=today))
        qs = qs.filter(pk__in=ids)
    if f.waiting:
        qs = qs.filter(waiting_count__gt=0)
    if f.consultant:
        qs = qs.filter(company__key_account_id=f.consultant)
    return qs.order_by(*ORDERINGS.get(f.ordering, ORDERINGS["name"]))


def centre_get_for_user(*, user: User, public_id: object) -> CentreContract:
    """A contract of the current jobcenter, with its list figures; 404 for missing and
    foreign."""
    found = centre_list().select_related("agreement").filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def centre_seats(*, contract: CentreContract, today: date | None = None) -> list[Placement]:
    """The placements that fill the contract's seats today, soonest ending first."""
    today = today or timezone.localdate()
    return list(
        seat_holders(today)
        .filter(centre_contract=contract, candidate__anonymised_at__isnull=True)
        .select_related("candidate", "consultant", "placement_type")
        .order_by(F("planned_end").asc(nulls_last=True), "pk")
    )


def centre_waiting_list(*, contract: CentreContract) -> list[WaitingListEntry]:
    """Who waits, first come first served (the position is the index + 1)."""
    return list(
        WaitingListEntry.objects.filter(
            contract=contract,
            status=WaitingStatus.WAITING,
            candidate__anonymised_at__isnull=True,
        )
        .select_related("candidate", "added_by")
        .order_by("added_at", "pk")
    )


def waiting_entry_get_for_user(
    *, user: User, contract: CentreContract, public_id: object
) -> WaitingListEntry:
    found = (
        WaitingListEntry.objects.filter(
            contract=contract, public_id=public_id, candidate__anonymised_at__isnull=True
        )
        .select_related("candidate")
        .first()
    )
    if found is None:
        raise Http404
    return found


def centre_target_groups(*, contract: CentreContract) -> list[Any]:
    return [
        link.target_group
        for link in CentreTargetGroup.objects.filter(contract=contract)
        .select_related("target_group")
        .order_by("target_group__sort_order", "target_group__name")
    ]


def centre_mentors(*, contract: CentreContract) -> list[CentreMentor]:
    return list(
        CentreMentor.objects.filter(contract=contract)
        .select_related("contact")
        .order_by("contact__name")
    )


def unread_alerts(*, user: User) -> list[CentreAlert]:
    """The person's under-use alerts not yet read (one per contract: the newest week)."""
    alerts = (
        CentreAlert.objects.filter(recipient=user, read_at__isnull=True)
        .select_related("contract", "contract__company")
        .order_by("contract_id", "-week")
        .distinct("contract_id")
    )
    return sorted(alerts, key=lambda a: a.contract.name)


# --- Occupancy over time ---------------------------------------------------------------------

PERCENT = Decimal("0.1")


@dataclass(frozen=True)
class Bucket:
    """A week or a month of the contract: `stop` is the day after its last day."""

    start: date
    stop: date
    seat_days: int
    seats: int

    @property
    def days(self) -> int:
        return (self.stop - self.start).days

    @property
    def last(self) -> date:
        return self.stop - timedelta(days=1)

    @property
    def average(self) -> Decimal:
        """Seats taken on an average day of the bucket."""
        return (Decimal(self.seat_days) / self.days).quantize(PERCENT, ROUND_HALF_UP)

    @property
    def occupancy(self) -> Decimal:
        """Per cent of the seat-days the contract offered that were used."""
        return (Decimal(self.seat_days) * 100 / (self.seats * self.days)).quantize(
            PERCENT, ROUND_HALF_UP
        )


@dataclass(frozen=True)
class Occupancy:
    unit: str  # "week" or "month"
    start: date | None
    end: date | None
    buckets: list[Bucket] = field(default_factory=list)


OCCUPANCY_SQL = """
WITH bucket AS (
    SELECT greatest(g::date, %(start)s::date) AS start,
           least((g + %(step)s::interval)::date, %(stop)s::date) AS stop
    FROM generate_series(
        date_trunc(%(unit)s, %(start)s::timestamp), %(end)s::timestamp, %(step)s::interval
    ) AS g
)
SELECT bucket.start, bucket.stop,
       COALESCE(sum(upper(p.period * daterange(bucket.start, bucket.stop))
                    - lower(p.period * daterange(bucket.start, bucket.stop))), 0) AS seat_days
FROM bucket
LEFT JOIN placements_placement p
       ON p.tenant_id = %(tenant)s
      AND p.centre_contract_id = %(contract)s
      AND p.period && daterange(bucket.start, bucket.stop)
GROUP BY bucket.start, bucket.stop
ORDER BY bucket.start
"""

MAX_YEARS = 2
WEEKS_UP_TO_DAYS = 183


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def centre_occupancy(*, contract: CentreContract, today: date | None = None) -> Occupancy:
    """The contract's occupancy per week (a period up to half a year) or per month, from its
    start to today or its end, at most the last two years: seat-days used against seat-days
    offered, counted in one query over the placements' day ranges. Every placement linked to
    the contract counts for the days it ran (or is planned to run)."""
    today = today or timezone.localdate()
    end = min(contract.ends_on, today) if contract.ends_on else today
    start = max(contract.starts_on, _years_before(end, MAX_YEARS) + timedelta(days=1))
    if end < start:
        return Occupancy(unit="week", start=None, end=None)
    unit = "week" if (end - start).days < WEEKS_UP_TO_DAYS else "month"
    params = {
        "start": start,
        "end": end,
        "stop": end + timedelta(days=1),
        "unit": unit,
        "step": f"1 {unit}",
        "tenant": current_tenant_id(),
        "contract": contract.pk,
    }
    with connection.cursor() as cursor:
        cursor.execute(OCCUPANCY_SQL, params)
        rows = cursor.fetchall()
    return Occupancy(
        unit=unit,
        start=start,
        end=end,
        buckets=[Bucket(row[0], row[1], int(row[2]), contract.seats) for row in rows],
    )


# --- Under-use -------------------------------------------------------------------------------

UNDERUSE_SQL = """
WITH contract AS (
    SELECT id, seats, underuse_share, underuse_weeks
    FROM partnerships_centrecontract
    WHERE tenant_id = %(tenant)s
      AND (%(contract)s::bigint IS NULL OR id = %(contract)s::bigint)
      AND starts_on <= %(monday)s::date - 7 * underuse_weeks
      AND (ends_on IS NULL OR ends_on >= %(monday)s::date - 1)
), week AS (
    SELECT contract.id, contract.seats, contract.underuse_share,
           %(monday)s::date - 7 * n AS start
    FROM contract CROSS JOIN LATERAL generate_series(1, contract.underuse_weeks) AS n
), used AS (
    SELECT week.id, week.seats, week.underuse_share, week.start,
           COALESCE((
               SELECT sum(upper(p.period * daterange(week.start, week.start + 7))
                          - lower(p.period * daterange(week.start, week.start + 7)))
               FROM placements_placement p
               WHERE p.tenant_id = %(tenant)s
                 AND p.centre_contract_id = week.id
                 AND p.period && daterange(week.start, week.start + 7)
           ), 0) AS seat_days
    FROM week
)
SELECT id, array_agg(round(seat_days * 100.0 / (seats * 7), 1) ORDER BY start)
FROM used
GROUP BY id
HAVING bool_and(seat_days * 100 < seats * 7 * underuse_share)
"""


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def underused(
    *, today: date | None = None, contract: CentreContract | None = None
) -> dict[int, list[Decimal]]:
    """The contracts whose occupancy was under their share (default 80 %) in each of their
    last whole weeks (default 4) before this week: contract id → those weeks' occupancy in
    per cent, oldest first. A contract counts only when it ran through all those weeks. One
    query for the whole jobcenter (or the one `contract`)."""
    today = today or timezone.localdate()
    params = {
        "tenant": current_tenant_id(),
        "monday": week_start(today),
        "contract": contract.pk if contract else None,
    }
    with connection.cursor() as cursor:
        cursor.execute(UNDERUSE_SQL, params)
        return {row[0]: [Decimal(v) for v in row[1]] for row in cursor.fetchall()}
