"""Anonymising a candidate who has been through every part of Jobbro leaves nothing behind
that names them: the whole database (every text, varchar, json and text-array column of every
table, read from information_schema, so a table added later is searched too) holds neither
their names, CPR number, e-mail nor telephone number afterwards."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Job, Membership
from accounts.tenancy import platform_connection, platform_scope, tenant_scope
from candidates import retention, services
from candidates.models import Candidate, CandidateStatus, ConsentCategory, Occupation
from companies import services as company_services
from companies.models import ActivityType
from partnerships import services as partnership_services
from partnerships.models import JobPackage
from placements import presentations
from placements import services as placement_services
from placements.models import AfterCheck, FollowUp, Notification
from tests.candidates.factories import fictitious_cpr, make_candidate
from tests.companies.factories import make_company, purpose
from tests.factories import Personas, sign_in
from tests.partnerships.factories import make_centre
from tests.placements.factories import make_placement

# The search runs on the platform role's own connection, which sees only committed rows.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "platform"])

FIRST, LAST = "Ottilia", "Vindelbrandt"
EMAIL = "ottilia.vindelbrandt@example.org"
PHONE = "+45 61 80 33 98"

# Column types that hold text: what a name, a number or an address could be written into.
TEXT_TYPES = ("text", "character varying", "character", "json", "jsonb")
TEXT_ARRAYS = ("_text", "_varchar", "_bpchar")


def text_columns() -> list[tuple[str, str]]:
    """Every text-holding column of every table in the schema, as the catalogue lists them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.table_name, c.column_name FROM information_schema.columns c "
            "JOIN information_schema.tables t "
            "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
            "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' "
            "AND (c.data_type = ANY(%s) OR (c.data_type = 'ARRAY' AND c.udt_name = ANY(%s))) "
            "ORDER BY 1, 2",
            [list(TEXT_TYPES), list(TEXT_ARRAYS)],
        )
        return list(cursor.fetchall())


def found_in_database(terms: list[str]) -> set[tuple[str, str, str]]:
    """(table, column, term) for every term found in any row of any jobcenter (the search
    runs in the platform scope, which row-level security lets see every row), ignoring case."""
    wanted = [(term, term.casefold()) for term in terms]
    found = set()
    with platform_scope(actor="test", reason="Search the database for an anonymised person"):
        columns = text_columns()
        with platform_connection().cursor() as cursor:
            for table, column in columns:
                cursor.execute(
                    f'SELECT "{column}"::text FROM "{table}" WHERE "{column}" IS NOT NULL'  # noqa: S608 - names from the catalogue
                )
                for (value,) in cursor.fetchall():
                    folded = value.casefold()
                    found |= {(table, column, term) for term, low in wanted if low in folded}
    return found


