"""Retention: closed candidates past the jobcenter's deadline are anonymised, exactly those,
after the export hooks, leaving no personal data behind in any table."""

from __future__ import annotations

import logging
import threading
import time
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test.utils import override_settings
from django.utils import timezone

from accounts import access_log
from accounts.models import AccessLog, Jobcenter, Membership, Team
from accounts.tenancy import tenant_scope
from candidates import retention, selectors, services
from candidates.checks import check_retention_export_hooks
from candidates.models import (
    Assessment,
    Candidate,
    CandidateStatus,
    ConsentCategory,
    Occupation,
    StaircaseMove,
    StaircaseSubGoal,
)
from candidates.tasks import anonymise_expired, anonymise_expired_all
from tests.candidates.factories import fictitious_cpr, make_candidate
from tests.companies.factories import make_company

TODAY = date(2026, 3, 10)

# What the export hooks saw, and which last names they refuse.
exported: list[tuple[int, str]] = []
refused_names: set[str] = set()


def archive_hook(candidate: Candidate) -> None:
    exported.append((candidate.pk, candidate.full_name))


def refusing_hook(candidate: Candidate) -> None:
    # Writes first, as a real hook might (an audit row), then fails with a message that quotes
    # the person: neither the write nor the message may survive.
    access_log.record(user=None, action="retention_export", obj=candidate)
    if candidate.last_name in refused_names:
        raise RuntimeError(f"Sagssystemet afviste {candidate.full_name}")


# Lets a test hold one run inside its first hook while another run starts.
hook_started, hook_release = threading.Event(), threading.Event()


def waiting_hook(candidate: Candidate) -> None:
    exported.append((candidate.pk, candidate.full_name))
    hook_started.set()
    hook_release.wait(10)


HOOKS = [f"{__name__}.archive_hook", f"{__name__}.refusing_hook"]


@pytest.fixture(autouse=True)
def _reset_hooks() -> None:
    exported.clear()
    refused_names.clear()


def closed_candidate(closed_on: date, **fields: object) -> Candidate:
    candidate = make_candidate(**fields)
    return services.candidate_set_status(
        actor=None,
        candidate=candidate,
        status=CandidateStatus.CLOSED,
        closed_on=closed_on,
        reason="Flyttet til udlandet",
    )


def run(jobcenter: Jobcenter, **kwargs: object) -> retention.RetentionBatch:
    jobcenter.refresh_from_db()
    with tenant_scope(jobcenter):
        return retention.anonymise_expired(jobcenter=jobcenter, **kwargs)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_exactly_the_expired_candidates_are_anonymised(personas, time_machine) -> None:
    time_machine.move_to("2026-03-10 12:00 +01:00", tick=False)
    personas.aalborg.candidate_retention_years = 2
    personas.aalborg.save()
    with tenant_scope(personas.roskilde):
        expired = closed_candidate(TODAY - timedelta(days=5 * 365 + 2), last_name="Udløbet")
        one_day_past = closed_candidate(date(2021, 3, 9), last_name="Endagover")
        one_day_short = closed_candidate(date(2021, 3, 11), last_name="Endagunder")
        exactly_five = closed_candidate(date(2021, 3, 10), last_name="Praecisfem")
        three_years = closed_candidate(date(2023, 3, 1), last_name="Treaar")
        active = make_candidate(last_name="Aktiv")
        paused = make_candidate(last_name="Pause")
        services.candidate_set_status(actor=None, candidate=paused, status=CandidateStatus.PAUSED)
    with tenant_scope(personas.aalborg):
        aalborg_three_years = closed_candidate(date(2023, 3, 1), last_name="Treaar")
        aalborg_one_year = closed_candidate(date(2025, 3, 1), last_name="Etaar")

    assert run(personas.roskilde).anonymised == 2
    assert run(personas.aalborg).anonymised == 1

    with tenant_scope(personas.roskilde):
        gone = set(Candidate.objects.exclude(anonymised_at=None).values_list("pk", flat=True))
        assert gone == {expired.pk, one_day_past.pk}
        kept = Candidate.objects.filter(
            pk__in=[one_day_short.pk, exactly_five.pk, three_years.pk, active.pk, paused.pk]
        )
        assert sorted(kept.values_list("last_name", flat=True)) == sorted(
            ["Endagunder", "Praecisfem", "Treaar", "Aktiv", "Pause"]
        )
        assert not kept.filter(anonymised_at__isnull=False).exists()
    with tenant_scope(personas.aalborg):
        gone = set(Candidate.objects.exclude(anonymised_at=None).values_list("pk", flat=True))
        assert gone == {aalborg_three_years.pk}
        assert Candidate.objects.get(pk=aalborg_one_year.pk).last_name == "Etaar"

    # The next morning, the candidate closed exactly five years ago has expired too.
    time_machine.move_to("2026-03-11 12:00 +01:00", tick=False)
    assert run(personas.roskilde).anonymised == 1
    with tenant_scope(personas.roskilde):
        assert Candidate.objects.get(pk=exactly_five.pk).is_anonymised


