"""The virksomhedscenter pages (partnerships.views.centres): the list, the contract page with
its occupancy over time, and the contract form."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.tenancy import tenant_scope
from candidates import services as candidate_services
from companies.models import Company, ContactPerson
from partnerships.models import CentreContract, CentreMentor, CentreTargetGroup
from partnerships.selectors import centres as selectors
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company
from tests.factories import Personas, sign_in
from tests.partnerships.factories import make_centre
from tests.placements.factories import make_placement

pytestmark = pytest.mark.django_db
TODAY = date(2026, 2, 1)  # a Sunday


def url(name: str, **kwargs: object) -> str:
    return reverse(f"partnerships:{name}", kwargs={"jobcenter": "roskilde", **kwargs})


def text(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(response.content.decode().split())


@pytest.fixture
def consultant(personas: Personas) -> Client:
    return sign_in(Client(), personas.consultant_a)


def seat(personas: Personas, centre: CentreContract, start: date, end: date | None, **kw):  # type: ignore[no-untyped-def]
    return make_placement(
        personas.consultant_a,
        company=centre.company,
        centre_contract=centre,
        planned_start=start,
        planned_end=end,
        **kw,
    )


@time_machine.travel(TODAY)
def test_the_list_shows_seats_taken_and_occupancy_and_filters_sorts_and_exports(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        lager = make_centre(
            make_company(name="Lagerhuset ApS", cvr="12345674"), name="Lager", seats=4
        )
        kantine = make_centre(make_company(name="Kantinen A/S"), name="Kantine", seats=2)
        make_centre(
            make_company(name="Gammel ApS"),
            name="Udløbet",
            seats=1,
            starts_on=date(2025, 1, 1),
            ends_on=date(2025, 12, 31),
        )
        seat(personas, lager, date(2026, 1, 5), None)
        seat(personas, kantine, date(2026, 1, 5), date(2026, 3, 1))
        seat(personas, kantine, date(2026, 1, 20), None)
        # Ended before today: no longer holds a seat.
        seat(personas, lager, date(2026, 1, 5), date(2026, 1, 20))
        from partnerships import services

        services.waiting_list_add(actor=None, contract=lager, candidate=make_candidate())
        Company.objects.filter(pk=kantine.company_id).update(key_account=personas.consultant_a)

    everything = consultant.get(url("centre_list"))
    by_occupancy = consultant.get(url("centre_list"), {"sort": "-occupancy"})
    searched = consultant.get(url("centre_list"), {"q": "12345674"})
    active = consultant.get(url("centre_list"), {"state": "active"})
    waiting = consultant.get(url("centre_list"), {"waiting": "yes"})
    nothing = consultant.get(url("centre_list"), {"q": "findes ikke"})
    mine = consultant.get(url("centre_list"), {"consultant": "me"})
    partial = consultant.get(url("centre_list"), {"page": "1"}, headers={"HX-Request": "true"})
    exported = consultant.get(url("centre_export"), {"format": "csv", "sort": "-occupancy"})
    xlsx = consultant.get(url("centre_export"), {"format": "xlsx"})

    page = text(everything)
    assert "3 virksomhedscentre" in page
    assert "1 af 4" in page and "25 %" in page
    assert "2 af 2" in page and "100 %" in page and "Fuldt" in page
    assert text(by_occupancy).index("Kantine") < text(by_occupancy).index("Lager")
    assert "1 virksomhedscenter" in text(searched) and "Lagerhuset ApS" in text(searched)
    assert "2 virksomhedscentre" in text(active) and "Gammel ApS" not in text(active)
    assert "1 virksomhedscenter" in text(waiting) and "Lager" in text(waiting)
    assert "Ingen virksomhedscentre matcher filtrene" in text(nothing)
    assert "1 virksomhedscenter" in text(mine) and "Kantinen A/S" in text(mine)
    assert "<html" not in text(partial) and "Lagerhuset ApS" in text(partial)
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:7] == [
        "Virksomhedscenter",
        "Virksomhed",
        "CVR-nummer",
        "Arbejdssted",
        "Pladser",
        "Besatte pladser",
        "Belægning (%)",
    ]
    assert [r[0] for r in rows[1:]] == ["Kantine", "Lager", "Udløbet"]
    assert rows[2][4:8] == ["4", "1", "25.0", "1"]
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


@time_machine.travel(TODAY)
def test_an_empty_list_says_so(consultant) -> None:
    assert "Der er ingen virksomhedscentre endnu" in text(consultant.get(url("centre_list")))


@time_machine.travel(TODAY)
def test_the_list_counts_in_sql_without_a_query_per_row(
    personas, consultant, django_assert_max_num_queries
) -> None:
    with tenant_scope(personas.roskilde):
        centre = make_centre(name="Første")
        seat(personas, centre, date(2026, 1, 5), None)
    with django_assert_max_num_queries(40) as few:
        consultant.get(url("centre_list"))
    with tenant_scope(personas.roskilde):
        for i in range(8):
            more = make_centre(make_company(name=f"Firma {i} ApS"), name=f"Center {i}")
            seat(personas, more, date(2026, 1, 5), None)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = consultant.get(url("centre_list"))
    assert "9 virksomhedscentre" in text(response)


@time_machine.travel(TODAY)
def test_the_occupancy_over_time_is_counted_per_week_for_known_placements(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        centre = make_centre(seats=2, starts_on=date(2026, 1, 5))
        seat(personas, centre, date(2026, 1, 5), date(2026, 1, 18))  # weeks 2 and 3
        seat(personas, centre, date(2026, 1, 12), None)  # from week 3 on
        other = make_centre(make_company(name="Andet ApS"), seats=1)
        seat(personas, other, date(2026, 1, 5), None)  # another contract: never counted
        occupancy = selectors.centre_occupancy(contract=centre)

    assert occupancy.unit == "week"
    assert [(b.start, b.seat_days, b.occupancy) for b in occupancy.buckets] == [
        (date(2026, 1, 5), 7, Decimal("50.0")),
        (date(2026, 1, 12), 14, Decimal("100.0")),
        (date(2026, 1, 19), 7, Decimal("50.0")),
        (date(2026, 1, 26), 7, Decimal("50.0")),
    ]
    page = consultant.get(url("centre_detail", public_id=centre.public_id))
    body = text(page)
    assert page.status_code == 200
    assert "<svg" in body and "Belægning (%)" in body and "uge 2" in body
    table = body[body.index('id="occupancy-table"') :]
    assert "05.01.2026 – 11.01.2026" in table and "1,0" in table and "100,0 %" in table
    assert "26.01.2026 – 01.02.2026" in table


@time_machine.travel(date(2027, 3, 15))
def test_a_long_contract_is_counted_per_month_over_at_most_two_years(personas) -> None:
    with tenant_scope(personas.roskilde):
        centre = make_centre(seats=1, starts_on=date(2024, 1, 1))
        seat(personas, centre, date(2026, 6, 1), date(2026, 6, 30))
        occupancy = selectors.centre_occupancy(contract=centre)

    assert occupancy.unit == "month"
    assert occupancy.start == date(2025, 3, 16) and occupancy.end == date(2027, 3, 15)
    assert occupancy.buckets[0].start == date(2025, 3, 16)
    assert occupancy.buckets[0].days == 16
    june = next(b for b in occupancy.buckets if b.start == date(2026, 6, 1))
    assert june.occupancy == Decimal("100.0") and june.days == 30
    assert sum(b.seat_days for b in occupancy.buckets) == 30


@time_machine.travel(TODAY)
def test_the_contract_page_shows_its_terms_seats_and_mentors(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        centre = make_centre(seats=3, payment_per_seat_month=Decimal("4500"))
        mentor = ContactPerson.objects.create(company=centre.company, name="Mette Mentor")
        CentreMentor.objects.create(contract=centre, contact=mentor, hours_per_week=Decimal(5))
        candidate = make_candidate(first_name="Yasmin", last_name="Ali")
        seat(personas, centre, date(2026, 1, 5), date(2026, 4, 3), candidate=candidate)

    body = text(consultant.get(url("centre_detail", public_id=centre.public_id)))

    assert "1 af 3 besat" in body and "Yasmin Ali" in body and "2 ledige pladser" in body
    assert "4.500,00 kr." in body
    assert "Mette Mentor – 5,0 timer pr. uge" in body


@time_machine.travel(TODAY)
def test_a_contract_is_created_with_target_groups_and_mentors(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Centerfirma ApS")
        mentor = ContactPerson.objects.create(company=company, name="Mette Mentor")
        group = candidate_services.target_groups_ensure_defaults()[0]

    chooser = consultant.get(url("centre_new"), {"q": "centerfirma"})
    form = consultant.get(url("centre_new"), {"virksomhed": str(company.public_id)})
    created = consultant.post(
        url("centre_new") + f"?virksomhed={company.public_id}",
        {
            "name": "Centerfirma lager",
            "seats": "5",
            "target_groups": [str(group.public_id)],
            "work_areas": "Pluk og pak",
            "payment_per_seat_month": "3000",
            "mentor_hours_per_week": "10",
            "starts_on": "2026-02-01",
            "ends_on": "2027-01-31",
            "underuse_share": "70",
            "underuse_weeks": "3",
            f"mentor_{mentor.public_id}": "6",
        },
        follow=True,
    )

    assert "Centerfirma ApS" in text(chooser)
    assert "Mette Mentor: mentortimer pr. uge" in text(form)
    assert "Virksomhedscentret er oprettet" in text(created)
    with tenant_scope(personas.roskilde):
        contract = CentreContract.objects.get()
        assert (contract.seats, contract.underuse_share, contract.underuse_weeks) == (5, 70, 3)
        assert CentreTargetGroup.objects.get(contract=contract).target_group == group
        assert CentreMentor.objects.get(contract=contract).hours_per_week == Decimal(6)


@time_machine.travel(TODAY)
def test_the_form_refuses_bad_input_in_danish_and_keeps_what_was_typed(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        centre = make_centre(seats=2, mentor_hours_per_week=Decimal(4))
        mentor = ContactPerson.objects.create(company=centre.company, name="Mette Mentor")
        seat(personas, centre, date(2026, 1, 5), None)
        seat(personas, centre, date(2026, 1, 5), None)
    base = {
        "name": "Nyt navn",
        "seats": "2",
        "payment_per_seat_month": "0",
        "mentor_hours_per_week": "4",
        "starts_on": "2026-01-01",
        "underuse_share": "80",
        "underuse_weeks": "4",
    }

    end_first = consultant.post(
        url("centre_edit", public_id=centre.public_id), {**base, "ends_on": "2025-06-01"}
    )
    too_few = consultant.post(
        url("centre_edit", public_id=centre.public_id), {**base, "seats": "1"}
    )
    over_budget = consultant.post(
        url("centre_edit", public_id=centre.public_id), {**base, f"mentor_{mentor.public_id}": "6"}
    )
    bad_share = consultant.post(
        url("centre_edit", public_id=centre.public_id), {**base, "underuse_share": "150"}
    )
    missing = consultant.post(url("centre_edit", public_id=centre.public_id), {})

    assert "Slutdatoen ligger før startdatoen" in text(end_first)
    assert 'value="Nyt navn"' in text(end_first)
    assert "2 pladser er besat; færre kan kontrakten ikke have" in text(too_few)
    assert "Mentorerne har tilsammen 6 timer om ugen" in text(over_budget)
    assert "Der er en fejl i formularen" in text(bad_share)
    assert "Skriv antal pladser" in text(missing) and "Giv virksomhedscentret et navn" in text(
        missing
    )
    with tenant_scope(personas.roskilde):
        stored = CentreContract.objects.get()
        assert (stored.name, stored.seats, stored.ends_on) == ("Virksomhedscenter Lager", 2, None)
        assert not CentreMentor.objects.exists()


def test_a_board_member_cannot_open_the_pages(personas) -> None:
    board = sign_in(Client(), personas.board_a)
    assert board.get(url("centre_list")).status_code == 403
