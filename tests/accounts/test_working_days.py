"""Working days skip weekends, Danish public holidays and the days the jobcenter closes: the
limit for taking up a job opening is counted in them (accounts.working_days)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts import working_days
from accounts.models import Jobcenter
from tests.factories import Personas, sign_in

pytestmark = pytest.mark.django_db


def jobcenter(closing_days: list[str] | None = None) -> Jobcenter:
    """Unsaved: only its closing days matter here (the default ones unless given)."""
    centre = Jobcenter(slug="x", name="X", municipality_code="265")
    if closing_days is not None:
        centre.closing_days = closing_days
    return centre


@pytest.mark.parametrize(
    ("start", "days", "expected", "why"),
    [
        (date(2026, 3, 30), 2, date(2026, 4, 1), "an ordinary week"),
        # Skærtorsdag 2.4, langfredag 3.4, the weekend and 2. påskedag 6.4.
        (date(2026, 4, 1), 1, date(2026, 4, 7), "across Easter"),
        (date(2026, 4, 1), 2, date(2026, 4, 8), "across Easter"),
        # Juleaftensdag 24.12 (closed), juledagene 25.–26.12, the weekend.
        (date(2026, 12, 23), 1, date(2026, 12, 28), "across Christmas"),
        (date(2026, 12, 23), 3, date(2026, 12, 30), "across Christmas"),
        # Nytårsaftensdag 31.12 (closed), nytårsdag 1.1, the weekend.
        (date(2026, 12, 23), 4, date(2027, 1, 4), "across the new year"),
        # Kristi himmelfartsdag 14.5, pinse 24.–25.5, grundlovsdag 5.6 (closed).
        (date(2026, 5, 13), 1, date(2026, 5, 15), "Ascension Day"),
        (date(2026, 6, 4), 1, date(2026, 6, 8), "grundlovsdag"),
        # Store bededag was a holiday until 2023.
        (date(2023, 5, 4), 1, date(2023, 5, 8), "store bededag 2023"),
        (date(2024, 4, 25), 1, date(2024, 4, 26), "no store bededag from 2024"),
    ],
)
def test_working_days_skip_weekends_holidays_and_closing_days(
    start: date, days: int, expected: date, why: str
) -> None:
    assert working_days.add_working_days(jobcenter(), start, days) == expected, why


def test_a_jobcenter_open_on_christmas_eve_works_that_day() -> None:
    assert working_days.add_working_days(jobcenter([]), date(2026, 12, 23), 1) == date(2026, 12, 24)


def test_a_closing_day_can_be_one_date_only() -> None:
    centre = jobcenter(["15.05.2026"])  # the Friday after Kristi himmelfartsdag

    assert working_days.add_working_days(centre, date(2026, 5, 13), 1) == date(2026, 5, 18)
    assert working_days.add_working_days(centre, date(2027, 5, 5), 1) == date(2027, 5, 7)


def test_closing_days_are_read_as_typed_and_refused_when_they_are_no_day() -> None:
    assert working_days.parse_closing_days("24.12, 5.6;\n15.05.2026, 24.12") == [
        "24.12",
        "05.06",
        "15.05.2026",
    ]
    with pytest.raises(ValidationError) as refused:
        working_days.parse_closing_days("24.12, 32.12, jul")
    assert refused.value.messages == [
        "»32.12« er ikke en dag. Skriv dd.mm (hvert år) eller dd.mm.åååå.",
        "»jul« er ikke en dag. Skriv dd.mm (hvert år) eller dd.mm.åååå.",
    ]


def test_the_admin_sets_the_closing_days_under_the_jobcenters_settings(
    personas: Personas,
) -> None:
    admin = sign_in(Client(), personas.admin_a)
    page = reverse("accounts:jobcenter_settings", kwargs={"jobcenter": "roskilde"})
    fields = {
        "name": "Jobcenter Roskilde",
        "board_label": "LBR",
        "access_log_retention_months": "12",
        "candidate_retention_years": "5",
        "contact_warning_days": "14",
        "opening_take_up_days": "2",
        **{f"priority_label_{i}": f"Gruppe {i}" for i in range(1, 5)},
    }

    shown = " ".join(admin.get(page).content.decode().split())
    refused = admin.post(page, {**fields, "closing_days": "24.12, 30.02"})
    admin.post(page, {**fields, "closing_days": "24.12, 31.12, 15.5.2026"})

    assert 'name="closing_days" value="05.06, 24.12, 31.12"' in shown
    assert refused.context["form"].errors == {
        "closing_days": ["»30.02« er ikke en dag. Skriv dd.mm (hvert år) eller dd.mm.åååå."]
    }
    personas.roskilde.refresh_from_db()
    assert personas.roskilde.closing_days == ["24.12", "31.12", "15.05.2026"]
