"""Placements and their follow-ups: planned from the cadence, moved with the dates, cancelled
when they no longer apply; the rules the database keeps too."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from accounts.tenancy import tenant_scope
from candidates import services as candidate_services
from companies import services as company_services
from placements import services
from placements.models import FollowUp, FollowUpStatus, Placement
from placements.services import OverlappingPlacement
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company
from tests.placements.factories import make_placement, placement_type

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)


def plan(placement: Placement) -> dict[str, tuple[date, str]]:
    return {
        f.kind: (f.due_on, f.status)
        for f in FollowUp.objects.filter(placement=placement).order_by("due_on")
    }


@time_machine.travel(TODAY)
def test_a_placement_plans_its_follow_ups_from_its_types_cadence(personas) -> None:
    with tenant_scope(personas.roskilde):
        placement = make_placement(
            personas.consultant_a, planned_start=date(2026, 12, 1), planned_end=date(2027, 2, 26)
        )
        planned = plan(placement)
        owners = set(FollowUp.objects.values_list("owner_id", flat=True))

    assert planned == {
        "day_3": (date(2026, 12, 4), "due"),
        "week_2": (date(2026, 12, 15), "due"),
        "midway": (date(2027, 1, 13), "due"),
        "last_week": (date(2027, 2, 19), "due"),
        "end": (date(2027, 2, 26), "due"),
        "after_4_weeks": (date(2027, 3, 26), "due"),
        "after_3_months": (date(2027, 5, 28), "due"),
    }
    assert owners == {personas.consultant_a.pk}


@time_machine.travel(TODAY)
def test_an_open_ended_placement_plans_what_it_can_and_the_rest_when_it_gets_an_end(
    personas,
) -> None:
    with tenant_scope(personas.roskilde):
        placement = make_placement(
            personas.consultant_a,
            type_code="ordinary_job",
            planned_start=date(2026, 12, 1),
            planned_end=None,
        )
        assert set(plan(placement)) == {"day_3", "week_2", "after_3_months", "after_6_months"}
        internship = make_placement(
            personas.consultant_a, planned_start=date(2027, 3, 1), planned_end=None
        )
        assert set(plan(internship)) == {"day_3", "week_2"}
        services.placement_update(actor=None, placement=internship, planned_end=date(2027, 5, 28))
        assert plan(internship)["end"] == (date(2027, 5, 28), "due")


@time_machine.travel(TODAY)
def test_moving_the_dates_moves_the_open_follow_ups_but_not_the_done_ones(personas) -> None:
    with tenant_scope(personas.roskilde):
        placement = make_placement(
            personas.consultant_a, planned_start=date(2026, 11, 2), planned_end=date(2027, 1, 29)
        )
        done = FollowUp.objects.get(placement=placement, kind="day_3")
        services.followup_complete(actor=None, followup=done, notes="Godt i gang")

        services.placement_update(
            actor=None,
            placement=placement,
            planned_start=date(2026, 11, 9),
            planned_end=date(2027, 2, 5),
        )
        planned = plan(placement)

    assert planned["day_3"] == (date(2026, 11, 5), "done")
    assert planned["week_2"] == (date(2026, 11, 23), "due")
    assert planned["end"] == (date(2027, 2, 5), "due")


@time_machine.travel(TODAY)
def test_ending_early_cancels_what_no_longer_applies_and_keeps_the_end_follow_up(
    personas,
) -> None:
    with tenant_scope(personas.roskilde):
        placement = make_placement(
            personas.consultant_a, planned_start=date(2026, 11, 2), planned_end=date(2027, 1, 29)
        )
        services.placement_end(
            actor=personas.consultant_a,
            placement=placement,
            ended_on=date(2026, 11, 20),
            outcome="back_on_benefit",
            interrupted=True,
            reason="Sygdom",
        )
        planned = plan(placement)

    assert planned["day_3"] == (date(2026, 11, 5), "due")  # before the end: still owed
    assert planned["midway"][1] == "cancelled"
    assert planned["last_week"][1] == "cancelled"
    assert planned["end"] == (date(2026, 11, 20), "due")
    assert planned["after_3_months"] == (date(2027, 2, 19), "due")


@time_machine.travel(TODAY)
def test_overlapping_exclusive_placements_are_refused_with_a_clear_message(personas) -> None:
    with tenant_scope(personas.roskilde):
        candidate = make_candidate()
        make_placement(personas.consultant_a, candidate=candidate)
        with pytest.raises(OverlappingPlacement) as error:
            make_placement(
                personas.consultant_a,
                candidate=candidate,
                type_code="wage_subsidy_private",
                company=make_company(name="Anden ApS"),
                planned_start=date(2027, 1, 15),
                planned_end=date(2027, 6, 30),
            )
        # Mentor support runs beside the internship.
        make_placement(personas.consultant_a, candidate=candidate, type_code="mentor")
        count = Placement.objects.filter(candidate=candidate).count()

    assert "allerede i virksomhedspraktik hos Praktikstedet ApS" in str(error.value)
    assert count == 2


@time_machine.travel(TODAY)
def test_end_before_start_is_refused_by_the_service_and_the_database(personas) -> None:
    with tenant_scope(personas.roskilde):
        with pytest.raises(ValidationError) as error:
            make_placement(
                personas.consultant_a,
                planned_start=date(2026, 12, 1),
                planned_end=date(2026, 11, 1),
            )
        assert "Slutdatoen ligger før startdatoen" in str(error.value)
        placement = make_placement(personas.consultant_a)
        with pytest.raises(DatabaseError), transaction.atomic():
            Placement.objects.filter(pk=placement.pk).update(planned_end=date(2020, 1, 1))


@time_machine.travel(TODAY)
def test_no_placement_in_a_ceased_company_or_for_a_closed_candidate(personas) -> None:
    with tenant_scope(personas.roskilde):
        ceased = make_company(name="Lukket ApS")
        company_services.company_update(actor=None, company=ceased, status="ceased")
        closed = make_candidate()
        candidate_services.candidate_set_status(
            actor=None, candidate=closed, status="closed", reason="Flyttet"
        )
        with pytest.raises(ValidationError) as at_ceased:
            make_placement(personas.consultant_a, company=ceased)
        with pytest.raises(ValidationError) as for_closed:
            make_placement(personas.consultant_a, candidate=closed)
        # Written past the service, the database refuses it too.
        with pytest.raises(DatabaseError), transaction.atomic():
            Placement.objects.create(
                candidate=make_candidate(),
                company=ceased,
                placement_type=placement_type(),
                planned_start=TODAY,
                consultant=personas.consultant_a,
            )
        assert not Placement.objects.exists()

    assert "ophørt" in str(at_ceased.value) and "afsluttet" in str(for_closed.value)


@time_machine.travel(TODAY)
def test_completing_a_cancelled_follow_up_is_a_clear_error(personas) -> None:
    with tenant_scope(personas.roskilde):
        followup = FollowUp.objects.filter(placement=make_placement(personas.consultant_a)).first()
        services.followup_cancel(actor=None, followup=followup)
        with pytest.raises(ValidationError) as error:
            services.followup_complete(actor=None, followup=followup)
        followup.refresh_from_db()

    assert "aflyst" in str(error.value) and followup.status == FollowUpStatus.CANCELLED


@time_machine.travel(TODAY)
def test_a_type_has_a_maximum_duration(personas) -> None:
    with tenant_scope(personas.roskilde), pytest.raises(ValidationError) as error:
        make_placement(
            personas.consultant_a,
            planned_start=date(2026, 12, 1),
            planned_end=date(2026, 12, 1) + timedelta(weeks=20),
        )

    assert "højst 13 uger" in str(error.value)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_overlapping_placements_cannot_both_be_saved() -> None:
    from tests.factories import make_personas

    personas = make_personas()
    with tenant_scope(personas.roskilde):
        candidate = make_candidate()
        first_company = make_company(name="Først ApS")
        second_company = make_company(name="Anden ApS")
        placement_type()
    barrier = threading.Barrier(2)
    results: list[str] = []

    def place(company) -> None:  # type: ignore[no-untyped-def]
        try:
            with tenant_scope(personas.roskilde):
                barrier.wait(timeout=10)
                make_placement(personas.consultant_a, candidate=candidate, company=company)
            results.append("saved")
        except OverlappingPlacement:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=place, args=(c,)) for c in (first_company, second_company)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results) == ["refused", "saved"]
    with tenant_scope(personas.roskilde):
        assert Placement.objects.filter(candidate=candidate).count() == 1
