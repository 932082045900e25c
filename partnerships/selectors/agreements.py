"""Reads for the agreement pages: the list (search, filters, sorting) with each row's target
against actual, one agreement with its parties and commitments, and a company's agreements.

Target against actual is counted by partnerships.actuals for all the rows shown at once: one
query for the rows' commitments and two that count (never a query per row)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.tenancy import current_tenant_id
from companies.models import Company, Workplace
from partnerships import actuals
from partnerships.models import (
    PHASE_LABELS,
    Agreement,
    AgreementParty,
    AgreementSignatory,
    AgreementStatus,
    AgreementType,
    AgreementWorkplace,
    Commitment,
)
from placements.models import Placement

ORDERINGS: dict[str, tuple[Any, ...]] = {
    "start": ("starts_on", "pk"),
    "-start": ("-starts_on", "-pk"),
    "end": (F("ends_on").asc(nulls_last=True), "pk"),
    "-end": (F("ends_on").desc(nulls_first=True), "-pk"),
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
    "company": ("company__name", "pk"),
    "-company": ("-company__name", "-pk"),
}

PHASES = list(PHASE_LABELS)
BATCH = 5_000  # commitments counted per pair of queries (7 parameters each)


@dataclass(frozen=True)
class AgreementFilters:
    search: str = ""
    agreement_type: int | None = None
    phase: str = ""
    ending_within: int | None = None  # days
    behind: bool = False
    key_account: int | None = None
    contact: int | None = None
    company: int | None = None
    ordering: str = "-start"


def phase_q(phase: str, today: date) -> Q:
    """Agreements in a phase (PHASE_LABELS' keys) on a day; the API filters with it too."""
    signed = Q(status=AgreementStatus.SIGNED)
    if phase == "upcoming":
        return signed & Q(starts_on__gt=today)
    if phase == "active":
        return signed & Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    if phase == "ended":
        return signed & Q(ends_on__lt=today)
    return Q(status=phase)


# The agreements (active today) with a commitment behind its pro rata target, in one statement:
# the same windows as partnerships.actuals (which works them out in Python for the rows it is
# given) and its counting rules, here for every running agreement at once.
BEHIND_SQL = """
WITH c AS (
    SELECT cm.id, cm.area, cm.target, cm.agreement_id, a.company_id, cm.purpose_id, cm.per,
           a.starts_on, a.ends_on,
           CASE WHEN cm.per = 'agreement' THEN a.starts_on
                ELSE (a.starts_on + make_interval(
                          years => extract(year FROM age(%(today)s::date, a.starts_on))::int
                      ))::date
           END AS starts
    FROM partnerships_commitment cm
    JOIN partnerships_agreement a ON a.id = cm.agreement_id
    WHERE cm.tenant_id = %(tenant)s AND a.tenant_id = %(tenant)s AND a.status = 'signed'
      AND a.starts_on <= %(today)s::date
      AND (a.ends_on IS NULL OR a.ends_on >= %(today)s::date)
), w AS (
    SELECT c.*,
           CASE WHEN c.per = 'agreement' THEN c.ends_on
                ELSE least((c.starts + interval '1 year')::date - 1, c.ends_on)
           END AS ends
    FROM c
), e AS (
    SELECT w.*,
           floor(w.target * CASE
               WHEN w.ends IS NULL OR %(today)s::date < w.starts THEN 0.0
               WHEN %(today)s::date >= w.ends THEN 1.0
               ELSE (%(today)s::date - w.starts + 1)::float8 / (w.ends - w.starts + 1)
           END) AS expected
    FROM w
), due AS (
    SELECT * FROM e WHERE expected > 0
), placed AS (
    SELECT due.id,
           CASE WHEN due.area IN (%(persons)s) THEN count(DISTINCT p.candidate_id)
                ELSE count(p.id) END AS n
    FROM due
    JOIN placements_placement p
      ON p.tenant_id = %(tenant)s AND p.agreement_id = due.agreement_id AND {placement_in_window}
    JOIN placements_placementtype t ON t.id = p.placement_type_id
    WHERE {placement_counts}
    GROUP BY due.id, due.area
), met AS (
    SELECT due.id, count(a.id) AS n
    FROM due
    JOIN companies_activity a
      ON a.tenant_id = %(tenant)s AND a.company_id = due.company_id AND {activity_counts}
    WHERE due.area NOT IN (%(placement_areas)s)
    GROUP BY due.id
), counted (id, n) AS (
    {registered}
)
SELECT DISTINCT due.agreement_id
FROM due
LEFT JOIN placed ON placed.id = due.id
LEFT JOIN met ON met.id = due.id
LEFT JOIN counted ON counted.id = due.id
WHERE COALESCE(placed.n, met.n, counted.n, 0) < due.expected
"""


def behind_agreement_ids(today: date | None = None) -> set[int]:
    """As partnerships.actuals.behind_agreement_ids, counted in the database in one query."""
    today = today or timezone.localdate()
    persons = [a.value for a, (unit, _rule) in actuals.PLACEMENT_AREAS.items() if unit == "persons"]
    # The areas another app counts (actuals.register_area_counter) are left to its SQL.
    counters = actuals.area_counters()
    not_from_the_log = [a.value for a in actuals.PLACEMENT_AREAS] + list(counters)
    registered = " UNION ALL ".join(
        f"({counter.sql.format(c='due', tenant='%(tenant)s')})" for counter in counters.values()
    )
    sql = (
        BEHIND_SQL.replace("{placement_in_window}", actuals.placement_in_window("due"))
        .replace("{placement_counts}", actuals.placement_counts("due"))
        .replace("{activity_counts}", actuals.activity_counts("due"))
        .replace("{registered}", registered or "SELECT NULL::bigint, 0::bigint WHERE false")
        .replace("%(persons)s", ", ".join(f"'{a}'" for a in persons))
        .replace("%(placement_areas)s", ", ".join(f"'{a}'" for a in not_from_the_log))
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"today": today, "tenant": current_tenant_id()})
        return {row[0] for row in cursor.fetchall()}


