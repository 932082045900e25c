"""Demo placements for `seed_demo`: placements of the demo candidates in the demo companies,
across types and statuses, with follow-ups in every state and some overdue; and
`seed_demo --placements N` for load tests. Everything is fictional (DOMAIN.md section 6)."""

from __future__ import annotations

import random
from datetime import timedelta

import pgtrigger
from django.db import connection
from django.utils import timezone

from accounts.models import Jobcenter, Membership, Role, User
from candidates.models import Candidate, CandidateStatus
from companies.models import Company, CompanyStatus, ContactPerson
from placements import services
from placements.models import FollowUp, Outcome, Placement, PlacementType

TASKS = [
    "Opfyldning af varer og kundeservice i butikken",
    "Lager: pluk, pak og modtagelse af varer",
    "Kantine: opvask, anretning og rengøring",
    "Pleje og aktiviteter for beboerne sammen med en fast kollega",
    "Tømrerarbejde som hjælper på byggepladsen",
    "Rengøring af kontorer om morgenen",
]


def _consultants() -> list[int]:
    return list(
        Membership.objects.filter(role=Role.CONSULTANT, is_active=True).values_list(
            "user_id", flat=True
        )
    )


def seed(jobcenter: Jobcenter) -> int:
    """About 18 placements in the current jobcenter scope, made through the services so their
    follow-ups are planned as a consultant's would be. Skipped when there are placements."""
    if Placement.objects.exists():
        return 0
    rng = random.Random(f"jobbro-demo-placements-{jobcenter.slug}")  # noqa: S311 - demo data
    types = {t.code: t for t in services.placement_types_ensure_defaults()}
    consultants = _consultants()
    candidates = list(
        Candidate.objects.filter(is_demo=True, status=CandidateStatus.ACTIVE).order_by("pk")[:18]
    )
    companies = list(Company.objects.filter(status=CompanyStatus.ACTIVE).order_by("pk")[:12])
    if not candidates or not companies or not consultants:
        return 0
    today = timezone.localdate()
    plans = [
        # type, start (days from today), weeks, what happens
        ("internship", -40, 13, "active"),
        ("internship", -20, 8, "active"),
        ("internship", 7, 13, "planned"),
        ("wage_subsidy_private", -100, 26, "active"),
        ("wage_subsidy_public", -60, 20, "active"),
        ("ordinary_job", -30, None, "active"),
        ("small_job", -15, None, "active"),
        ("flex_job", 3, None, "planned"),
        ("internship", -150, 13, "completed"),
        ("wage_subsidy_private", -250, 26, "completed"),
        ("internship", -80, 13, "interrupted"),
        ("igu", -10, 52, "active"),
        ("job_rotation", 14, 12, "planned"),
        ("internship", -5, 4, "active"),
        ("adult_apprentice", -200, 104, "active"),
        ("education", -120, 20, "active"),
        ("internship", -35, 13, "active"),
        ("mentor", -35, 13, "active"),
    ]
    made = 0
    for number, (code, offset, weeks, fate) in enumerate(plans):
        if number >= len(candidates):
            break
        candidate = candidates[number]
        company = companies[number % len(companies)]
        start = today + timedelta(days=offset)
        consultant = User.objects.get(pk=candidate.consultant_id or rng.choice(consultants))
        mentor = ContactPerson.objects.filter(company=company).first()
        placement = services.placement_create(
            actor=None,
            candidate=candidate,
            company=company,
            placement_type=types[code],
            planned_start=start,
            planned_end=start + timedelta(weeks=weeks) if weeks else None,
            hours_per_week=rng.choice([12, 20, 25, 30, 37]),
            tasks=rng.choice(TASKS),
            mentor=mentor,
            mentor_hours_per_week=2 if mentor else None,
            consultant=consultant,
        )
        if offset <= 0:
            services.placement_start(actor=None, placement=placement, started_on=start)
        # Some of what was due is done, some was cancelled, the rest is overdue.
        for followup in FollowUp.objects.filter(placement=placement, due_on__lt=today):
            roll = rng.random()
            if roll < 0.55:
                services.followup_complete(
                    actor=None,
                    followup=followup,
                    notes=rng.choice(["Godt i gang.", "Aftalt flere timer.", "Mentor tilfreds."]),
                    done_on=followup.due_on,
                )
            elif roll < 0.65:
                services.followup_cancel(actor=None, followup=followup)
        if fate == "completed":
            end = placement.planned_end
            services.placement_end(
                actor=None,
                placement=placement,
                ended_on=min(end, today),
                outcome=rng.choice(
                    [Outcome.ORDINARY_JOB, Outcome.EDUCATION, Outcome.BACK_ON_BENEFIT]
                ),
            )
        elif fate == "interrupted":
            services.placement_end(
                actor=None,
                placement=placement,
                ended_on=start + timedelta(weeks=3),
                outcome=Outcome.BACK_ON_BENEFIT,
                interrupted=True,
                reason="Ønskede et andet fag",
            )
        made += 1
    return made


