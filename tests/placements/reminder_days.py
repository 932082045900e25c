"""A consultant's day of follow-ups and next steps, and the sweep run as a worker runs it:
shared by the reminder tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from accounts.tenancy import tenant_scope
from companies import services as company_services
from placements import reminders
from placements.models import Placement, ReminderDigest
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company, purpose
from tests.factories import Personas
from tests.placements.factories import make_placement

CPH = ZoneInfo("Europe/Copenhagen")
TODAY = date(2026, 11, 25)  # a Wednesday
MORNING = datetime(2026, 11, 25, 6, 30, tzinfo=CPH)


def at(moment: datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


def placed(personas: Personas, first: str, last: str, company: str, start: date) -> Placement:
    """An internship of the Roskilde consultant; its day-3 follow-up is due on start + 3."""
    candidate = make_candidate(first_name=first, last_name=last)
    return make_placement(
        personas.consultant_a,
        candidate=candidate,
        company=make_company(name=company),
        planned_start=start,
        planned_end=start + timedelta(weeks=12),
    )


def a_day_of_work(personas: Personas) -> None:
    """For the Roskilde consultant on TODAY: Sofie's day-3 follow-up is due today, Ali's
    has been overdue since Monday, and a next step at Kantinen is overdue since Friday."""
    with at(datetime(2026, 11, 16, 9, 0, tzinfo=CPH)), tenant_scope(personas.roskilde):
        placed(personas, "Sofie", "Testesen", "Bageriet ApS", TODAY - timedelta(days=3))
        placed(personas, "Ali", "Hansen-Lund", "Lager & Logistik A/S", date(2026, 11, 20))
        company_services.activity_create(
            actor=personas.consultant_a,
            company=make_company(name="Kantinen ApS"),
            type="phone",
            purpose=purpose(),
            next_step="Send forslag til praktik",
            next_step_due=date(2026, 11, 21),
        )


def sweep(personas: Personas, task_id: str | None = None) -> dict[str, int]:
    return reminders.send_reminders.apply(args=[personas.roskilde.pk], task_id=task_id).get()


def sent_digests(personas: Personas) -> list[ReminderDigest]:
    with tenant_scope(personas.roskilde):
        return list(ReminderDigest.objects.all())
