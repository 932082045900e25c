"""Times and dates as people write them in a Danish programme and in minutes."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from networks.approx import ApproxDate, Precision, parse_approx_date
from networks.times import format_span, parse_time, parse_time_span


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Kl. 15.00 – 15.10", time(15, 0), time(15, 10)),  # the seed's en dash (000:L14)
        ("Kl. 15.20 - 15.30", time(15, 20), time(15, 30)),  # and its hyphen (000:L16)
        ("15.00-15.10", time(15, 0), time(15, 10)),
        ("15:00–15:10", time(15, 0), time(15, 10)),
        ("kl 9.30 - 10", time(9, 30), time(10, 0)),
        ("15.50 — 16.05", time(15, 50), time(16, 5)),
        ("16.05 til 17.05", time(16, 5), time(17, 5)),
        ("  KL. 17.50–18.00  ", time(17, 50), time(18, 0)),
        ("15:00", time(15, 0), None),
        ("15", time(15, 0), None),
    ],
)
def test_the_programme_s_ways_of_writing_a_time_are_read(text, start, end) -> None:
    assert parse_time_span(text) == (start, end)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("kvart over tre", "kan ikke læses som et tidsrum"),
        ("15.00 - 14.00", "Sluttidspunktet skal ligge efter starttidspunktet"),
        ("15.00 - 15.00", "Sluttidspunktet skal ligge efter starttidspunktet"),
        ("25.00 - 26.00", "timer går fra 0 til 23"),
        ("15.75", "minutter fra 0 til 59"),
        ("15.00 – 15.10 – 15.20", "kan ikke læses"),
        ("", "kan ikke læses"),
    ],
)
def test_a_time_that_cannot_be_read_is_refused_in_danish(text, says) -> None:
    with pytest.raises(ValidationError) as error:
        parse_time_span(text)
    assert says in error.value.messages[0]


def test_one_time_is_not_a_span() -> None:
    assert parse_time("kl. 9") == time(9, 0)
    with pytest.raises(ValidationError):
        parse_time("9.00-10.00")


def test_a_span_is_written_the_danish_way() -> None:
    assert format_span(time(15, 0), time(15, 10)) == "Kl. 15.00–15.10"


MEETING = date(2008, 12, 4)


@pytest.mark.parametrize(
    ("text", "starts", "precision", "label", "ends"),
    [
        # "i starten af det nye år", said on 4 December 2008 (000:L150): the first quarter.
        ("i starten af det nye år", date(2009, 1, 1), Precision.QUARTER, "1. kvartal 2009",
         date(2009, 3, 31)),
        ("Starten af det nye år", date(2009, 1, 1), Precision.QUARTER, "1. kvartal 2009",
         date(2009, 3, 31)),
        ("4.12.2008", date(2008, 12, 4), Precision.DAY, "04.12.2008", date(2008, 12, 4)),
        ("2009-02-15", date(2009, 2, 15), Precision.DAY, "15.02.2009", date(2009, 2, 15)),
        ("januar 2009", date(2009, 1, 1), Precision.MONTH, "januar 2009", date(2009, 1, 31)),
        ("februar 2008", date(2008, 2, 1), Precision.MONTH, "februar 2008", date(2008, 2, 29)),
        ("2. kvartal 2009", date(2009, 4, 1), Precision.QUARTER, "2. kvartal 2009",
         date(2009, 6, 30)),
        ("Q4 2009", date(2009, 10, 1), Precision.QUARTER, "4. kvartal 2009", date(2009, 12, 31)),
        ("2. halvår 2009", date(2009, 7, 1), Precision.HALF, "2. halvår 2009", date(2009, 12, 31)),
        ("2009", date(2009, 1, 1), Precision.YEAR, "2009", date(2009, 12, 31)),
        ("i foråret 2009", date(2009, 4, 1), Precision.QUARTER, "2. kvartal 2009",
         date(2009, 6, 30)),
        ("slutningen af året", date(2008, 10, 1), Precision.QUARTER, "4. kvartal 2008",
         date(2008, 12, 31)),
    ],
)  # fmt: skip
def test_approximate_dates_are_read_kept_as_a_period_and_said_in_danish(
    text, starts, precision, label, ends
) -> None:
    value = parse_approx_date(text, today=MEETING)
    assert value == ApproxDate(starts, precision)
    assert value.label() == label
    assert value.ends_on == ends


@pytest.mark.parametrize("text", ["snart", "31.2.2009", "5. kvartal 2009", "3. halvår 2009", ""])
def test_an_unreadable_date_is_refused_with_the_ways_it_may_be_written(text) -> None:
    with pytest.raises(ValidationError) as error:
        parse_approx_date(text, today=MEETING)
    assert "1. kvartal 2009" in error.value.messages[0]


def test_an_approximate_date_starts_its_period() -> None:
    assert ApproxDate.of(date(2009, 2, 17), Precision.QUARTER) == ApproxDate(
        date(2009, 1, 1), Precision.QUARTER
    )
    assert ApproxDate.of(date(2009, 8, 17), Precision.HALF).label() == "2. halvår 2009"
    with pytest.raises(ValueError, match="does not start"):
        ApproxDate(date(2009, 2, 1), Precision.QUARTER)
