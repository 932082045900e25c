"""What an agreement's commitments have delivered: each cooperation area is counted by one
stated rule, in the commitment's window (the current agreement year, or the whole period),
from the placements linked to the agreement and the contact log of its company.

Counted in SQL, in a few queries for any number of commitments: the windows are worked out here
and sent along as a table of values, so a list of agreements never asks once per row.

An app above partnerships may count an area from its own tables (networks counts "Deltagelse
i netværk" from meeting attendance): it registers an `AreaCounter` with `register_area_counter`,
as placements registers its part of a candidate's data with candidates.subject_access, since
partnerships must not import it. A registered area is counted by that SQL and rule only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.tenancy import current_tenant_id
from companies.models import ActivityType
from partnerships.models import Agreement, Area, Commitment, Per

# How each area is counted from placements: what one is, and the rule in words (shown on
# screen). A placement counts once it has started (on its first day, in the window); one that
# is only planned does not count yet.
PLACEMENT_AREAS = {
    Area.INTERNSHIPS: (
        "placements",
        _(
            "Tæller forløb af typen virksomhedspraktik, knyttet til aftalen, der er startet i "
            "perioden. Et planlagt forløb tæller først, når det er startet."
        ),
    ),
    Area.WAGE_SUBSIDY: (
        "placements",
        _(
            "Tæller løntilskudsforløb (privat og offentlig), knyttet til aftalen, der er "
            "startet i perioden. Et planlagt forløb tæller først, når det er startet."
        ),
    ),
    Area.ORDINARY_HIRES: (
        "persons",
        _(
            "Tæller personer ansat på ordinære vilkår: forløb af en ordinær type eller med "
            "resultatet ordinært job, knyttet til aftalen, der er startet i perioden. Et "
            "planlagt forløb tæller først, når det er startet. En person tæller én gang."
        ),
    ),
    Area.MENTOR: (
        "placements",
        _(
            "Tæller forløb med en mentor i virksomheden, knyttet til aftalen, der er startet i "
            "perioden. Et planlagt forløb tæller først, når det er startet."
        ),
    ),
    Area.UPSKILLING_UNEMPLOYED: (
        "persons",
        _(
            "Tæller personer i uddannelsesforløb, knyttet til aftalen, der er startet i "
            "perioden. Et planlagt forløb tæller først, når det er startet. Én gang pr. person."
        ),
    ),
}

# The areas counted from the contact log: which kinds of contact count, and the rule in words.
# Only contacts that have taken place count, never a planned one.
MEETINGS = (ActivityType.NETWORK_EVENT, ActivityType.MEETING, ActivityType.VISIT)
ACTIVITY_AREAS = {
    Area.NETWORK: (
        (ActivityType.NETWORK_EVENT,),
        _(
            "Tæller netværksarrangementer i kontaktloggen med virksomheden i perioden"
            "%(purpose)s. Planlagte kontakter tæller ikke."
        ),
    ),
    Area.EVENTS: (
        MEETINGS,
        _(
            "Tæller arrangementer, møder og besøg i kontaktloggen med virksomheden i perioden"
            "%(purpose)s; telefon, e-mail og henvendelser tæller ikke. Planlagte kontakter "
            "tæller ikke."
        ),
    ),
    Area.ROLE_MODELS: (
        MEETINGS,
        _(
            "Tæller arrangementer, møder og besøg i kontaktloggen med virksomheden i perioden"
            "%(purpose)s; telefon, e-mail og henvendelser tæller ikke. Planlagte kontakter "
            "tæller ikke."
        ),
    ),
    **{
        area: (
            tuple(ActivityType),
            _(
                "Tæller alle kontakter i kontaktloggen med virksomheden i perioden%(purpose)s: "
                "besøg, møder, arrangementer, telefon, e-mail og henvendelser. Planlagte "
                "kontakter tæller ikke."
            ),
        )
        for area in (Area.UPSKILLING_EMPLOYEES, Area.RETENTION, Area.OTHER)
    },
}
UNITS = {
    "placements": _("forløb"),
    "persons": _("personer"),
    "events": _("kontakter"),
}


@dataclass(frozen=True)
class AreaCounter:
    """How an app above counts an area. `sql` is a SELECT of (commitment id, count) over the
    commitments in the relation named {c} (columns id, area, agreement_id, company_id, starts,
    ends, purpose_id; starts and ends are dates, both included) for the rows of its area only;
    {tenant} is the current jobcenter's id, bound as a parameter."""

    area: str
    unit: Any  # a (lazy) text: "møder"
    rule: Any  # the counting rule in words, shown beside the figure
    sql: str