def agreement_list(
    filters: AgreementFilters | None = None, today: date | None = None
) -> QuerySet[Agreement]:
    """The jobcenter's agreements with what a row shows joined, filtered and in the chosen
    order (newest start first)."""
    f = filters or AgreementFilters()
    today = today or timezone.localdate()
    qs = Agreement.objects.select_related(
        "agreement_type", "company", "company__key_account", "jobcenter_contact"
    )
    search = f.search.strip()
    if search:
        digits = search.replace(" ", "")
        condition = Q(title__icontains=search) | Q(company__name__icontains=search)
        if digits.isdigit():
            condition |= Q(company__cvr__startswith=digits)
        qs = qs.filter(condition)
    if f.agreement_type:
        qs = qs.filter(agreement_type_id=f.agreement_type)
    if f.phase in PHASES:
        qs = qs.filter(phase_q(f.phase, today))
    if f.ending_within:
        qs = qs.filter(
            ends_on__gte=today, ends_on__lte=today + timedelta(days=f.ending_within)
        ).exclude(status=AgreementStatus.TERMINATED)
    if f.behind:
        qs = qs.filter(pk__in=sorted(behind_agreement_ids(today)))
    if f.key_account:
        qs = qs.filter(company__key_account_id=f.key_account)
    if f.contact:
        qs = qs.filter(jobcenter_contact_id=f.contact)
    if f.company:
        qs = qs.filter(company_id=f.company)
    return qs.order_by(*ORDERINGS.get(f.ordering, ORDERINGS["-start"]))


@dataclass
class Summary:
    """An agreement's commitments in short: how many are on track, and the deliveries."""

    deliveries: list[actuals.Delivery] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.deliveries)

    @property
    def on_track(self) -> int:
        return sum(1 for d in self.deliveries if not d.is_behind)

    @property
    def behind(self) -> int:
        return self.total - self.on_track

    @property
    def percent(self) -> int:
        return round(100 * self.on_track / self.total) if self.total else 0


