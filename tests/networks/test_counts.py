"""Counting units always said (attendances, distinct persons, distinct companies by CVR,
company share) and K19 network health per network and period, counted in SQL."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.tenancy import tenant_scope
from companies.models import CompanyKind
from networks import selectors, services
from networks.models import Category, Level
from networks.parties import JOBCENTER, Party
from tests.companies.factories import make_company, valid_cvr
from tests.networks.factories import make_contact, make_meeting, make_network

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
TODAY = date(2026, 12, 10)
YEAR = {"starts": date(2026, 1, 1), "ends": date(2026, 12, 31)}


def two_meetings(personas):  # type: ignore[no-untyped-def]
    """March: two people from one bakery, one from a joinery, a teacher, a consultant and a
    guest with a CVR number the register does not know. June: one of the bakers again, and a
    second guest from the same unknown company."""
    with tenant_scope(personas.roskilde):
        network = make_network()
        bakery = make_company(name="Bageriet ApS")
        joinery = make_company(name="Snedkeriet ApS")
        school = make_company(name="Sprogskolen", kind=CompanyKind.EDUCATION, cvr="")
        baker_1 = make_contact(bakery, name="Bent Bager", email="b1@bageri.example")
        baker_2 = make_contact(bakery, name="Berit Bager", email="b2@bageri.example")
        joiner = make_contact(joinery, name="Svend Snedker", email="s@snedker.example")
        teacher = make_contact(school, name="Tove Lærer", email="t@skole.example")
        march = make_meeting(network, date=date(2026, 3, 5))
        june = make_meeting(network, date=date(2026, 6, 4))
        unknown_cvr = valid_cvr()
    with time_machine.travel(datetime(2026, 3, 5, 15, 30, tzinfo=CPH)):
        with tenant_scope(personas.roskilde):
            for contact in (baker_1, baker_2, joiner, teacher):
                services.attendance_record(actor=None, meeting=march, contact=contact)
            services.attendance_record(actor=None, meeting=march, user=personas.consultant_a)
        services.meeting_check_in(
            meeting=march,
            name="Gustav Gæst",
            cvr=unknown_cvr,
            category=Category.COMPANY_REP,
            level=Level.OWNER_MANAGER,
        )
    with time_machine.travel(datetime(2026, 6, 4, 15, 30, tzinfo=CPH)):
        with tenant_scope(personas.roskilde):
            services.attendance_record(actor=None, meeting=june, contact=baker_1)
        services.meeting_check_in(
            meeting=june, name="Grete Gæst", cvr=unknown_cvr, category=Category.COMPANY_REP
        )
    return network, march, june


@time_machine.travel(TODAY)
def test_every_unit_is_counted_and_a_company_once_by_its_cvr_number(personas) -> None:
    network, march, june = two_meetings(personas)
    with tenant_scope(personas.roskilde):
        counts = selectors.attendance_counts(network=network, **YEAR)
        assert (counts.attendances, counts.persons, counts.company_persons) == (8, 7, 5)
        # Bageriet, Snedkeriet and the unknown company (by its CVR number, twice).
        assert counts.companies == 3
        # ... of five organisations: those three, the language school and nothing for the
        # consultant (the jobcenter is no organisation in the register).
        assert counts.organisations == 4
        assert counts.company_share_persons == Decimal("71.4")
        assert counts.company_share_organisations == Decimal("75.0")
        per_meeting = selectors.meeting_attendance_counts([march.pk, june.pk])
        assert (per_meeting[march.pk].attendances, per_meeting[march.pk].companies) == (6, 3)
        assert (per_meeting[june.pk].persons, per_meeting[june.pk].companies) == (2, 2)
        units = [(f.label, f.unit) for f in counts.figures()]
        assert units == [
            ("Fremmøder", "fremmøder"),
            ("Forskellige personer", "personer"),
            ("Forskellige virksomheder", "virksomheder (CVR)"),
            ("Virksomhedsandel af personerne", "%"),
            ("Virksomhedsandel af organisationerne", "%"),
        ]


@time_machine.travel(TODAY)
def test_k19_says_meetings_attendees_company_share_and_goals_with_an_owner(
    personas, django_assert_max_num_queries
) -> None:
    network, march, _june = two_meetings(personas)
    with tenant_scope(personas.roskilde):
        services.meeting_create(  # planned, not held
            actor=None,
            network=network,
            date=date(2026, 12, 20),
            starts_at=time(15),
            ends_at=time(17),
        )
        cancelled = make_meeting(network, date=date(2026, 12, 1))
        cancelled.cancelled_at = datetime(2026, 11, 1, tzinfo=CPH)
        cancelled.cancel_reason = "Sygdom"
        cancelled.save()
        make_meeting(network, date=date(2025, 11, 1))  # before the period
        group = services.goal_group_create(actor=None, meeting=march)
        taken = services.group_goal_set(actor=None, group=group, ordinal=1, custom_text="Jobpakker")
        owned = services.group_goal_set(actor=None, group=group, ordinal=2, custom_text="Hotline")
        services.working_group_create(
            actor=None, network=network, theme="Jobpakker", convener=JOBCENTER, goals=[taken]
        )
        services.action_item_create(actor=None, origin=owned, text="Uden ejer endnu")
        with django_assert_max_num_queries(3):
            health = selectors.network_health(network, **YEAR)
        assert health.meetings_held == 2
        assert health.counts.persons == 7
        assert (health.goals, health.goals_with_owner) == (2, 1)
        labels = [f.label for f in health.figures()]
        # Turnout is never shown alone.
        assert labels == [
            "Møder holdt",
            "Fremmøder",
            "Forskellige deltagere",
            "Forskellige virksomheder",
            "Virksomhedsandel af deltagerne",
            "Virksomhedsandel af organisationerne",
            "Mål fra møderne",
            "Mål med en ejer",
        ]
        services.action_item_update(
            actor=None, item=owned.action_items.get(), owner=Party(user=personas.consultant_a)
        )
        assert selectors.network_health(network, **YEAR).goals_with_owner == 2


@time_machine.travel(TODAY)
def test_a_network_without_meetings_shows_dashes_not_zero_shares(personas) -> None:
    with tenant_scope(personas.roskilde):
        network = make_network()
        health = selectors.network_health(network, **YEAR)
    assert health.meetings_held == 0
    assert health.counts.company_share_persons is None
    assert health.goals_with_owner_share is None


@time_machine.travel(TODAY)
def test_the_network_list_and_its_health_need_no_query_per_network(
    personas, django_assert_max_num_queries
) -> None:
    with tenant_scope(personas.roskilde):
        networks = [make_network(name=f"Netværk {i}") for i in range(6)]
        for network in networks:
            make_meeting(network, date=date(2026, 5, 1))
            make_meeting(network, date=date(2027, 1, 7))
        with django_assert_max_num_queries(1):
            rows = list(selectors.network_list())
            shown = [(n.name, n.meetings_held, n.next_meeting_on, n.kind.name) for n in rows]
        assert shown[0] == ("Netværk 0", 1, date(2027, 1, 7), "Lokalt partnerskab")
        with django_assert_max_num_queries(3):
            health = selectors.network_health_many([n.pk for n in rows], **YEAR)
        assert {h.meetings_held for h in health.values()} == {1}
        assert [
            n.name for n in selectors.network_list(selectors.NetworkFilters(search="netværk 3"))
        ] == ["Netværk 3"]


def test_another_jobcenter_s_attendance_is_never_counted(personas) -> None:
    two_meetings(personas)
    with time_machine.travel(TODAY), tenant_scope(personas.aalborg):
        counts = selectors.attendance_counts(**YEAR)
    assert counts.attendances == 0
