"""Counting attendance, with the unit always said (DOMAIN.md section 4: attendances, distinct
persons, distinct companies by CVR number, company share), and K19, a network's health in a
period: meetings held, distinct attendees, company share, and goals with an owner. Turnout
alone is never success (002:L1468): the health always carries all four.

Counted in SQL, one statement for any number of meetings or networks.

- An attendance is one person at one meeting (the database keeps it one per person).
- A person is counted once across meetings by their person key: the contact person or staff
  member when known, otherwise the e-mail address, otherwise the name at the organisation.
- A company is counted once by its CVR number (an organisation in the register without one:
  by the register's row; a name typed at check-in: by the name). Only the organisations of
  company representatives are companies.
- Company share by persons: distinct company representatives / distinct persons. By
  organisations: distinct companies / distinct organisations present. With nobody present the
  share is None ("–"), not zero."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.tenancy import current_tenant_id
from networks.models import Network

UNITS = {
    "meetings": _("møder"),
    "attendances": _("fremmøder"),
    "persons": _("personer"),
    "companies": _("virksomheder (CVR)"),
    "organisations": _("organisationer"),
    "share": _("%"),
    "goals": _("mål"),
}


@dataclass(frozen=True)
class Figure:
    label: str
    value: int | Decimal | None  # None prints "–"
    unit: str


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class AttendanceCounts:
    attendances: int = 0
    persons: int = 0
    company_persons: int = 0
    companies: int = 0
    organisations: int = 0

    @property
    def company_share_persons(self) -> Decimal | None:
        return _share(self.company_persons, self.persons)

    @property
    def company_share_organisations(self) -> Decimal | None:
        return _share(self.companies, self.organisations)

    def figures(self) -> list[Figure]:
        return [
            Figure(str(_("Fremmøder")), self.attendances, str(UNITS["attendances"])),
            Figure(str(_("Forskellige personer")), self.persons, str(UNITS["persons"])),
            Figure(str(_("Forskellige virksomheder")), self.companies, str(UNITS["companies"])),
            Figure(
                str(_("Virksomhedsandel af personerne")),
                self.company_share_persons,
                str(UNITS["share"]),
            ),
            Figure(
                str(_("Virksomhedsandel af organisationerne")),
                self.company_share_organisations,
                str(UNITS["share"]),
            ),
        ]


# The attendances of the chosen meetings with each one's organisation key; {meetings} is a
# SELECT of (id, network_id) of the meetings to count.
_ATTENDANCE_SQL = """
SELECT {group} AS grp,
       count(*) AS attendances,
       count(DISTINCT a.person_key) AS persons,
       count(DISTINCT a.person_key) FILTER (WHERE a.category = 'company_rep') AS company_persons,
       count(DISTINCT CASE
           WHEN a.organisation_id IS NOT NULL THEN COALESCE(NULLIF(c.cvr, ''), 'id' || c.id::text)
           WHEN a.organisation_cvr <> '' THEN a.organisation_cvr
           WHEN btrim(a.organisation_name) <> '' THEN 'n' || lower(btrim(a.organisation_name))
       END) FILTER (WHERE a.category = 'company_rep') AS companies,
       count(DISTINCT CASE
           WHEN a.organisation_id IS NOT NULL THEN COALESCE(NULLIF(c.cvr, ''), 'id' || c.id::text)
           WHEN a.organisation_cvr <> '' THEN a.organisation_cvr
           WHEN btrim(a.organisation_name) <> '' THEN 'n' || lower(btrim(a.organisation_name))
       END) AS organisations
FROM ({meetings}) AS m
JOIN networks_attendance a ON a.tenant_id = %(tenant)s AND a.meeting_id = m.id
LEFT JOIN companies_company c ON c.id = a.organisation_id
GROUP BY grp
"""

_MEETINGS_HELD = """
SELECT id, network_id FROM networks_meeting
WHERE tenant_id = %(tenant)s AND cancelled_at IS NULL
  AND date BETWEEN %(starts)s AND %(ends)s AND date <= %(as_of)s