def generate(jobcenter: Jobcenter, count: int, followups_per_placement: int = 5) -> int:
    """`count` placements for load tests, one per candidate that has none (generate the
    candidates first), each with its follow-ups: in SQL, without write history."""
    services.placement_types_ensure_defaults()
    consultants = _consultants() or list(
        Membership.objects.filter(is_active=True).values_list("user_id", flat=True)
    )
    with (
        pgtrigger.ignore("placements.Placement:insert_insert", "placements.FollowUp:insert_insert"),
        connection.cursor() as cursor,
    ):
        companies = list(
            Company.objects.filter(status=CompanyStatus.ACTIVE).values_list("pk", flat=True)
        )
        types = list(PlacementType.objects.filter(is_active=True).order_by("sort_order"))
        # Arrays indexed by the row number: a join on a computed key would compare every
        # candidate with every company.
        cursor.execute(
            """
            WITH chosen AS (
                SELECT c.id AS candidate_id, row_number() OVER (ORDER BY c.id) AS n
                FROM candidates_candidate c
                WHERE c.tenant_id = %s AND c.status <> 'closed' AND c.anonymised_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM placements_placement p WHERE p.candidate_id = c.id)
                LIMIT %s
            ), picked AS (
                SELECT candidate_id, n,
                       (%s::bigint[])[1 + n %% cardinality(%s::bigint[])] AS company_id,
                       1 + n %% cardinality(%s::bigint[]) AS type_n,
                       (%s::bigint[])[1 + n %% cardinality(%s::bigint[])] AS consultant_id
                FROM chosen
            )
            INSERT INTO placements_placement (
                tenant_id, public_id, candidate_id, company_id, placement_type_id, is_exclusive,
                planned_start, planned_end, actual_start, hours_per_week, tasks, consultant_id,
                status, interruption_reason, outcome, outcome_note, created_at, updated_at
            )
            SELECT %s, gen_random_uuid(), candidate_id, company_id,
                   (%s::bigint[])[type_n], (%s::boolean[])[type_n],
                   current_date - (n %% 300)::int,
                   current_date - (n %% 300)::int + 91,
                   CASE WHEN n %% 300 > 0 THEN current_date - (n %% 300)::int END,
                   25, '', consultant_id,
                   CASE WHEN n %% 300 > 0 THEN 'active' ELSE 'planned' END,
                   '', '', '', now(), now()
            FROM picked
            RETURNING id
            """,
            [
                jobcenter.pk,
                count,
                companies,
                companies,
                [t.pk for t in types],
                consultants,
                consultants,
                jobcenter.pk,
                [t.pk for t in types],
                [t.is_exclusive for t in types],
            ],
        )
        made = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            """
            INSERT INTO placements_followup (
                tenant_id, public_id, placement_id, kind, label, anchor, offset_days, due_on,
                owner_id, channel, status, done_on, notes, employer_answer, created_at,
                updated_at
            )
            SELECT p.tenant_id, gen_random_uuid(), p.id, 'load_' || step, 'Opfølgning ' || step,
                   'start', step * 14, p.planned_start + step * 14, p.consultant_id, 'phone',
                   CASE WHEN p.planned_start + step * 14 < current_date - 30 THEN 'done'
                        ELSE 'due' END,
                   CASE WHEN p.planned_start + step * 14 < current_date - 30
                        THEN p.planned_start + step * 14 END,
                   '', '', now(), now()
            FROM placements_placement p
            CROSS JOIN generate_series(1, %s) AS step
            WHERE p.id = ANY(%s)
            """,
            [followups_per_placement, made],
        )
    return len(made)
