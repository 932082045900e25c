"""Matching (issue 6, item 7): for a job opening the candidates who fit it best, for a
candidate the open job openings that fit best, each with the reasons so the consultant sees why.

The score (0–100) is the sum of five weighted components; each component is a fraction from 0
to 1 times its weight (WEIGHTS):

- occupation (40): the opening's DISCO-08 occupation is one the candidate wishes for (1), has
  held (0.75), or is in the same DISCO-08 minor group (first three digits) as one the
  candidate wishes for or has held (0.4); otherwise 0. An opening without a DISCO-08 code
  gives everyone 0 here, so the other components decide.
- distance (20): the distance between the candidate's postcode area and the opening's (its own
  postcode, else the workplace's, else the company's): 1 at 0 km, falling to 0.5 at the
  candidate's max_travel_km (DEFAULT_REACH_KM when none is given), 0 beyond it; 0.5 when a
  postcode is missing. Distances are approximate distances between postcode-area centres
  (placements.models.Postcode), straight lines, not routes.
- hours (15): the candidate's available hours over the opening's hours, at most 1; 0.5 when
  either is unknown.
- availability (15): 1 when the candidate is active and holds no planned or running placement
  of an exclusive type on the opening's wished start (today if none or past); else 0.
- target group (10): 1 when the opening is meant for no particular target groups, or for the
  candidate's; else 0.

Everything that decides the order is computed in one SQL statement per call, with the top
`limit` rows only leaving the database; when the best candidates in the opening's DISCO-08
group already beat anyone outside it, the others are not scored at all (CANDIDATES_RANKED).
Matching one opening against 200,000 candidates stays well under the issue's 500 ms
(tests/perf/test_matching_perf.py). The statement is written in SQL, not with the ORM,
because a candidate's postcode is not a foreign key: the ORM could only look up the
coordinates with a subquery per candidate, which is what the budget cannot afford. It keeps
the tenant in every tenant table's condition (row-level security holds underneath too). A few
queries, as many whatever the number of candidates, then load what the explanations name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.tenancy import current_tenant_id
from candidates.models import Candidate, CandidateOccupation, CandidateStatus
from companies.models import JobOpening, OpeningStatus
from placements.models import Placement, PlacementStatus, Postcode

WEIGHTS = {
    "occupation": 40,
    "distance": 20,
    "hours": 15,
    "availability": 15,
    "target_group": 10,
}
LABELS = {
    "occupation": gettext_lazy("Fag"),
    "distance": gettext_lazy("Afstand"),
    "hours": gettext_lazy("Timer"),
    "availability": gettext_lazy("Rådighed"),
    "target_group": gettext_lazy("Målgruppe"),
}
OCCUPATION_FRACTIONS = {"wished": 1.0, "held": 0.75, "related": 0.4}
# How far a candidate is taken to travel when their profile does not say.
DEFAULT_REACH_KM = 25
DEFAULT_LIMIT = 50
MAX_LIMIT = 100
OPEN_OPENINGS = (OpeningStatus.NEW, OpeningStatus.HANDED_OVER, OpeningStatus.IN_PROGRESS)
BUSY_STATUSES = (PlacementStatus.PLANNED, PlacementStatus.ACTIVE)


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    weight: int
    points: float
    reason: str


@dataclass(frozen=True)
class Match:
    candidate: Candidate
    opening: JobOpening
    score: int
    distance_km: float | None
    components: tuple[Component, ...]


# --- SQL ----------------------------------------------------------------------------------------


# Kilometres from one postcode area (`%(here)s`) to every other, computed once per query for
# the 8,800 areas rather than once per candidate, then joined by code. Equirectangular: at
# Danish distances (under 400 km) it is within a fraction of a percent of the great-circle one.
# km is NULL when `here` is missing or not a known postcode.
DISTANCES = """
SELECT p.code,
       CASE WHEN h.code IS NULL THEN NULL
            ELSE 6371.0 * sqrt(
                power(radians(p.longitude - h.longitude)
                      * cos(radians((p.latitude + h.latitude) / 2)), 2)
                + power(radians(p.latitude - h.latitude), 2)) END AS km