def everything_about_a_candidate(personas, number: str) -> Candidate:  # type: ignore[no-untyped-def]
    """A candidate with every kind of data Jobbro holds, each value easy to search for."""
    team = Team.objects.get(name="Virksomhedsteam")
    consultant = Membership.objects.get(user=personas.consultant_a)
    target_group = services.target_groups_ensure_defaults()[0]
    candidate = make_candidate(
        actor=personas.consultant_a,
        first_name="Ingeborg",
        last_name="Kvistgaard",
        cpr=number,
        email="ingeborg.kvistgaard@example.org",
        phone="+45 31 41 59 26",
        address="Lindevej 17, 2. th.",
        postcode="4000",
        city="Roskilde",
        case_reference="SAG-7741-KVIST",
        consultant=personas.consultant_a,
        team=team,
        target_group=target_group,
        education="Social- og sundhedshjælper fra Kolding 1999",
        danish_level="good",
        driving_licences=["B"],
        hours_per_week=25,
        max_travel_km=30,
        languages=["Dansk", "Færøsk"],
        competences=["Truckcertifikat", "Hygiejnekursus Lindholm"],
        profile_text="Har passet sin mor på Lindholm i mange år.",
    )
    for phone in ("+45 27 18 28 18", "+45 31 41 59 26"):
        services.candidate_update(actor=personas.manager_a, candidate=candidate, phone=phone)
    services.candidate_set_occupations(
        actor=None,
        candidate=candidate,
        wished=list(Occupation.objects.filter(code="9412")),
        held=list(Occupation.objects.filter(code="5322")),
    )
    schemes = {s.name: s for s in services.schemes_ensure_defaults()}
    services.assessment_record(
        actor=personas.consultant_a,
        candidate=candidate,
        scheme=schemes["Matchgruppe 1–5"],
        value="Match 3",
        assessed_on=date(2012, 5, 1),
        note="Ryggen drillede efter ulykken på Lindholm",
    )
    services.assessment_record(
        actor=personas.consultant_a,
        candidate=candidate,
        scheme=schemes["Jobparat / aktivitetsparat"],
        value="Jobparat",
        assessed_on=date(2019, 2, 1),
        note="Klar efter genoptræning i Kvistgaard",
    )
    services.sensitive_note_add(
        actor=personas.consultant_a,
        membership=consultant,
        candidate=candidate,
        kind="health",
        text="Diskusprolaps 2011, tåler ikke tunge løft",
    )
    company = make_company(name="Bageriet ved Åen ApS")
    consent = services.consent_record(
        actor=personas.consultant_a,
        candidate=candidate,
        company=company,
        categories=[ConsentCategory.FULL_NAME, ConsentCategory.CONTACT],
        given_on=date(2019, 3, 1),
        note="Sagt ja ved mødet om bageriet",
    )
    services.consent_withdraw(actor=None, consent=consent, withdrawn_on=date(2019, 6, 1))
    services.consent_record(
        actor=personas.consultant_a,
        candidate=candidate,
        company=None,
        categories=[ConsentCategory.PROFILE],
        given_on=date(2019, 3, 1),
    )
    steps = services.steps_ensure_defaults()
    services.staircase_move(
        actor=None, candidate=candidate, to_step=steps[0], moved_on=date(2019, 1, 5)
    )
    plan = services.staircase_move(
        actor=None,
        candidate=candidate,
        to_step=steps[1],
        moved_on=date(2019, 3, 5),
        note="Praktik hos Lindholm Bageri aftalt med Ingeborg",
    )
    services.sub_goal_add(
        actor=None, plan=plan, text="Ingeborg møder kl. 7 hver dag i fire uger", due_on=None
    )
    return services.candidate_set_status(
        actor=personas.consultant_a,
        candidate=candidate,
        status=CandidateStatus.CLOSED,
        closed_on=date(2020, 1, 15),
        reason="Ingeborg flyttede til Tórshavn",
    )


