"""Approximate dates: "i starten af det nye år" is a real deadline in a network (000:L150),
and forcing it to a day would invent a precision nobody agreed to (DOMAIN.md trap 21).

An approximate date is stored as the first day of its period and a precision (day, month,
quarter, half year, year): 2009-01-01 + quarter is "1. kvartal 2009". `ends_on` is the last
day of the period, which is when it is overdue. The database checks that the day is the first
of its period (networks.models.approx_date_check)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Precision(models.TextChoices):
    DAY = "day", gettext_lazy("Dag")
    MONTH = "month", gettext_lazy("Måned")
    QUARTER = "quarter", gettext_lazy("Kvartal")
    HALF = "half", gettext_lazy("Halvår")
    YEAR = "year", gettext_lazy("År")


MONTHS = [
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
]  # fmt: skip
_LENGTH = {
    Precision.DAY: relativedelta(days=1),
    Precision.MONTH: relativedelta(months=1),
    Precision.QUARTER: relativedelta(months=3),
    Precision.HALF: relativedelta(months=6),
    Precision.YEAR: relativedelta(years=1),
}
# The months a period may start in.
_START_MONTHS = {
    Precision.MONTH: set(range(1, 13)),
    Precision.QUARTER: {1, 4, 7, 10},
    Precision.HALF: {1, 7},
    Precision.YEAR: {1},
}


@dataclass(frozen=True)
class ApproxDate:
    starts_on: date
    precision: str = Precision.DAY

    def __post_init__(self) -> None:
        if self.precision not in Precision.values:
            raise ValueError(f"Unknown precision {self.precision!r}")
        if self.precision != Precision.DAY and (
            self.starts_on.day != 1 or self.starts_on.month not in _START_MONTHS[self.precision]
        ):
            raise ValueError(f"{self.starts_on} does not start a {self.precision}")

    @classmethod
    def of(cls, day: date, precision: str) -> ApproxDate:
        """The period of this precision that `day` lies in."""
        if precision == Precision.DAY:
            return cls(day, precision)
        if precision == Precision.YEAR:
            return cls(date(day.year, 1, 1), precision)
        size = {Precision.MONTH: 1, Precision.QUARTER: 3, Precision.HALF: 6}[Precision(precision)]
        month = (day.month - 1) // size * size + 1
        return cls(date(day.year, month, 1), precision)

    @property
    def ends_on(self) -> date:
        """The last day of the period: after it, the date has passed."""
        return self.starts_on + _LENGTH[Precision(self.precision)] - timedelta(days=1)

    @property
    def is_exact(self) -> bool:
        return self.precision == Precision.DAY

    def label(self) -> str:
        """In Danish: 04.12.2008, december 2008, 1. kvartal 2009, 2. halvår 2009, 2009."""
        d, p = self.starts_on, self.precision
        if p == Precision.DAY:
            return d.strftime("%d.%m.%Y")
        if p == Precision.MONTH:
            return f"{MONTHS[d.month - 1]} {d.year}"
        if p == Precision.QUARTER:
            return _("%(n)s. kvartal %(year)s") % {"n": (d.month - 1) // 3 + 1, "year": d.year}
        if p == Precision.HALF:
            return _("%(n)s. halvår %(year)s") % {"n": 1 if d.month == 1 else 2, "year": d.year}
        return str(d.year)

    def __str__(self) -> str:
        return self.label()


_NUMERIC_DAY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_QUARTER = re.compile(r"^(?:(\d)\.?\s*kvartal|q(\d))\s+(\d{4})$")
_HALF = re.compile(r"^(\d)\.?\s*halvår\s+(\d{4})$")
_MONTH_YEAR = re.compile(r"^(" + "|".join(MONTHS) + r")\s+(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
# Phrases relative to the day they were said on ("i starten af det nye år" at a meeting in
# December 2008 is the first quarter of 2009).
_NEXT_YEAR = re.compile(r"^(?:i\s+)?(?:starten|begyndelsen)\s+af\s+(?:det\s+)?(?:nye|næste)\s+år$")
_THIS_YEAR_END = re.compile(r"^(?:i\s+)?slutningen\s+af\s+(?:året|i\s*år)$")
_SEASONS = {
    "foråret": (4, Precision.QUARTER),
    "sommeren": (7, Precision.QUARTER),
    "efteråret": (10, Precision.QUARTER),
}
_SEASON = re.compile(r"^(?:i\s+)?(foråret|sommeren|efteråret)\s+(\d{4})$")


def _invalid(text: str) -> ValidationError:
    return ValidationError(
        _(
            "»%(text)s« kan ikke læses som en dato. Skriv en dato (4.12.2008), en måned "
            "(januar 2009), et kvartal (1. kvartal 2009), et halvår (1. halvår 2009), et år "
            "(2009) eller »i starten af det nye år«."
        )
        % {"text": text.strip()},
        code="invalid_approx_date",
    )


def parse_approx_date(text: str, *, today: date) -> ApproxDate:
    """Read an exact or approximate date as people write it in Danish minutes. `today` is the
    day it was said (a meeting's date), for phrases such as "i starten af det nye år"."""
    clean = " ".join(text.casefold().replace(",", " ").split())
    try:
        if m := _NUMERIC_DAY.match(clean):
            return ApproxDate(date(int(m[3]), int(m[2]), int(m[1])))
        if m := _ISO_DAY.match(clean):
            return ApproxDate(date(int(m[1]), int(m[2]), int(m[3])))
        if m := _QUARTER.match(clean):
            n = int(m[1] or m[2])
            if not 1 <= n <= 4:
                raise _invalid(text)
            return ApproxDate(date(int(m[3]), 3 * n - 2, 1), Precision.QUARTER)
        if m := _HALF.match(clean):
            n = int(m[1])
            if n not in (1, 2):
                raise _invalid(text)
            return ApproxDate(date(int(m[2]), 1 if n == 1 else 7, 1), Precision.HALF)
        if m := _MONTH_YEAR.match(clean):
            return ApproxDate(date(int(m[2]), MONTHS.index(m[1]) + 1, 1), Precision.MONTH)
        if m := _YEAR.match(clean):
            return ApproxDate(date(int(m[1]), 1, 1), Precision.YEAR)
        if m := _SEASON.match(clean):
            month, precision = _SEASONS[m[1]]
            return ApproxDate(date(int(m[2]), month, 1), precision)
        if _NEXT_YEAR.match(clean):
            return ApproxDate(date(today.year + 1, 1, 1), Precision.QUARTER)
        if _THIS_YEAR_END.match(clean):
            return ApproxDate(date(today.year, 10, 1), Precision.QUARTER)
    except ValueError as error:  # a day that does not exist, such as 31.2.2009
        raise _invalid(text) from error
    raise _invalid(text)