_COUNTERS: dict[str, AreaCounter] = {}


def register_area_counter(counter: AreaCounter) -> AreaCounter:
    _COUNTERS[counter.area] = counter
    return counter


def area_counters() -> dict[str, AreaCounter]:
    return dict(_COUNTERS)


@dataclass(frozen=True)
class Window:
    starts: date
    ends: date
    elapsed: float  # share of the window that has passed, 0–1


def window(commitment: Commitment, agreement: Agreement, today: date | None = None) -> Window:
    """The period a commitment's target is for, as of today: the whole agreement, or the
    agreement year we are in (the last one, once it has ended)."""
    today = today or timezone.localdate()
    end = agreement.ends_on or date.max
    if commitment.per == Per.AGREEMENT:
        starts, ends = agreement.starts_on, end
    else:
        day = min(max(today, agreement.starts_on), end)
        years = relativedelta(day, agreement.starts_on).years
        starts = agreement.starts_on + relativedelta(years=years)
        ends = min(starts + relativedelta(years=1) - timedelta(days=1), end)
    if today < starts or ends == date.max:
        # Not begun, or a target for an open-ended agreement: nothing is due yet.
        elapsed = 0.0
    elif today >= ends:
        elapsed = 1.0
    else:
        elapsed = ((today - starts).days + 1) / ((ends - starts).days + 1)
    return Window(starts, ends, elapsed)


@dataclass(frozen=True)
class Delivery:
    commitment: Commitment
    window: Window
    actual: int
    unit: str
    rule: str

    @property
    def expected_now(self) -> int:
        """What should have been reached by today, pro rata over the window."""
        return int(self.commitment.target * self.window.elapsed)

    @property
    def is_behind(self) -> bool:
        return self.actual < self.expected_now

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.actual / self.commitment.target))


def rule_for(commitment: Commitment) -> tuple[str, str]:
    """(unit, the counting rule in words)."""
    if commitment.area in _COUNTERS:
        counter = _COUNTERS[commitment.area]
        return str(counter.unit), str(counter.rule)
    if commitment.area in PLACEMENT_AREAS:
        unit, rule = PLACEMENT_AREAS[Area(commitment.area)]
        return str(UNITS[unit]), str(rule)
    purpose = (
        str(_(" med formålet »%(name)s«") % {"name": commitment.purpose.name})
        if commitment.purpose_id
        else ""
    )
    _types, rule = ACTIVITY_AREAS[Area(commitment.area)]
    return str(UNITS["events"]), str(rule % {"purpose": purpose})


# Which placements count for each area (on placements p joined with their type t).
PLACEMENT_CONDITIONS = {
    Area.INTERNSHIPS: "t.code = 'internship'",
    Area.WAGE_SUBSIDY: "t.code IN ('wage_subsidy_private', 'wage_subsidy_public')",
    Area.ORDINARY_HIRES: "(t.is_ordinary OR p.outcome = 'ordinary_job')",
    Area.MENTOR: "(p.mentor_id IS NOT NULL OR t.code = 'mentor')",
    Area.UPSKILLING_UNEMPLOYED: "t.is_education",
}


def placement_in_window(commitments: str) -> str:
    """SQL: placement p has started, on a day in the window of the row `commitments`."""
    return f"p.actual_start BETWEEN {commitments}.starts AND {commitments}.ends"


def placement_counts(commitments: str) -> str:
    """SQL: the CASE on `commitments`.area that says whether placement p (type t) counts."""
    cases = " ".join(
        f"WHEN '{area.value}' THEN {condition}" for area, condition in PLACEMENT_CONDITIONS.items()
    )
    return f"CASE {commitments}.area {cases} ELSE false END"


def activity_counts(commitments: str) -> str:
    """SQL: whether contact a counts for the row `commitments` (its area's kinds of contact,
    its purpose if it has one, and only a contact that has taken place, in the window)."""
    cases = " ".join(
        f"WHEN '{area.value}' THEN a.type IN ({', '.join(repr(str(t)) for t in types)})"
        for area, (types, _rule) in ACTIVITY_AREAS.items()
    )
    return (
        f"NOT a.is_planned"
        f" AND a.occurred_at >= {commitments}.starts AND a.occurred_at < {commitments}.ends + 1"
        f" AND ({commitments}.purpose_id IS NULL OR a.purpose_id = {commitments}.purpose_id)"
        f" AND CASE {commitments}.area {cases} ELSE false END"
    )