# Shared reference data, not about anybody: the postcode register names every town, the
# candidate's included.
REFERENCE_TABLES = {"placements_postcode"}


def every_row_as_text() -> dict[str, list[str]]:
    """Every row of every table this jobcenter's scope can read, as JSON text."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
        tables = sorted(name for (name,) in cursor.fetchall() if name not in REFERENCE_TABLES)
        rows = {}
        for table in tables:
            cursor.execute(f'SELECT row_to_json(t)::text FROM "{table}" t')  # noqa: S608 - catalogue names
            rows[table] = [text for (text,) in cursor.fetchall()]
    return rows


@pytest.mark.django_db
def test_no_personal_data_of_an_anonymised_candidate_remains_in_any_table(
    personas, time_machine
) -> None:
    time_machine.move_to("2026-03-10 12:00 +01:00", tick=False)
    number = fictitious_cpr()
    with tenant_scope(personas.roskilde):
        candidate = everything_about_a_candidate(personas, number)
        neighbour = make_candidate(first_name="Naboen", last_name="Bliver")
        services.sensitive_note_add(
            actor=personas.manager_a,
            membership=Membership.objects.get(user=personas.manager_a),
            candidate=neighbour,
            kind="barrier",
            text="Naboens eget notat",
        )
        stored = Candidate.objects.get(pk=candidate.pk)
        assessments_before = list(
            Assessment.objects.filter(candidate=candidate)
            .order_by("assessed_on")
            .values_list("scheme_id", "value", "assessed_on")
        )
        personal = [
            "Ingeborg",
            "Kvistgaard",
            "ingeborg.kvistgaard@example.org",
            "31 41 59 26",
            "27 18 28 18",
            "Lindevej",
            "SAG-7741",
            "Kolding",
            "Færøsk",
            "Lindholm",
            "Diskusprolaps",
            "Tórshavn",
            "Sagt ja",
            number,
            f"{number[:6]}-{number[6:]}",
            stored.cpr_ciphertext,
            stored.cpr_digest,
        ]
        # The access log keeps its rows for its own retention; they name the candidate's old
        # public id, which the anonymised row no longer has, so nothing links them.
        access_log.record(user=personas.consultant_a, action="view", obj=stored)
        old_public_id = str(stored.public_id)
        before = every_row_as_text()
        # Not a vacuous search: before, the person is in the candidate, its history and more.
        assert all(
            any(value in row for row in before["candidates_candidateevent"])
            for value in ("Kvistgaard", stored.cpr_digest, stored.cpr_ciphertext)
        )
        assert any("Diskusprolaps" in row for row in before["candidates_sensitivenoteevent"])

    with override_settings(CANDIDATE_RETENTION_EXPORT_HOOKS=[f"{__name__}.archive_hook"]):
        assert run(personas.roskilde).anonymised == 1

    with tenant_scope(personas.roskilde):
        after = every_row_as_text()
        assert "candidates_candidateevent" in after and "candidates_consentevent" in after
        leaks = [
            (table, value)
            for table, rows in after.items()
            for row in rows
            for value in personal
            if value in row
        ]
        assert leaks == []
        assert not [
            table
            for table, rows in after.items()
            if table.startswith("candidates_") and any(old_public_id in row for row in rows)
        ]
        assert AccessLog.objects.filter(object_id=old_public_id).exists()

        # What the statistics need stays.
        kept = Candidate.objects.get(pk=candidate.pk)
        assert kept.is_anonymised and kept.full_name == "Anonymiseret"
        assert (kept.status, kept.closed_on) == (CandidateStatus.CLOSED, date(2020, 1, 15))
        assert kept.target_group_id == stored.target_group_id and kept.team_id == stored.team_id
        assert kept.cpr_masked == "" and not kept.has_cpr
        assert (
            list(
                Assessment.objects.filter(candidate=candidate)
                .order_by("assessed_on")
                .values_list("scheme_id", "value", "assessed_on")
            )
            == assessments_before
        )
        assert kept.latest_assessment.value == "Jobparat"
        assert StaircaseMove.objects.filter(plan__candidate=candidate).count() == 2
        assert StaircaseSubGoal.objects.filter(plan__candidate=candidate).count() == 1
        assert not kept.history.exists()
        # Gone from every list and look-up.
        assert not selectors.candidate_list().filter(pk=candidate.pk).exists()
        assert selectors.candidate_by_cpr(number) is None

        # The neighbour is untouched, history and all.
        neighbour.refresh_from_db()
        assert neighbour.full_name == "Naboen Bliver" and not neighbour.is_anonymised
        assert neighbour.history.count() == 1
        assert neighbour.sensitive_notes.get().history.count() == 1
    # The hook saw the candidate whole, before anonymising.
    assert exported == [(candidate.pk, "Ingeborg Kvistgaard")]


@pytest.mark.django_db
def test_a_failing_export_hook_holds_back_only_its_candidate(
    personas, time_machine, caplog
) -> None:
    time_machine.move_to("2026-03-10 12:00 +01:00", tick=False)
    with tenant_scope(personas.roskilde):
        first = closed_candidate(date(2020, 1, 1), first_name="Alma", last_name="Arkiveret")
        refused = closed_candidate(date(2020, 1, 1), first_name="Bodil", last_name="Afvist")
        last = closed_candidate(date(2020, 1, 1), first_name="Carl", last_name="Arkiveret")
    refused_names.add("Afvist")

    with override_settings(CANDIDATE_RETENTION_EXPORT_HOOKS=HOOKS), caplog.at_level(logging.INFO):
        batch = run(personas.roskilde)

    assert (batch.anonymised, batch.held_back) == (2, 1)
    with tenant_scope(personas.roskilde):
        assert Candidate.objects.get(pk=first.pk).is_anonymised
        assert Candidate.objects.get(pk=last.pk).is_anonymised
        assert Candidate.objects.get(pk=refused.pk).full_name == "Bodil Afvist"
        # The failed hook's own write was undone with it; the others' stayed.
        assert sorted(
            AccessLog.objects.filter(action="retention_export").values_list("object_id", flat=True)
        ) == sorted(
            str(c.public_id)
            for c in (first, last)  # their ids before anonymising
        )
    log = caplog.text
    assert "RuntimeError" in log and str(refused.pk) in log
    assert "Bodil" not in log and "Afvist" not in log and "Arkiveret" not in log

    # The next night the case system takes it.
    refused_names.clear()
    time_machine.move_to("2026-03-11 02:45 +01:00", tick=False)
    with override_settings(CANDIDATE_RETENTION_EXPORT_HOOKS=HOOKS):
        assert run(personas.roskilde).anonymised == 1
    with tenant_scope(personas.roskilde):
        assert Candidate.objects.get(pk=refused.pk).is_anonymised


@pytest.mark.django_db
def test_running_twice_changes_nothing_more(personas, time_machine) -> None:
    time_machine.move_to("2026-03-10 12:00 +01:00", tick=False)
    with tenant_scope(personas.roskilde):
        everything_about_a_candidate(personas, fictitious_cpr())
        closed_candidate(date(2020, 6, 1), last_name="Anden")
    with override_settings(CANDIDATE_RETENTION_EXPORT_HOOKS=HOOKS):
        assert run(personas.roskilde).anonymised == 2
        with tenant_scope(personas.roskilde):
            first = every_row_as_text()
        time_machine.move_to("2026-03-11 12:00 +01:00", tick=False)
        assert run(personas.roskilde).anonymised == 0
        with tenant_scope(personas.roskilde):
            second = every_row_as_text()

    changed = [t for t in first if t.startswith("candidates_") and first[t] != second[t]]
    assert changed == []
    assert len(exported) == 2  # the hooks were not asked again


@pytest.mark.django_db
def test_batches_move_on_past_a_held_back_candidate(personas, time_machine) -> None:
    time_machine.move_to("2026-03-10 12:00 +01:00", tick=False)
    with tenant_scope(personas.roskilde):
        for name in ("Afvist", "B", "C", "D", "E"):
            closed_candidate(date(2020, 1, 1), last_name=name)
    refused_names.add("Afvist")

    batches = []
    after = 0
    with override_settings(CANDIDATE_RETENTION_EXPORT_HOOKS=HOOKS):
        while True:
            batch = run(personas.roskilde, after_id=after, batch_size=2)
            batches.append((batch.anonymised, batch.held_back, batch.more))
            after = batch.last_id
            if not batch.more:
                break

    assert batches == [(1, 1, True), (2, 0, True), (1, 0, False)]
    with tenant_scope(personas.roskilde):
        assert Candidate.objects.filter(anonymised_at__isnull=True).get().last_name == "Afvist"


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_anonymise_each_candidate_once() -> None:
    from tests.factories import make_personas

    personas = make_personas()
    closed_on = timezone.localdate() - timedelta(days=6 * 365)
    with tenant_scope(personas.roskilde):
        ids = [closed_candidate(closed_on, last_name=f"Samtidig{i}").pk for i in range(4)]

    # The first run's hook waits on the first candidate while it holds the batch locked.
    hook_started.clear()
    hook_release.clear()
    results: dict[str, int] = {}

    def first_run() -> None:
        try:
            with override_settings(CANDIDATE_RETENTION_EXPORT_HOOKS=[f"{__name__}.waiting_hook"]):
                results["first"] = run(personas.roskilde).anonymised
        finally:
            connections.close_all()

    thread = threading.Thread(target=first_run)
    thread.start()
    try:
        assert hook_started.wait(10)
        with override_settings(CANDIDATE_RETENTION_EXPORT_HOOKS=HOOKS):
            results["second"] = run(personas.roskilde).anonymised
    finally:
        hook_release.set()
        thread.join(20)

    assert results == {"first": 4, "second": 0}
    assert sorted(pk for pk, _name in exported) == sorted(ids)
    with tenant_scope(personas.roskilde):
        assert Candidate.objects.filter(anonymised_at__isnull=False).count() == 4


@pytest.mark.django_db(transaction=True)
def test_the_nightly_task_anonymises_through_a_real_worker(
    celery_worker_queue, monkeypatch
) -> None:
    from tests.factories import make_personas

    personas = make_personas()
    personas.aalborg.candidate_retention_years = 10
    personas.aalborg.save()
    # Three expired candidates in batches of two: the task chains a second batch.
    monkeypatch.setattr(retention, "BATCH_SIZE", 2)
    closed_on = timezone.localdate() - timedelta(days=6 * 365)
    with tenant_scope(personas.roskilde):
        expired = [closed_candidate(closed_on, last_name=f"Nat{i}").pk for i in range(3)]
        recent = closed_candidate(timezone.localdate() - timedelta(days=30), last_name="Ny").pk
    with tenant_scope(personas.aalborg):
        kept_by_aalborg = closed_candidate(closed_on, last_name="Aalborg").pk

    assert anonymise_expired_all.apply().get() == 2

    def anonymised() -> set[int]:
        found: set[int] = set()
        for jobcenter in (personas.roskilde, personas.aalborg):
            with tenant_scope(jobcenter):
                found |= set(
                    Candidate.objects.filter(anonymised_at__isnull=False).values_list(
                        "pk", flat=True
                    )
                )
        return found

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and anonymised() != set(expired):
        time.sleep(0.2)
    time.sleep(0.5)  # nothing else arrives late
    assert anonymised() == set(expired)
    assert recent not in anonymised() and kept_by_aalborg not in anonymised()
    # A rerun of the task finds nothing more to do.
    assert anonymise_expired.apply(args=[personas.roskilde.pk]).get() == {
        "anonymised": 0,
        "held_back": 0,
    }


def test_the_nightly_task_is_on_the_beat_schedule() -> None:
    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["anonymise-expired-candidates"]
    assert entry["task"] == anonymise_expired_all.name
    assert entry["task"] in app.tasks


def test_start_up_refuses_an_export_hook_that_cannot_be_imported() -> None:
    with override_settings(CANDIDATE_RETENTION_EXPORT_HOOKS=["jobcenter_archive.nowhere.hook"]):
        errors = check_retention_export_hooks()
    with override_settings(CANDIDATE_RETENTION_EXPORT_HOOKS=HOOKS):
        fine = check_retention_export_hooks()

    assert [e.id for e in errors] == ["jobbro.E007"] and "nowhere" in errors[0].msg
    assert fine == []


@pytest.mark.django_db
def test_an_edit_begun_before_anonymising_cannot_write_the_person_back(personas) -> None:
    with tenant_scope(personas.roskilde):
        candidate = closed_candidate(date(2015, 1, 1), first_name="Gammel", last_name="Læst")
        stale = Candidate.objects.get(pk=candidate.pk)  # read by a request that is still running
        retention.anonymise(candidate_ids=[candidate.pk])

        with pytest.raises(ValidationError):
            services.candidate_update(actor=personas.consultant_a, candidate=stale, city="Ringsted")
        with pytest.raises(ValidationError):
            services.candidate_set_status(
                actor=personas.consultant_a, candidate=stale, status=CandidateStatus.ACTIVE
            )

        row = Candidate.objects.get(pk=candidate.pk)
        assert row.is_anonymised and row.full_name == "Anonymiseret" and not row.has_cpr


@pytest.mark.django_db
def test_no_setting_lets_the_application_rewrite_an_assessment(personas) -> None:
    from django.db import transaction
    from django.db.utils import DatabaseError

    with tenant_scope(personas.roskilde):
        candidate = make_candidate(actor=personas.consultant_a)
        schemes = {s.name: s for s in services.schemes_ensure_defaults()}
        assessment = services.assessment_record(
            actor=personas.consultant_a,
            candidate=candidate,
            scheme=schemes["Jobparat / aktivitetsparat"],
            value="Jobparat",
            assessed_on=date(2019, 2, 1),
            note="Klar efter forløbet",
        )
        with connection.cursor() as cursor:
            # The switch the retention job used to turn on.
            cursor.execute("SELECT set_config('app.candidate_retention', 'on', true)")
        for change in ("value = 'Aktivitetsparat'", "note = ''", "assessed_on = '2020-01-01'"):
            with (
                pytest.raises(DatabaseError, match="assessments are never changed"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(
                    f"UPDATE candidates_assessment SET {change} WHERE id = %s",  # noqa: S608
                    [assessment.pk],
                )
        assessment.refresh_from_db()

    assert (assessment.value, assessment.note) == ("Jobparat", "Klar efter forløbet")
    assert assessment.assessed_on == date(2019, 2, 1)