def a_whole_life_in_jobbro(personas: Personas, number: str) -> Candidate:
    """Ottilia, registered with everything a candidate has, placed (with follow-ups, after-
    checks and a note in the bell), presented, on a waiting list, in a jobpakke, named in the
    contact log, looked up, printed and taken out under Indsigt, and then closed long ago."""
    admin = sign_in(Client(), personas.admin_a)
    consultant = sign_in(Client(), personas.consultant_a)
    with tenant_scope(personas.roskilde):
        team = Membership.objects.get(user=personas.consultant_a).team
        candidate = make_candidate(
            actor=personas.consultant_a,
            first_name=FIRST,
            last_name=LAST,
            cpr=number,
            email=EMAIL,
            phone=PHONE,
            address="Snerlevej 3",
            postcode="4000",
            city="Roskilde",
            case_reference=f"SAG-{LAST}",
            consultant=personas.consultant_a,
            team=team,
            profile_text=f"{FIRST} har kørt truck i ti år.",
            competences=["Truckcertifikat"],
        )
        services.candidate_update(
            actor=personas.consultant_a, candidate=candidate, education=f"Kursus med {FIRST}"
        )
        services.candidate_set_occupations(
            actor=None,
            candidate=candidate,
            wished=list(Occupation.objects.filter(code="9412")),
            held=[],
        )
        scheme = services.schemes_ensure_defaults()[0]
        services.assessment_record(
            actor=personas.consultant_a,
            candidate=candidate,
            scheme=scheme,
            value=scheme.values[0],
            assessed_on=date(2019, 2, 1),
            note=f"{FIRST} er klar",
        )
        services.sensitive_note_add(
            actor=personas.consultant_a,
            membership=Membership.objects.get(user=personas.consultant_a),
            candidate=candidate,
            kind="health",
            text=f"{FIRST} har ondt i ryggen",
        )
        bakery = make_company(name="Bageriet ved Åen ApS")
        services.consent_record(
            actor=personas.consultant_a,
            candidate=candidate,
            company=bakery,
            categories=[ConsentCategory.FULL_NAME, ConsentCategory.CONTACT],
            given_on=date(2019, 3, 1),
            note=f"{FIRST} sagde ja",
        )
        steps = services.steps_ensure_defaults()
        plan = services.staircase_move(
            actor=None, candidate=candidate, to_step=steps[0], moved_on=date(2019, 1, 5)
        )
        services.sub_goal_add(actor=None, plan=plan, text=f"{FIRST} møder til tiden")

        # Placed in the bakery, followed up, and interrupted; checked on afterwards.
        placement = make_placement(
            personas.consultant_a,
            candidate=candidate,
            company=bakery,
            planned_start=date(2019, 9, 2),
            planned_end=date(2019, 11, 29),
            tasks=f"Bagning sammen med {FIRST}",
        )
        first = FollowUp.objects.filter(placement=placement).order_by("due_on").first()
        placement_services.followup_complete(
            actor=None, followup=first, notes=f"{FIRST} trives", done_on=date(2019, 9, 5)
        )
        by_hand = placement_services.followup_add(
            actor=personas.consultant_a,
            placement=placement,
            label=f"Spørg {FIRST} om vagtplanen",
            due_on=date(2019, 9, 20),
        )
        placement_services.placement_end(
            actor=None,
            placement=placement,
            ended_on=date(2019, 10, 15),
            outcome="back_on_benefit",
            interrupted=True,
            reason=f"{FIRST} blev syg",
            outcome_note=f"Ring til {FIRST} på {PHONE}",
        )
        AfterCheck.objects.create(
            placement=placement,
            months=3,
            checked_on=date(2020, 1, 10),
            where=f"{FIRST} er i job hos Netto",
            note=f"{LAST} er glad",
        )
        # The contact log: the bakery's entry names her by first name, the shop's by full name,
        # e-mail and telephone; the bell copied the next step and the follow-up's label.
        visit = company_services.activity_create(
            actor=personas.consultant_a,
            company=bakery,
            type=ActivityType.VISIT,
            purpose=purpose(),
            occurred_at=datetime(2019, 9, 10, 10, tzinfo=UTC),
            summary=f"Besøg: {FIRST} passer godt ind.",
            outcome=f"Bageren vil ansætte {FIRST.lower()}",
            next_step=f"Ring til {FIRST} om kontrakten",
            next_step_due=date(2019, 9, 30),
        )
        shop = make_company(name="Butikken ApS")
        company_services.activity_create(
            actor=personas.consultant_a,
            company=shop,
            type=ActivityType.PHONE,
            purpose=purpose(),
            summary=f"Nævnte {FIRST.upper()} {LAST} ({EMAIL}, {PHONE}) for HR.",
        )
        for subject in ({"activity": visit, "text": visit.next_step}, {"followup": by_hand}):
            Notification.objects.create(
                user=personas.consultant_a,
                kind="due",
                day=date(2019, 9, 20),
                text=subject.pop("text", by_hand.label),
                **subject,
            )
        # Presented to the shop, with a note in the consultant's words.
        presentations.presentation_create(
            actor=personas.consultant_a,
            candidate=candidate,
            company=shop,
            note=f"{FIRST} {LAST} kan starte straks; ring {PHONE}.",
        )
        # On a virksomhedscenter's waiting list, and in a jobpakke that did not end in a job.
        centre = make_centre(company=make_company(name="Centret ApS"))
        partnership_services.waiting_list_add(
            actor=personas.consultant_a,
            contract=centre,
            candidate=candidate,
            note=f"{FIRST} vil helst have morgenvagter",
        )
        package = partnership_services.job_package_save(
            actor=None,
            package=JobPackage(),
            company=make_company(name="Truckfirmaet ApS"),
            title="Truckførere",
            positions=2,
        )
        participant = partnership_services.participant_enrol(
            actor=None, package=package, candidate=candidate
        )
        partnership_services.participant_outcome(
            actor=None,
            participant=participant,
            outcome="not_hired",
            reason=f"{FIRST} bestod ikke truckprøven",
        )

    # Looked up, the full number shown, the look-up history printed and Indsigt taken out.
    def url(name: str) -> str:
        return reverse(
            f"candidates:{name}",
            kwargs={"jobcenter": "roskilde", "public_id": candidate.public_id},
        )

    assert consultant.get(url("detail")).status_code == 200
    assert consultant.post(url("cpr_reveal"), {"purpose": "Lønsedler"}).status_code == 200
    assert consultant.get(url("sensitive"), {"formaal": "Opfølgning"}).status_code == 200
    assert admin.post(url("lookup_history_pdf")).status_code == 302
    assert admin.post(url("subject_access")).status_code == 302

    with tenant_scope(personas.roskilde):
        return services.candidate_set_status(
            actor=personas.consultant_a,
            candidate=Candidate.objects.get(pk=candidate.pk),
            status=CandidateStatus.CLOSED,
            closed_on=date(2020, 1, 15),
            reason=f"{FIRST} flyttede",
        )