FROM placements_postcode AS p
LEFT JOIN placements_postcode AS h ON h.code = %(here)s
"""

# The fraction (0 to 1) each component gives one row of facts (`{row}`); the facts queries name
# their columns as used here. occupation_level is 3 for a wished occupation, 2 held, 1 related,
# 0 none, NULL when the opening has no DISCO-08 code.
FRACTIONS = {
    "occupation": """CASE {row}.occupation_level
        WHEN 3 THEN %(f_wished)s::float8 WHEN 2 THEN %(f_held)s::float8
        WHEN 1 THEN %(f_related)s::float8 ELSE 0 END""",
    "distance": """CASE
        WHEN {row}.distance_km IS NULL THEN 0.5
        WHEN {row}.distance_km > {row}.reach_km THEN 0
        WHEN {row}.reach_km = 0 THEN 1
        ELSE 1 - 0.5 * {row}.distance_km / {row}.reach_km END""",
    "hours": """CASE
        WHEN {row}.candidate_hours IS NULL OR {row}.opening_hours IS NULL THEN 0.5
        WHEN {row}.candidate_hours >= {row}.opening_hours THEN 1
        ELSE {row}.candidate_hours / {row}.opening_hours END""",
    "availability": "CASE WHEN {row}.active AND NOT {row}.busy THEN 1 ELSE 0 END",
    "target_group": "CASE WHEN {row}.open_to_all OR {row}.group_fits THEN 1 ELSE 0 END",
}

# Every row gets its score (and nothing else: at 200,000 rows every expression counts); only
# the best `limit` rows then get their points per component, from the same FRACTIONS, so the
# points always add up to the score. The same for both directions.
RANKED = """
SELECT r.*, {points}
FROM (
    SELECT f.*, {score} AS score
    FROM ({facts}) AS f
    ORDER BY score DESC, f.distance_km ASC NULLS LAST, f.candidate_id, f.opening_id
    LIMIT %(limit)s
) AS r
ORDER BY r.score DESC, r.distance_km ASC NULLS LAST, r.candidate_id, r.opening_id
"""


def _points(key: str, row: str) -> str:
    return "%(w_" + key + ")s::float8 * (" + FRACTIONS[key].replace("{row}", row) + ")"


# One opening against the active candidates of the jobcenter, in two shapes with the same
# columns. OCCUPATIONS: per candidate, the best level of their occupations in the opening's
# DISCO-08 minor group (3 wished, 2 held the opening's own code, 1 another in the group).
OCCUPATIONS = """
SELECT co.candidate_id,
       max(CASE WHEN co.occupation_id = %(occupation)s AND co.kind = 'wished' THEN 3
                WHEN co.occupation_id = %(occupation)s THEN 2
                ELSE 1 END) AS level
FROM candidates_candidateoccupation AS co
JOIN candidates_occupation AS x ON x.id = co.occupation_id
WHERE co.tenant_id = %(tenant)s AND left(x.code, 3) = %(occupation_group)s
GROUP BY co.candidate_id
"""

CANDIDATE_FACTS = """
SELECT c.id AS candidate_id,
       %(opening)s::bigint AS opening_id,
       CASE WHEN %(occupation)s::bigint IS NULL THEN NULL
            ELSE COALESCE(occ.level, 0) END AS occupation_level,
       c.hours_per_week::float8 AS candidate_hours,
       %(opening_hours)s::float8 AS opening_hours,
       d.km AS distance_km,
       COALESCE(c.max_travel_km, %(reach)s)::float8 AS reach_km,
       %(open_to_all)s AS open_to_all,
       COALESCE(c.target_group_id = ANY(%(groups)s::bigint[]), false) AS group_fits,
       {busy} AS busy,
       true AS active
{source}
"""

# In an exclusive placement on the start day.
BUSY = """
pl.tenant_id = %(tenant)s AND pl.is_exclusive
AND pl.status = ANY(%(busy_statuses)s::text[]) AND pl.status <> 'interrupted'
AND pl.period @> %(start)s::date
"""

# Everyone: distances, occupations and exclusive placements joined as sets (hash joins), never
# looked up per candidate.
EVERYONE_BUSY = "busy.candidate_id IS NOT NULL"
EVERYONE = """
FROM candidates_candidate AS c
LEFT JOIN ({distances}) AS d ON d.code = c.postcode
LEFT JOIN ({occupations}) AS occ ON occ.candidate_id = c.id
LEFT JOIN (SELECT DISTINCT pl.candidate_id FROM placements_placement AS pl WHERE {busy_where})
       AS busy ON busy.candidate_id = c.id
