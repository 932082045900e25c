"""Danish formats for dates and numbers (DESIGN.md section 7): `22.11.2026` and `1.234,5`,
whatever language the page or PDF is in, as everywhere else in Jobbro.

    {% load danish %}
    {{ placement.started_on|dk_date }}    → 22.11.2026
    {{ share|dk_number:1 }}               → 1.234,5
    {{ count|dk_number }}                 → 12.345
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import numberformat, timezone

register = template.Library()


@register.filter
def dk_date(value: date | datetime | str | None) -> str:
    """A date, a moment, or an ISO date text (as in a JSON export) as 22.11.2026."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        # A moment is shown as the day it was in Denmark, not in UTC.
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return value.strftime("%d.%m.%Y")


@register.filter
def dk_number(value: int | float | Decimal | str | None, decimals: int | None = None) -> str:
    """Thousands grouped with ".", decimals after ","; `decimals` rounds to that many places."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    if decimals is not None:
        # numberformat cuts off digits; a report rounds them (1.234,56 → 1.234,6).
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return numberformat.format(
        number,
        decimal_sep=",",
        decimal_pos=decimals,
        grouping=3,
        thousand_sep=".",
        force_grouping=True,
    )