def test_an_anonymised_candidate_is_nowhere_in_the_database(personas, time_machine) -> None:
    time_machine.move_to("2026-03-10 12:00 +01:00", tick=False)
    number = fictitious_cpr()
    candidate = a_whole_life_in_jobbro(personas, number)
    phone_digits = PHONE.replace(" ", "").removeprefix("+45")
    terms = [FIRST, LAST, number, f"{number[:6]}-{number[6:]}", EMAIL, PHONE, phone_digits]

    before = {table for table, _column, _term in found_in_database(terms)}
    # Not a vacuous search: before, she is all over the database.
    assert {
        "candidates_candidate",
        "candidates_candidateevent",
        "candidates_assessment",
        "candidates_sensitivenote",
        "candidates_consent",
        "candidates_staircasesubgoal",
        "placements_placement",
        "placements_placementevent",
        "placements_followup",
        "placements_aftercheck",
        "placements_notification",
        "companies_activity",
        "partnerships_waitinglistentry",
        "partnerships_jobpackageparticipant",
    } <= before
    with tenant_scope(personas.roskilde):
        jobs = Job.objects.filter(params__candidate=candidate.pk)
        assert jobs.count() == 2
        # The look-up history's and Indsigt's jobs never carried her name in their titles.
        assert not [title for title in jobs.values_list("title", flat=True) if FIRST in title]

        batch = retention.anonymise_expired(jobcenter=personas.roskilde)

    assert batch.anonymised == 1
    assert found_in_database(terms) == set()
    with tenant_scope(personas.roskilde):
        assert not Job.objects.filter(params__candidate=candidate.pk).exists()
        # What the statistics need stays: the rows, the outcome, the funnel.
        kept = Candidate.objects.get(pk=candidate.pk)
        assert kept.is_anonymised and kept.placements.get().outcome == "back_on_benefit"
        assert kept.presentations.count() == 1
        assert AfterCheck.objects.filter(placement__candidate=kept).count() == 1


def test_the_contact_log_loses_the_candidate_at_the_companies_they_knew_only(
    personas, time_machine
) -> None:
    time_machine.move_to("2026-03-10 12:00 +01:00", tick=False)
    with tenant_scope(personas.roskilde):
        bakery = make_company(name="Bageriet ApS")
        other = make_company(name="Smeden ApS")
        leaving = make_candidate(first_name="Åse", last_name="Ørnebjerg", phone="22 33 44 55")
        make_placement(
            personas.consultant_a,
            candidate=leaving,
            company=bakery,
            planned_start=date(2019, 9, 2),
            planned_end=date(2019, 11, 29),
        )
        services.candidate_set_status(
            actor=None,
            candidate=Candidate.objects.get(pk=leaving.pk),
            status=CandidateStatus.CLOSED,
            closed_on=date(2020, 1, 15),
            reason="Flyttet",
        )

        def log(company, summary):  # type: ignore[no-untyped-def]
            return company_services.activity_create(
                actor=personas.consultant_a,
                company=company,
                type=ActivityType.PHONE,
                purpose=purpose(),
                occurred_at=timezone.now() - timedelta(days=1),
                summary=summary,
            )

        at_bakery = log(bakery, "ÅSE starter mandag; Åsebakken er lukket; ring 22334455.")
        at_smithy = log(other, "Åse fra Smeden er syg.")
        retention.anonymise_expired(jobcenter=personas.roskilde)
        at_bakery.refresh_from_db()
        at_smithy.refresh_from_db()

    # At the company she was placed in, her first name goes, however it is written, and her
    # number; a word that merely begins like it stays.
    assert at_bakery.summary == "[…] starter mandag; Åsebakken er lukket; ring […]."
    # A company she never had to do with keeps its log: its Åse is someone else.
    assert at_smithy.summary == "Åse fra Smeden er syg."
