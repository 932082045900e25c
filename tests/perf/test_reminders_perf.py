"""Issue 6's sweep target: the daily reminder sweep over all jobcenters with 1,000,000 open
follow-ups in at most 60 s. Run with `make perf`.

The data: JOBBRO_PERF_JOBCENTERS jobcenters (default 10) with 20 consultants each, 200,000
placements in all and five open follow-ups each, due evenly from 30 days ago to 334 days
ahead (so about one in twelve is due or overdue on the day, as when a fortnight's work has
slipped), and a next step for every tenth company. Built in SQL, without write history (nobody
wrote these rows). The sweep runs the way the worker runs it: `send_reminders` once per
jobcenter, one after the other, each in its own transaction, with the locmem mail backend
(a real mail server adds its own time per e-mail)."""

from __future__ import annotations

import os
import re
import time
from datetime import timedelta

import pgtrigger
import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from accounts.models import Jobcenter, Membership, Role
from accounts.tenancy import tenant_scope
from companies import demo as company_demo
from companies import services as company_services
from placements import reminders, services
from placements.models import FollowUp, Notification, PlacementType
from tests.factories import make_jobcenter, make_member
from tests.perf.conftest import empty_database

JOBCENTERS = int(os.environ.get("JOBBRO_PERF_JOBCENTERS", "10"))
PLACEMENTS = int(os.environ.get("JOBBRO_PERF_PLACEMENTS", "200000"))
FOLLOWUPS_PER_PLACEMENT = 5
CONSULTANTS = 20
COMPANIES = 2_000
FIGURES: dict[str, object] = {}

# The data is committed once for the module; each test's own writes roll back after it (the
# digests' claims, committed on their side connection, stay until the flush at the end).
pytestmark = [pytest.mark.perf, pytest.mark.django_db]

CANDIDATES_SQL = """
INSERT INTO candidates_candidate (
    tenant_id, public_id, first_name, last_name, cpr_ciphertext, cpr_digest, email, phone,
    address, postcode, city, case_reference, consultant_id, status, closed_reason, education,
    danish_level, driving_licences, languages, competences, profile_text, is_demo, created_at,
    updated_at
)
SELECT %(tenant)s, gen_random_uuid(),
       (ARRAY['Sofie','Ali','Maja','Mads','Fatima','Jonas','Emma','Omar'])[1 + i %% 8],
       'Efternavn ' || i, '', '', '', '', '', '4000', 'Roskilde', '',
       (%(consultants)s::bigint[])[1 + i %% %(n_consultants)s], 'active', '', '', '', '{}',
       '{}', '{}', '', true, now(), now()
FROM generate_series(1, %(n)s) AS i
"""

PLACEMENTS_SQL = """
INSERT INTO placements_placement (
    tenant_id, public_id, candidate_id, company_id, placement_type_id, is_exclusive,
    planned_start, planned_end, tasks, consultant_id, status, interruption_reason, outcome,
    outcome_note, created_at, updated_at
)
SELECT %(tenant)s, gen_random_uuid(), c.id, co.id, %(type)s, true,
       %(today)s::date - 30 + (c.n %% 365)::int, %(today)s::date + 54 + (c.n %% 365)::int, '',
       c.consultant_id, 'active', '', '', '', now(), now()
FROM (SELECT id, consultant_id, row_number() OVER (ORDER BY id) AS n
      FROM candidates_candidate WHERE tenant_id = %(tenant)s) AS c
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n
      FROM companies_company WHERE tenant_id = %(tenant)s) AS co
  ON co.n = c.n %% %(n_companies)s
"""

# Five open follow-ups a placement, due evenly over [today - 30, today + 334].
FOLLOWUPS_SQL = """
INSERT INTO placements_followup (
    tenant_id, public_id, placement_id, kind, label, anchor, due_on, owner_id, channel,
    status, notes, employer_answer, created_at, updated_at
)
SELECT p.tenant_id, gen_random_uuid(), p.id, 'step_' || k,
       (ARRAY['Dag 3: hvordan går det?','Uge 2: opfølgning','Midtvejsopfølgning',
              'Sidste uge: hvad nu?','Slutsamtale'])[k],
       '', %(today)s::date - 30 + ((p.id * 7 + k * 73) %% 365)::int, p.consultant_id, 'phone',
       'due', '', '', now(), now()
FROM placements_placement p, generate_series(1, %(per)s) AS k
WHERE p.tenant_id = %(tenant)s
"""

NEXT_STEPS_SQL = """
UPDATE companies_activity a
SET next_step = 'Ring og hør om praktikpladser',
    next_step_due = %(today)s::date - 10 + (a.id %% 40)::int,
    next_step_owner_id = a.consultant_id
WHERE a.tenant_id = %(tenant)s AND a.id %% 10 = 0
"""