def summaries(agreements: list[Agreement], today: date | None = None) -> dict[int, Summary]:
    """Target against actual for each agreement given, in three queries for any number."""
    by_pk = {a.pk: a for a in agreements}
    result = {pk: Summary() for pk in by_pk}
    if not by_pk:
        return result
    commitments = list(
        Commitment.objects.filter(agreement_id__in=list(by_pk))
        .select_related("purpose")
        .order_by("agreement_id", "pk")
    )
    for commitment in commitments:
        commitment.agreement = by_pk[commitment.agreement_id]  # no query for the agreement
    # A page is one batch; an export of thousands goes in batches, each within the limit of
    # parameters one statement may carry.
    for first in range(0, len(commitments), BATCH):
        for delivery in actuals.deliveries(commitments[first : first + BATCH], today):
            result[delivery.commitment.agreement_id].deliveries.append(delivery)
    return result


def with_summaries(agreements: list[Agreement], today: date | None = None) -> list[Agreement]:
    """The agreements, each with `.summary` and `.phase_label` set (for a page of rows)."""
    today = today or timezone.localdate()
    found = summaries(agreements, today)
    for agreement in agreements:
        agreement.summary = found[agreement.pk]  # type: ignore[attr-defined]
        agreement.phase_code = agreement.phase(today)  # type: ignore[attr-defined]
        agreement.phase_label = PHASE_LABELS[agreement.phase_code]  # type: ignore[attr-defined]
    return agreements


def agreement_get(*, public_id: object) -> Agreement:
    """An agreement of the current jobcenter; 404 for missing and foreign ones."""
    agreement = (
        Agreement.objects.select_related(
            "agreement_type",
            "company",
            "company__key_account",
            "jobcenter_contact",
            "signature_registered_by",
            "predecessor",
        )
        .filter(public_id=public_id)
        .first()
    )
    if agreement is None:
        raise Http404
    return agreement


def commitment_get(*, agreement: Agreement, public_id: object) -> Commitment:
    commitment = (
        Commitment.objects.filter(agreement=agreement, public_id=public_id)
        .select_related("purpose")
        .first()
    )
    if commitment is None:
        raise Http404
    commitment.agreement = agreement
    return commitment


def agreement_renewal(*, agreement: Agreement) -> Agreement | None:
    return Agreement.objects.filter(predecessor=agreement).first()


def agreement_workplaces(*, agreement: Agreement) -> list[Workplace]:
    return [
        link.workplace
        for link in AgreementWorkplace.objects.filter(agreement=agreement)
        .select_related("workplace")
        .order_by("workplace__name")
    ]


def agreement_parties(*, agreement: Agreement) -> list[AgreementParty]:
    return list(
        AgreementParty.objects.filter(agreement=agreement)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def agreement_signatories(*, agreement: Agreement) -> list[AgreementSignatory]:
    return list(
        AgreementSignatory.objects.filter(agreement=agreement)
        .select_related("contact")
        .order_by("contact__name")
    )


def agreement_placements(*, agreement: Agreement, limit: int = 100) -> list[Placement]:
    """The placements linked to the agreement (what the placement areas count), newest first."""
    return list(
        Placement.objects.filter(agreement=agreement, candidate__anonymised_at__isnull=True)
        .select_related("candidate", "placement_type")
        .order_by("-planned_start", "-pk")[:limit]
    )


def agreement_types(active_only: bool = False) -> QuerySet[AgreementType]:
    qs = AgreementType.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def third_parties(*, exclude: Company | None = None) -> QuerySet[Company]:
    """Organisations that can be a third party: active companies that are not employers."""
    qs = Company.objects.filter(status="active").exclude(kind="employer").order_by("name")
    return qs.exclude(pk=exclude.pk) if exclude is not None else qs


def company_agreements(*, company: Company, today: date | None = None) -> list[Agreement]:
    """A company's agreements (newest first) with target against actual per line: four
    queries however many agreements and lines."""
    agreements = list(
        Agreement.objects.filter(company=company)
        .select_related("agreement_type", "jobcenter_contact")
        .order_by("-starts_on", "-pk")
    )
    return with_summaries(agreements, today)
