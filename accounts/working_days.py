"""Working days: Monday to Friday, except Danish public holidays (the `holidays` package:
nytårsdag, skærtorsdag, langfredag, påske, Kristi himmelfartsdag, pinse, jul; store bededag
until 2023) and the days the jobcenter itself is closed (Jobcenter.closing_days, set under
Indstillinger → Jobcentret; by default grundlovsdag, juleaftensdag and nytårsaftensdag).

A closing day is written as `dd.mm` (every year) or `dd.mm.åååå` (that day only)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache

import holidays
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import Jobcenter

CLOSING_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?")


@cache
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("DK", years=year))


def parse_closing_day(text: str) -> str:
    """A closing day as typed ("24.12", "5.6", "15.05.2026"), written the one way it is kept
    ("24.12", "05.06", "15.05.2026"); ValidationError for anything else."""
    found = CLOSING_DAY.fullmatch(text.strip())
    if found is None:
        raise ValidationError(
            _("»%(text)s« er ikke en dag. Skriv dd.mm (hvert år) eller dd.mm.åååå.")
            % {"text": text.strip()}
        )
    day, month, year = int(found[1]), int(found[2]), found[3]
    try:
        date(int(year) if year else 2024, month, day)  # 2024: a leap year, so 29.02 is a day
    except ValueError:
        raise ValidationError(
            _("»%(text)s« er ikke en dag. Skriv dd.mm (hvert år) eller dd.mm.åååå.")
            % {"text": text.strip()}
        ) from None
    return f"{day:02d}.{month:02d}" + (f".{year}" if year else "")


def parse_closing_days(text: str) -> list[str]:
    """The jobcenter's closing days from one line, separated by commas (or new lines)."""
    days = [part for part in re.split(r"[,;\n]", text) if part.strip()]
    errors = []
    kept: list[str] = []
    for part in days:
        try:
            day = parse_closing_day(part)
        except ValidationError as error:
            errors += error.messages
        else:
            if day not in kept:
                kept.append(day)
    if errors:
        raise ValidationError(errors)
    return kept


def _closing_dates(closing_days: Iterable[str], year: int) -> set[date]:
    found = set()
    for text in closing_days:
        day, month, *rest = (int(part) for part in text.split("."))
        if rest and rest[0] != year:
            continue
        try:
            found.add(date(rest[0] if rest else year, month, day))
        except ValueError:
            continue  # 29.02 in a year without it
    return found


def is_working_day(jobcenter: Jobcenter, day: date) -> bool:
    return (
        day.weekday() < 5
        and day not in _public_holidays(day.year)
        and day not in _closing_dates(jobcenter.closing_days, day.year)
    )


def add_working_days(jobcenter: Jobcenter, start: date, days: int) -> date:
    """The day that is `days` working days after `start` (not counting `start` itself)."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if is_working_day(jobcenter, current):
            days -= 1
    return current