def _positional(sql: str, params: dict[str, object]) -> tuple[str, list[object]]:
    """pgtrigger.ignore() puts a positional parameter in front of every statement, so the
    named ones above become positional here."""
    names = re.findall(r"%\((\w+)\)s", sql)
    return re.sub(r"%\((\w+)\)s", "%s", sql), [params[name] for name in names]


def _build_jobcenter(number: int, placements: int) -> Jobcenter:
    jobcenter = make_jobcenter(f"perf-{number:02}", f"Jobcenter Perf {number:02}")
    consultants = [
        make_member(
            jobcenter,
            f"konsulent{c:02}@perf-{number:02}.example",
            Role.CONSULTANT,
            name=f"Konsulent {c:02}",
            with_totp=False,
        ).user_id
        for c in range(CONSULTANTS)
    ]
    today = timezone.localdate()
    with tenant_scope(jobcenter):
        services.placement_types_ensure_defaults()
        internship = PlacementType.objects.get(code="internship")
        company_demo.generate(jobcenter, COMPANIES, 1)
        company_services.purposes_ensure_defaults()
        params = {
            "tenant": jobcenter.pk,
            "today": today,
            "consultants": consultants,
            "n_consultants": len(consultants),
            "n": placements,
            "n_companies": COMPANIES,
            "type": internship.pk,
            "per": FOLLOWUPS_PER_PLACEMENT,
        }
        with (
            pgtrigger.ignore(
                "candidates.Candidate:insert_insert",
                "placements.Placement:insert_insert",
                "placements.FollowUp:insert_insert",
            ),
            connection.cursor() as cursor,
        ):
            for sql in (CANDIDATES_SQL, PLACEMENTS_SQL, FOLLOWUPS_SQL, NEXT_STEPS_SQL):
                cursor.execute(*_positional(sql, params))
    return jobcenter


@pytest.fixture(scope="module")
def many_jobcenters(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        started = time.perf_counter()
        each = PLACEMENTS // JOBCENTERS
        jobcenters = [_build_jobcenter(n, each) for n in range(JOBCENTERS)]
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        FIGURES["build (s)"] = round(time.perf_counter() - started, 1)
        yield jobcenters
        empty_database()
    print("\nReminder sweep figures:", FIGURES)  # noqa: T201 - the benchmark's report


def _sweep_all(jobcenters: list[Jobcenter]) -> tuple[float, int, int]:
    """The beat's fan-out, each jobcenter's task run in turn as a worker runs it."""
    started = time.perf_counter()
    notifications = emails = 0
    for jobcenter in jobcenters:
        result = reminders.send_reminders.apply(args=[jobcenter.pk]).get()
        notifications += result["notifications"]
        emails += result["emails"]
    return time.perf_counter() - started, notifications, emails


def test_the_daily_sweep_over_a_million_open_follow_ups_takes_at_most_60_seconds(
    many_jobcenters,
) -> None:
    today = timezone.localdate()
    open_followups = due = 0
    for jobcenter in many_jobcenters:
        with tenant_scope(jobcenter):
            open_followups += FollowUp.objects.filter(status="due").count()
            due += FollowUp.objects.filter(status="due", due_on__lte=today).count()
    FIGURES["open follow-ups"] = open_followups
    FIGURES["due today or overdue"] = due
    assert open_followups >= PLACEMENTS * FOLLOWUPS_PER_PLACEMENT

    mail.outbox = []
    seconds, made, sent = _sweep_all(many_jobcenters)
    FIGURES["morning sweep (s)"] = round(seconds, 1)
    FIGURES["notifications made"] = made
    FIGURES["e-mails sent"] = sent
    assert sent == len(many_jobcenters) * CONSULTANTS == len(mail.outbox)
    assert made >= due

    again, made_again, sent_again = _sweep_all(many_jobcenters)
    FIGURES["hourly catch-up, nothing new (s)"] = round(again, 1)
    assert (made_again, sent_again) == (0, 0)

    assert seconds <= 60, f"the morning sweep took {seconds:.1f} s"
    assert again <= 60


def test_the_next_mornings_sweep_also_keeps_to_the_target(many_jobcenters, time_machine) -> None:
    """A day later, after yesterday's notifications rolled back with the test before: every
    item due up to tomorrow is notified again, and every consultant gets the day's e-mail."""
    time_machine.move_to(timezone.now() + timedelta(days=1))
    seconds, made, sent = _sweep_all(many_jobcenters)
    FIGURES["next morning (s)"] = round(seconds, 1)
    FIGURES["next morning notifications"] = made
    with tenant_scope(many_jobcenters[0]):
        assert Notification.objects.filter(kind="overdue").exists()
        assert Membership.objects.count() == CONSULTANTS
    assert sent == len(many_jobcenters) * CONSULTANTS
    assert seconds <= 60, f"the next morning's sweep took {seconds:.1f} s"
