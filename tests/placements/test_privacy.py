"""A candidate's placements in the subject-access export and under retention."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection

from accounts.tenancy import tenant_scope
from candidates import retention, subject_access
from placements import services
from placements.models import FollowUp, Placement
from tests.placements.factories import make_placement

pytestmark = pytest.mark.django_db


@time_machine.travel(date(2026, 11, 27))
def test_the_subject_access_export_holds_the_candidates_placements(personas) -> None:
    with tenant_scope(personas.roskilde):
        placement = make_placement(personas.consultant_a, tasks="Opfyldning af varer")
        record = subject_access.collect(placement.candidate)

    rows = record["other"]["placements"]["rows"]
    assert rows[0]["Forløb"] == "Virksomhedspraktik"
    assert rows[0]["Arbejdsopgaver"] == "Opfyldning af varer"


@time_machine.travel(date(2026, 11, 27))
def test_anonymising_keeps_the_placement_for_statistics_and_removes_its_words(personas) -> None:
    with tenant_scope(personas.roskilde):
        placement = make_placement(
            personas.consultant_a,
            tasks="Lager, tåler ikke støv",
            planned_start=date(2026, 11, 2),
            planned_end=date(2027, 1, 29),
        )
        followup = FollowUp.objects.filter(placement=placement).first()
        services.followup_complete(actor=None, followup=followup, notes="Astma-anfald mandag")
        services.placement_end(
            actor=None,
            placement=placement,
            ended_on=date(2026, 11, 20),
            outcome="back_on_benefit",
            interrupted=True,
            reason="Astma",
        )
        retention.anonymise(candidate_ids=[placement.candidate_id])
        kept = Placement.objects.get(pk=placement.pk)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT string_agg(row_to_json(p)::text, ' ') FROM placements_placement p"
            )
            placements_json = cursor.fetchone()[0]
            cursor.execute(
                "SELECT string_agg(row_to_json(f)::text, ' ') FROM placements_followup f"
            )
            followups_json = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM placements_placementevent")
            placement_events = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM placements_followupevent")
            followup_events = cursor.fetchone()[0]

    assert (kept.status, kept.outcome, kept.actual_end) == (
        "interrupted",
        "back_on_benefit",
        date(2026, 11, 20),
    )
    assert "støv" not in placements_json and "Astma" not in placements_json
    assert "Astma" not in followups_json
    assert placement_events == 0 and followup_events == 0
