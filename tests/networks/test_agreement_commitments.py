"""An agreement's commitment "Deltagelse i netværk" counts the network meetings in the
period at which the company was represented, with the rule written beside it. Networks sits
above partnerships and registers the rule (partnerships.actuals.register_area_counter)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.tenancy import tenant_scope
from companies import services as company_services
from partnerships import actuals
from partnerships.models import Commitment
from partnerships.selectors import agreements as agreement_selectors
from tests.companies.factories import make_company, purpose
from tests.networks.factories import make_contact, make_meeting, make_network
from tests.partnerships.factories import make_agreement

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
TODAY = date(2026, 7, 2)


def signed(personas, company):  # type: ignore[no-untyped-def]
    from partnerships import services

    agreement = make_agreement(personas.consultant_a, company=company)
    services.agreement_set_status(actor=None, agreement=agreement, status="awaiting_signature")
    return services.agreement_set_status(
        actor=personas.consultant_a,
        agreement=agreement,
        status="signed",
        signed_on=date(2026, 1, 1),
        signed_by_company="Direktør Demogaard",
    )


def attended(personas, meeting, *contacts) -> None:  # type: ignore[no-untyped-def]
    from networks import services

    moment = datetime.combine(meeting.date, meeting.starts_at, tzinfo=CPH)
    with time_machine.travel(moment):
        for contact in contacts:
            services.attendance_record(actor=None, meeting=meeting, contact=contact)


def test_network_participation_counts_meetings_the_company_came_to(personas) -> None:
    from partnerships import services

    with tenant_scope(personas.roskilde):
        bakery = make_company(name="Bageriet ApS")
        agreement = signed(personas, bakery)
        commitment = services.commitment_save(
            actor=None,
            commitment=Commitment(agreement=agreement),
            area="network",
            target=3,
            per="year",
        )
        baker_1 = make_contact(bakery, name="Bent Bager", email="b1@b.example")
        baker_2 = make_contact(bakery, name="Berit Bager", email="b2@b.example")
        other = make_contact(make_company(name="Andet ApS"), name="Anne Anden", email="a@a.example")
        network = make_network()
        february = make_meeting(network, date=date(2026, 2, 5))
        april = make_meeting(network, date=date(2026, 4, 2))
        may = make_meeting(network, date=date(2026, 5, 7))
        last_year = make_meeting(network, date=date(2025, 11, 6))
        attended(personas, february, baker_1, baker_2)  # two people: one meeting
        attended(personas, april, baker_2)
        attended(personas, may, other)  # not the company
        attended(personas, last_year, baker_1)  # before the agreement
        # A "network event" in the contact log no longer counts: attendance does.
        company_services.activity_create(
            actor=personas.consultant_a, company=bakery, type="network_event", purpose=purpose()
        )
        with time_machine.travel(TODAY):
            (delivery,) = actuals.agreement_deliveries(agreement)
            assert (delivery.actual, delivery.unit) == (2, "møder")
            assert delivery.rule.startswith("Tæller netværksmøder i perioden, hvor virksomheden")
            # Two of three by the first of July is ahead of the pro rata target.
            assert not delivery.is_behind
            assert delivery.commitment.pk == commitment.pk


@pytest.mark.parametrize("today", [date(2026, 3, 1), TODAY, date(2026, 12, 31)])
def test_the_behind_filter_counts_network_participation_as_the_agreement_page_does(
    personas, today
) -> None:
    from partnerships import services

    with tenant_scope(personas.roskilde):
        bakery, joinery = make_company(name="Bageriet ApS"), make_company(name="Snedkeriet ApS")
        agreements = {company.name: signed(personas, company) for company in (bakery, joinery)}
        for agreement in agreements.values():
            services.commitment_save(
                actor=None,
                commitment=Commitment(agreement=agreement),
                area="network",
                target=4,
                per="year",
            )
        network = make_network()
        for day in (date(2026, 2, 5), date(2026, 4, 2), date(2026, 5, 7)):
            attended(
                personas,
                make_meeting(network, date=day),
                make_contact(bakery, email=f"{day}@b.example", name=f"Bager {day}"),
            )
        with time_machine.travel(today):
            behind = agreement_selectors.behind_agreement_ids(today)
            assert behind == actuals.behind_agreement_ids(today)
        # By July, 2 of 4 meetings were due: the bakery came to 3, the joinery to none.
        expected = {
            date(2026, 3, 1): set(),
            TODAY: {agreements["Snedkeriet ApS"].pk},
            date(2026, 12, 31): {a.pk for a in agreements.values()},
        }
        assert behind == expected[today]