"""


def _rows(sql: str, params: dict[str, object]) -> dict[object, AttendanceCounts]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            row[0]: AttendanceCounts(
                attendances=row[1],
                persons=row[2],
                company_persons=row[3],
                companies=row[4],
                organisations=row[5],
            )
            for row in cursor.fetchall()
        }


def meeting_attendance_counts(meeting_ids: Iterable[int]) -> dict[int, AttendanceCounts]:
    """Per meeting (for a list of meetings): one statement."""
    ids = sorted(set(meeting_ids))
    if not ids:
        return {}
    sql = _ATTENDANCE_SQL.format(
        group="m.id",
        meetings=(
            "SELECT id, network_id FROM networks_meeting "
            "WHERE tenant_id = %(tenant)s AND id = ANY(%(ids)s)"
        ),
    )
    counts = _rows(sql, {"tenant": current_tenant_id(), "ids": ids})
    return {pk: counts.get(pk, AttendanceCounts()) for pk in ids}


def attendance_counts(
    *,
    starts: date,
    ends: date,
    network: Network | None = None,
    as_of: date | None = None,
) -> AttendanceCounts:
    """For one network, or the whole jobcenter, over the meetings held in a period."""
    meetings = _MEETINGS_HELD + (" AND network_id = %(network)s" if network else "")
    sql = _ATTENDANCE_SQL.format(group="1", meetings=meetings)
    params = {
        "tenant": current_tenant_id(),
        "starts": starts,
        "ends": ends,
        "as_of": as_of or timezone.localdate(),
        "network": network.pk if network else None,
    }
    return _rows(sql, params).get(1, AttendanceCounts())


# --- K19 ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkHealth:
    """K19 for one network and period. Meetings held are the meetings in the period that
    were not cancelled and whose day has come; goals are the groups' goals of those meetings,
    and a goal has an owner when a collaboration group has taken it up or an action item with
    an owner carries it."""

    network_id: int
    starts: date
    ends: date
    meetings_held: int = 0
    counts: AttendanceCounts = field(default_factory=AttendanceCounts)
    goals: int = 0
    goals_with_owner: int = 0

    @property
    def goals_with_owner_share(self) -> Decimal | None:
        return _share(self.goals_with_owner, self.goals)

    def figures(self) -> list[Figure]:
        """Every figure with its unit, in the order a page shows them."""
        c = self.counts
        return [
            Figure(str(_("Møder holdt")), self.meetings_held, str(UNITS["meetings"])),
            Figure(str(_("Fremmøder")), c.attendances, str(UNITS["attendances"])),
            Figure(str(_("Forskellige deltagere")), c.persons, str(UNITS["persons"])),
            Figure(str(_("Forskellige virksomheder")), c.companies, str(UNITS["companies"])),
            Figure(
                str(_("Virksomhedsandel af deltagerne")),
                c.company_share_persons,
                str(UNITS["share"]),
            ),
            Figure(
                str(_("Virksomhedsandel af organisationerne")),
                c.company_share_organisations,
                str(UNITS["share"]),
            ),
            Figure(str(_("Mål fra møderne")), self.goals, str(UNITS["goals"])),
            Figure(str(_("Mål med en ejer")), self.goals_with_owner, str(UNITS["goals"])),
        ]


_GOALS_SQL = """
SELECT m.network_id,
       count(g.id) AS goals,
       count(g.id) FILTER (WHERE EXISTS (
               SELECT 1 FROM networks_workinggroupgoal wg
               WHERE wg.tenant_id = %(tenant)s AND wg.goal_id = g.id)
           OR EXISTS (
               SELECT 1 FROM networks_actionitem ai
               WHERE ai.tenant_id = %(tenant)s AND ai.group_goal_id = g.id
                 AND num_nonnulls(ai.owner_user_id, ai.owner_contact_id, ai.owner_organisation_id,
                                  NULLIF(ai.owner_is_jobcenter, false)) = 1)
       ) AS with_owner
FROM ({meetings}) AS m
JOIN networks_groupgoal g ON g.tenant_id = %(tenant)s AND g.meeting_id = m.id
GROUP BY m.network_id
"""


def network_health_many(
    network_ids: Iterable[int], *, starts: date, ends: date, as_of: date | None = None
) -> dict[int, NetworkHealth]:
    """K19 for many networks at once (a list page): three statements in all."""
    ids = sorted(set(network_ids))
    if not ids:
        return {}
    meetings = _MEETINGS_HELD + " AND network_id = ANY(%(ids)s)"
    params = {
        "tenant": current_tenant_id(),
        "starts": starts,
        "ends": ends,
        "as_of": as_of or timezone.localdate(),
        "ids": ids,
    }
    counts = _rows(_ATTENDANCE_SQL.format(group="m.network_id", meetings=meetings), params)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT network_id, count(*) FROM ({meetings}) AS m GROUP BY network_id",  # noqa: S608 - constants
            params,
        )
        held = dict(cursor.fetchall())
        cursor.execute(_GOALS_SQL.format(meetings=meetings), params)
        goals = {row[0]: (row[1], row[2]) for row in cursor.fetchall()}
    return {
        pk: NetworkHealth(
            network_id=pk,
            starts=starts,
            ends=ends,
            meetings_held=held.get(pk, 0),
            counts=counts.get(pk, AttendanceCounts()),
            goals=goals.get(pk, (0, 0))[0],
            goals_with_owner=goals.get(pk, (0, 0))[1],
        )
        for pk in ids
    }


def network_health(
    network: Network, *, starts: date, ends: date, as_of: date | None = None
) -> NetworkHealth:
    return network_health_many([network.pk], starts=starts, ends=ends, as_of=as_of)[network.pk]