WHERE c.tenant_id = %(tenant)s AND c.status = 'active' AND c.anonymised_at IS NULL
"""

# Only the candidates with an occupation in the opening's group (a few thousand of 200,000),
# each looked up by key: OFFSET 0 keeps the lateral subquery from being turned into a hash
# join, which would read every candidate again.
NEAR_BUSY = """
EXISTS (SELECT 1 FROM placements_placement AS pl WHERE pl.candidate_id = c.id AND {busy_where})
"""
NEAR = """
FROM ({occupations}) AS occ
CROSS JOIN LATERAL (
    SELECT * FROM candidates_candidate AS c
    WHERE c.id = occ.candidate_id AND c.tenant_id = %(tenant)s AND c.status = 'active'
      AND c.anonymised_at IS NULL
    OFFSET 0
) AS c
LEFT JOIN ({distances}) AS d ON d.code = c.postcode
"""

# A candidate outside the opening's DISCO-08 group gets no occupation points, so scores at
# most `rest_max`. When the best `limit` candidates inside the group all score more, they are
# the answer, and the other candidates (most of the 200,000) are never scored: PostgreSQL
# skips a UNION branch whose condition is false before running it. Otherwise (no DISCO-08
# code, too few in the group, or low scores) everyone is ranked. Same rows either way.
CANDIDATES_RANKED = """
WITH near AS MATERIALIZED ({ranked_near})
SELECT * FROM near
WHERE (SELECT count(*) = %(limit)s AND min(score) > %(rest_max)s FROM near)
UNION ALL
SELECT * FROM ({ranked_all}) AS everyone
WHERE NOT (SELECT count(*) = %(limit)s AND min(score) > %(rest_max)s FROM near)
ORDER BY score DESC, distance_km ASC NULLS LAST, candidate_id, opening_id
"""

# One candidate against every open opening of the jobcenter (hundreds or thousands of rows).
OPENING_FACTS = """
SELECT %(candidate)s::bigint AS candidate_id,
       o.id AS opening_id,
       CASE WHEN o.occupation_code_id IS NULL THEN NULL
            WHEN o.occupation_code_id IN (
                SELECT occupation_id FROM candidates_candidateoccupation
                WHERE tenant_id = %(tenant)s AND candidate_id = %(candidate)s AND kind = 'wished'
            ) THEN 3
            WHEN o.occupation_code_id IN (
                SELECT occupation_id FROM candidates_candidateoccupation
                WHERE tenant_id = %(tenant)s AND candidate_id = %(candidate)s
            ) THEN 2
            WHEN left(oc.code, 3) IN (
                SELECT left(x.code, 3) FROM candidates_candidateoccupation AS co
                JOIN candidates_occupation AS x ON x.id = co.occupation_id
                WHERE co.tenant_id = %(tenant)s AND co.candidate_id = %(candidate)s
            ) THEN 1
            ELSE 0 END AS occupation_level,
       %(candidate_hours)s::float8 AS candidate_hours,
       o.hours_per_week::float8 AS opening_hours,
       d.km AS distance_km,
       %(reach_km)s::float8 AS reach_km,
       NOT EXISTS (
           SELECT 1 FROM companies_jobopeningtargetgroup AS g
           WHERE g.tenant_id = %(tenant)s AND g.opening_id = o.id
       ) AS open_to_all,
       EXISTS (
           SELECT 1 FROM companies_jobopeningtargetgroup AS g
           WHERE g.tenant_id = %(tenant)s AND g.opening_id = o.id
             AND g.target_group_id = %(target_group)s
       ) AS group_fits,
       EXISTS (
           SELECT 1 FROM placements_placement AS pl
           WHERE pl.tenant_id = %(tenant)s AND pl.candidate_id = %(candidate)s
             AND pl.is_exclusive AND pl.status = ANY(%(busy_statuses)s::text[])
             AND pl.status <> 'interrupted'
             AND pl.period @> GREATEST(COALESCE(o.wished_start, %(today)s), %(today)s)
       ) AS busy,
       %(active)s AS active
FROM companies_jobopening AS o
JOIN companies_company AS company ON company.id = o.company_id
LEFT JOIN companies_workplace AS w ON w.id = o.workplace_id
LEFT JOIN candidates_occupation AS oc ON oc.id = o.occupation_code_id
LEFT JOIN ({distances}) AS d
       ON d.code = COALESCE(NULLIF(o.postcode, ''), NULLIF(w.postcode, ''), company.postcode)
WHERE o.tenant_id = %(tenant)s AND company.tenant_id = %(tenant)s
  AND o.status = ANY(%(open_statuses)s::text[]) AND company.status <> 'ceased'