def deliveries(commitments: Iterable[Commitment], today: date | None = None) -> list[Delivery]:
    """Target against actual for each commitment (with its agreement loaded)."""
    today = today or timezone.localdate()
    items = [(c, window(c, c.agreement, today)) for c in commitments]
    counts: dict[int, int] = {}
    if items:
        counts.update(_count_placements(items))
        counts.update(_count_activities(items))
        counts.update(_count_registered(items))
    result = []
    for commitment, span in items:
        unit, rule = rule_for(commitment)
        result.append(Delivery(commitment, span, counts.get(commitment.pk, 0), unit, rule))
    return result


def _values(items: list[tuple[Commitment, Window]], areas: set[str]) -> tuple[str, list[object]]:
    rows, params = [], []
    for commitment, span in items:
        if commitment.area not in areas:
            continue
        rows.append(
            "(%s::bigint, %s::text, %s::bigint, %s::bigint, %s::date, %s::date, %s::bigint)"
        )
        params += [
            commitment.pk,
            commitment.area,
            commitment.agreement_id,
            commitment.agreement.company_id,
            span.starts,
            min(span.ends, date(9999, 12, 31)),
            commitment.purpose_id,
        ]
    return ", ".join(rows), params


def _count_placements(items: list[tuple[Commitment, Window]]) -> dict[int, int]:
    values, params = _values(items, {a.value for a in PLACEMENT_AREAS})
    if not values:
        return {}
    persons = "', '".join(
        a.value for a, (unit, _rule) in PLACEMENT_AREAS.items() if unit == "persons"
    )
    sql = f"""
        WITH c (id, area, agreement_id, company_id, starts, ends, purpose_id) AS (VALUES {values})
        SELECT c.id,
               CASE WHEN c.area IN ('{persons}') THEN count(DISTINCT p.candidate_id)
                    ELSE count(p.id) END
        FROM c
        JOIN placements_placement p
          ON p.tenant_id = %s AND p.agreement_id = c.agreement_id AND {placement_in_window("c")}
        JOIN placements_placementtype t ON t.id = p.placement_type_id
        WHERE {placement_counts("c")}
        GROUP BY c.id, c.area
    """  # noqa: S608 - the conditions and areas are constants of this module
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, current_tenant_id()])
        return dict(cursor.fetchall())


def _count_activities(items: list[tuple[Commitment, Window]]) -> dict[int, int]:
    # The areas another app counts (register_area_counter) are left to its SQL.
    values, params = _values(items, {a.value for a in ACTIVITY_AREAS} - set(_COUNTERS))
    if not values:
        return {}
    sql = f"""
        WITH c (id, area, agreement_id, company_id, starts, ends, purpose_id) AS (VALUES {values})
        SELECT c.id, count(a.id)
        FROM c
        JOIN companies_activity a
          ON a.tenant_id = %s AND a.company_id = c.company_id AND {activity_counts("c")}
        GROUP BY c.id
    """  # noqa: S608 - the values are parameters, the conditions constants of this module
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, current_tenant_id()])
        return dict(cursor.fetchall())


def _count_registered(items: list[tuple[Commitment, Window]]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for area, counter in _COUNTERS.items():
        values, params = _values(items, {area})
        if not values:
            continue
        counted = counter.sql.format(c="c", tenant="%s")
        sql = (
            "WITH c (id, area, agreement_id, company_id, starts, ends, purpose_id) AS "
            f"(VALUES {values}) {counted}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *[current_tenant_id()] * counted.count("%s")])
            counts.update(dict(cursor.fetchall()))
    return counts


def agreement_deliveries(agreement: Agreement, today: date | None = None) -> list[Delivery]:
    commitments = agreement.commitments.select_related("agreement", "purpose").order_by("pk")
    return deliveries(commitments, today)


def behind_agreement_ids(today: date | None = None) -> set[int]:
    """The agreements (active today) with at least one commitment behind its pro rata target."""
    today = today or timezone.localdate()
    commitments = (
        Commitment.objects.select_related("agreement", "purpose")
        .filter(agreement__status="signed", agreement__starts_on__lte=today)
        .exclude(agreement__ends_on__lt=today)
    )
    return {d.commitment.agreement_id for d in deliveries(commitments, today) if d.is_behind}
