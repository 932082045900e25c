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


@pytest.mark.django_db(transaction=True)
def test_the_citizens_pdf_reads_in_danish_with_every_follow_up_and_no_empty_lines(
    settings, tmp_path
) -> None:
    """The Indsigt PDF is read by the citizen: Danish dates, no label without a value, and
    everything Jobbro holds about them, follow-ups included (planned, done and cancelled)."""
    import re

    from django.test import Client

    from accounts.models import Job
    from candidates import tasks
    from tests.candidates.test_documents import files_of, pdf_text, started_job, url
    from tests.factories import make_personas, sign_in

    settings.MEDIA_ROOT = tmp_path / "media"
    personas = make_personas()
    with time_machine.travel(date(2026, 11, 27)), tenant_scope(personas.roskilde):
        placement = make_placement(
            personas.consultant_a,
            planned_start=date(2026, 8, 3),
            planned_end=date(2026, 10, 30),
            actual_start=date(2026, 8, 3),
            tasks="Opfyldning af varer",
        )
        day_3 = FollowUp.objects.get(placement=placement, kind="day_3")
        services.followup_complete(actor=None, followup=day_3, notes="Godt i gang")
        services.placement_end(
            actor=None, placement=placement, ended_on=date(2026, 10, 30), outcome="ordinary_job"
        )
        labels = list(FollowUp.objects.filter(placement=placement).values_list("label", "status"))
    admin = sign_in(Client(), personas.admin_a)

    job_id = started_job(admin.post(url("subject_access", public_id=placement.candidate.public_id)))
    with tenant_scope(personas.roskilde):
        job = Job.objects.get(public_id=job_id)
    tasks.subject_access_export(personas.roskilde.pk, job.pk)
    text = " ".join(
        pdf_text(
            next(v for k, v in files_of(personas, job_id, admin).items() if k.endswith("pdf"))
        ).split()
    )

    assert "Startede 03.08.2026" in text and "Sluttede 30.10.2026" in text
    assert "Resultat Ordinært job" in text
    assert "Årsag til afbrydelse" not in text and "Bemærkning til resultatet" not in text
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), "an ISO date in the citizen's PDF"
    assert "Opfølgning på forløbene" in text
    assert {status for _label, status in labels} >= {"done", "due"}
    for label, _status in labels:
        assert label in text
    assert "Noter Godt i gang" in text and "Udført" in text