"""

LEVELS = {3: "wished", 2: "held", 1: "related", 0: "none"}


def _ranked(facts: str) -> str:
    for name, part in (
        ("{distances}", DISTANCES),
        ("{occupations}", OCCUPATIONS),
        ("{busy_where}", BUSY),
    ):
        facts = facts.replace(name, part)
    points = ", ".join(f"{_points(key, 'r')} AS {key}_points" for key in FRACTIONS)
    score = " + ".join(_points(key, "f") for key in FRACTIONS)
    return RANKED.replace("{points}", points).replace("{score}", score).replace("{facts}", facts)


def candidates_sql() -> str:
    near = CANDIDATE_FACTS.replace("{busy}", NEAR_BUSY).replace("{source}", NEAR)
    everyone = CANDIDATE_FACTS.replace("{busy}", EVERYONE_BUSY).replace("{source}", EVERYONE)
    return CANDIDATES_RANKED.replace("{ranked_near}", _ranked(near)).replace(
        "{ranked_all}", _ranked(everyone)
    )


def openings_sql() -> str:
    return _ranked(OPENING_FACTS)


def _common_params(limit: int) -> dict[str, Any]:
    return {
        **{f"w_{key}": float(weight) for key, weight in WEIGHTS.items()},
        **{f"f_{kind}": fraction for kind, fraction in OCCUPATION_FRACTIONS.items()},
        "reach": DEFAULT_REACH_KM,
        "limit": max(1, min(limit, MAX_LIMIT)),
        "tenant": current_tenant_id(),
        "busy_statuses": [str(s) for s in BUSY_STATUSES],
    }


def _rows(sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        row["occupation"] = LEVELS.get(row["occupation_level"])
    return rows


def _areas(codes: Iterable[str]) -> dict[str, Postcode]:
    """The postcode areas of these codes that are known (Postcode is global reference data)."""
    wanted = {code for code in codes if code}
    return Postcode.objects.in_bulk(wanted, field_name="code") if wanted else {}


# --- the two directions -----------------------------------------------------------------------


def start_day(opening: JobOpening, today: date | None = None) -> date:
    """The day availability is judged on: the wished start, or today when none or past."""
    today = today or timezone.localdate()
    if opening.wished_start and opening.wished_start > today:
        return opening.wished_start
    return today


def candidates_for_opening(*, opening: JobOpening, limit: int = DEFAULT_LIMIT) -> list[Match]:
    """The jobcenter's active candidates who fit the opening best, best first (at most
    `limit`, never more than MAX_LIMIT)."""
    start = start_day(opening)
    code = opening.occupation_code
    groups = list(opening.target_groups.all())
    params = {
        **_common_params(limit),
        "rest_max": float(sum(WEIGHTS.values()) - WEIGHTS["occupation"]),
        "opening": opening.pk,
        "occupation": code.pk if code else None,
        "occupation_group": code.code[:3] if code else "",
        "opening_hours": opening.hours_per_week,
        "here": opening.work_postcode or None,
        "open_to_all": not groups,
        "groups": [group.pk for group in groups],
        "start": start,
    }
    rows = _rows(candidates_sql(), params)
    candidates = Candidate.objects.select_related("target_group").in_bulk(
        [row["candidate_id"] for row in rows]
    )
    areas = _areas([opening.work_postcode, *(c.postcode for c in candidates.values())])
    related = _related_occupations(
        [row["candidate_id"] for row in rows if row["occupation"] == "related"],
        group=code.code[:3] if code else "",
    )
    busy = _busy_placements([row["candidate_id"] for row in rows if row["busy"]], day=start)
    group_names = [group.name for group in groups]
    matches = []
    for row in rows:
        candidate = candidates.get(row["candidate_id"])
        if candidate is None:
            continue
        matches.append(
            _match(
                row,
                candidate=candidate,
                opening=opening,
                places=(areas.get(candidate.postcode), areas.get(opening.work_postcode)),
                related=related.get(row["candidate_id"]),
                busy=busy.get(row["candidate_id"]),
                start=start,
                group_names=group_names,
            )
        )
    return matches


def openings_for_candidate(*, candidate: Candidate, limit: int = DEFAULT_LIMIT) -> list[Match]:
    """The jobcenter's open job openings (new, handed over or in progress, in companies that
    have not ceased) that fit the candidate best, best first."""
    today = timezone.localdate()
    params = {
        **_common_params(limit),
        "candidate": candidate.pk,
        "candidate_hours": candidate.hours_per_week,
        "reach_km": (
            candidate.max_travel_km if candidate.max_travel_km is not None else DEFAULT_REACH_KM
        ),
        "here": candidate.postcode or None,
        "target_group": candidate.target_group_id,
        "active": candidate.status == CandidateStatus.ACTIVE and not candidate.is_anonymised,
        "today": today,
        "open_statuses": [str(s) for s in OPEN_OPENINGS],
    }
    rows = _rows(openings_sql(), params)
    openings = (
        JobOpening.objects.select_related("company", "workplace", "occupation_code")
        .prefetch_related("target_groups")
        .in_bulk([row["opening_id"] for row in rows])
    )
    areas = _areas([candidate.postcode, *(o.work_postcode for o in openings.values())])
    own = list(CandidateOccupation.objects.filter(candidate=candidate).select_related("occupation"))
    placements = list(
        Placement.objects.filter(
            candidate=candidate, is_exclusive=True, status__in=BUSY_STATUSES
        ).select_related("placement_type", "company")
    )
    matches = []
    for row in rows:
        opening = openings.get(row["opening_id"])
        if opening is None:
            continue
        start = start_day(opening, today)
        code = opening.occupation_code
        related = next(
            (
                o.occupation.title
                for o in own
                if code is not None and o.occupation.code[:3] == code.code[:3]
            ),
            None,
        )
        busy = next((p for p in placements if _covers(p, start)), None) if row["busy"] else None
        matches.append(
            _match(
                row,
                candidate=candidate,
                opening=opening,
                places=(areas.get(candidate.postcode), areas.get(opening.work_postcode)),
                related=related,
                busy=busy,
                start=start,
                group_names=[g.name for g in opening.target_groups.all()],
            )
        )
    return matches


# --- what the explanations name ---------------------------------------------------------------


def _related_occupations(candidate_ids: Sequence[int], *, group: str) -> dict[int, str]:
    """For each candidate, the title of an occupation of theirs in the DISCO-08 minor group."""
    if not candidate_ids or not group:
        return {}
    found: dict[int, str] = {}
    for row in (
        CandidateOccupation.objects.filter(
            candidate_id__in=candidate_ids, occupation__code__startswith=group
        )
        .select_related("occupation")
        .order_by("kind", "occupation__code")
    ):
        found.setdefault(row.candidate_id, row.occupation.title)
    return found


def _covers(placement: Placement, day: date) -> bool:
    return placement.start <= day and (placement.end is None or day <= placement.end)


def _busy_placements(candidate_ids: Sequence[int], *, day: date) -> dict[int, Placement]:
    """The exclusive placement each candidate is in on the day."""
    if not candidate_ids:
        return {}
    found: dict[int, Placement] = {}
    for placement in Placement.objects.filter(
        candidate_id__in=candidate_ids,
        is_exclusive=True,
        status__in=BUSY_STATUSES,
        period__contains=day,
    ).select_related("placement_type", "company"):
        found.setdefault(placement.candidate_id, placement)
    return found


# --- explanations -------------------------------------------------------------------------------


def _number(value: float | Decimal | int) -> str:
    """Danish style: 7,5 and 37 (no trailing ,0)."""
    text = f"{float(value):.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _place(area: Postcode) -> str:
    return f"{area.code} {area.town}".strip()


def _join(names: Iterable[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s og %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _occupation_reason(row: dict[str, Any], opening: JobOpening, related: str | None) -> str:
    code = opening.occupation_code
    if code is None:
        return _("Jobåbningen har ingen DISCO-08-stillingsbetegnelse, så fag tæller ikke med.")
    title = f"{code.title} ({code.code})"
    if row["occupation"] == "wished":
        return _("Ønsker at arbejde som %(title)s.") % {"title": title}
    if row["occupation"] == "held":
        return _("Har erfaring som %(title)s.") % {"title": title}
    if row["occupation"] == "related":
        values = {"other": related or "?", "group": code.code[:3], "title": title}
        return _("Beslægtet fag: %(other)s, samme DISCO-08-gruppe (%(group)s) som %(title)s.") % (
            values
        )
    return _("Hverken ønske om eller erfaring som %(title)s eller et beslægtet fag.") % {
        "title": title
    }


def _distance_reason(
    row: dict[str, Any], candidate: Candidate, places: tuple[Postcode | None, Postcode | None]
) -> str:
    distance = row["distance_km"]
    home, work = places
    if distance is None or home is None or work is None:
        if home is None:
            return _("Afstanden kendes ikke: kandidatens postnummer mangler eller er ukendt.")
        return _("Afstanden kendes ikke: jobbets postnummer mangler eller er ukendt.")
    reach = candidate.max_travel_km
    values = {
        "km": _number(round(distance)),
        "from": _place(home),
        "to": _place(work),
        "reach": reach if reach is not None else DEFAULT_REACH_KM,
    }
    if home.code == work.code:
        return _("Samme postnummer (%(to)s).") % values
    if distance > values["reach"]:
        if reach is None:
            message = _(
                "Ca. %(km)s km mellem %(from)s og %(to)s: længere end de %(reach)s km, der "
                "regnes med, når kandidaten ikke har angivet en grænse."
            )
        else:
            message = _(
                "Ca. %(km)s km mellem %(from)s og %(to)s: længere end de %(reach)s km, "
                "kandidaten kan rejse."
            )
    elif reach is None:
        message = _(
            "Ca. %(km)s km mellem %(from)s og %(to)s; inden for de %(reach)s km, der regnes "
            "med, når kandidaten ikke har angivet en grænse."
        )
    else:
        message = _("Ca. %(km)s km mellem %(from)s og %(to)s; kandidaten kan rejse %(reach)s km.")
    return message % values


def _hours_reason(row: dict[str, Any]) -> str:
    mine, theirs = row["candidate_hours"], row["opening_hours"]
    if mine is None and theirs is None:
        return _("Hverken kandidatens eller jobbets timetal kendes.")
    if mine is None:
        return _("Kandidatens timetal kendes ikke; jobbet er på %(theirs)s timer om ugen.") % {
            "theirs": _number(theirs)
        }
    if theirs is None:
        return _("Jobbets timetal kendes ikke; kandidaten kan arbejde %(mine)s timer.") % {
            "mine": _number(mine)
        }
    values = {"mine": _number(mine), "theirs": _number(theirs)}
    if mine >= theirs:
        return _("Kan arbejde %(mine)s timer om ugen; jobbet er på %(theirs)s.") % values
    return _("Kan arbejde %(mine)s af jobbets %(theirs)s timer om ugen.") % values


def _availability_reason(
    row: dict[str, Any], candidate: Candidate, busy: Placement | None, start: date
) -> str:
    day = f"{start:%d.%m.%Y}"
    if not row["active"]:
        return _("Kandidaten er ikke aktiv (%(status)s).") % {
            "status": candidate.get_status_display().lower()
        }
    if row["busy"]:
        if busy is None:
            return _("Er i et andet forløb den %(day)s.") % {"day": day}
        until = _(" til %(end)s") % {"end": f"{busy.end:%d.%m.%Y}"} if busy.end is not None else ""
        return _("Er i %(type)s hos %(company)s%(until)s: overlapper start %(day)s.") % {
            "type": busy.placement_type.name.lower(),
            "company": busy.company.name,
            "until": until,
            "day": day,
        }
    return _("Ledig til start %(day)s: intet andet forløb på det tidspunkt.") % {"day": day}


def _target_group_reason(row: dict[str, Any], candidate: Candidate, group_names: list[str]) -> str:
    if row["open_to_all"]:
        return _("Jobåbningen er ikke forbeholdt bestemte målgrupper.")
    own = candidate.target_group.name if candidate.target_group_id else None
    if row["group_fits"]:
        return _("Jobåbningen er tiltænkt målgruppen %(group)s.") % {"group": own}
    return _("Jobåbningen er tiltænkt %(groups)s; kandidaten er %(own)s.") % {
        "groups": _join(group_names),
        "own": own or _("ikke knyttet til en målgruppe"),
    }


def _match(
    row: dict[str, Any],
    *,
    candidate: Candidate,
    opening: JobOpening,
    places: tuple[Postcode | None, Postcode | None],
    related: str | None,
    busy: Placement | None,
    start: date,
    group_names: list[str],
) -> Match:
    reasons = {
        "occupation": _occupation_reason(row, opening, related),
        "distance": _distance_reason(row, candidate, places),
        "hours": _hours_reason(row),
        "availability": _availability_reason(row, candidate, busy, start),
        "target_group": _target_group_reason(row, candidate, group_names),
    }
    components = tuple(
        Component(
            key=key,
            label=str(LABELS[key]),
            weight=weight,
            points=round(float(row[f"{key}_points"]), 1),
            reason=reasons[key],
        )
        for key, weight in WEIGHTS.items()
    )
    distance = row["distance_km"]
    return Match(
        candidate=candidate,
        opening=opening,
        score=round(float(row["score"])),
        distance_km=round(float(distance), 1) if distance is not None else None,
        components=components,
    )
