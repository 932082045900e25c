"""Matching (issue 6, item 7): the ranking and the reason for every component, the postcode
areas it measures distance by, and presenting a candidate only with what they consented to."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F

from accounts.tenancy import tenant_scope
from candidates import services as candidate_services
from candidates.models import Occupation, TargetGroup
from companies import services as company_services
from companies.models import Activity, JobOpening
from placements import matching, presentations
from placements.models import Postcode, Presentation
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company
from tests.placements.factories import make_placement

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)
START = TODAY + timedelta(days=14)


def occupation(code: str) -> Occupation:
    return Occupation.objects.get(code=code)


def person(first_name: str, *, wished=(), held=(), **fields: Any):  # type: ignore[no-untyped-def]
    candidate = make_candidate(first_name=first_name, last_name="Testesen", **fields)
    candidate_services.candidate_set_occupations(
        actor=None,
        candidate=candidate,
        wished=[occupation(c) for c in wished],
        held=[occupation(c) for c in held],
    )
    return candidate


def groups() -> list[TargetGroup]:
    return candidate_services.target_groups_ensure_defaults()


def warehouse_opening(**fields: Any) -> JobOpening:
    """Warehouse work (DISCO-08 9333), 25 hours a week in Roskilde, from START, meant for the
    first target group (dagpengemodtagere)."""
    company = fields.pop("company", None) or make_company(
        name="Lageret ApS", postcode="4000", city="Roskilde"
    )
    values: dict[str, Any] = {
        "title": "Lagermedarbejder",
        "occupation_code": occupation("9333"),
        "hours_per_week": 25,
        "wished_start": START,
        "target_groups": groups()[:1],
    }
    values.update(fields)
    return company_services.job_opening_create(actor=None, company=company, **values)


def by_name(matches: list[matching.Match]) -> dict[str, matching.Match]:
    return {m.candidate.first_name: m for m in matches}


def component(match: matching.Match, key: str) -> matching.Component:
    return next(c for c in match.components if c.key == key)


# --- ranking and explanations -----------------------------------------------------------------


@time_machine.travel(TODAY)
def test_candidates_are_ranked_by_the_five_components_and_each_says_why(personas) -> None:
    with tenant_scope(personas.roskilde):
        dagpenge, kontanthjaelp = groups()[0], groups()[1]
        opening = warehouse_opening()
        person(
            "Anna",
            wished=["9333"],
            postcode="4000",
            hours_per_week=30,
            max_travel_km=20,
            target_group=dagpenge,
        )
        # Held, not wished; 24 km away with no travel distance given; 15 of 25 hours.
        person("Bo", held=["9333"], postcode="4300", hours_per_week=15, target_group=dagpenge)
        # A related occupation (shelf filler, 9334), far away, hours unknown, another group.
        person("Cai", wished=["9334"], postcode="9000", target_group=kontanthjaelp)
        # Everything fits, but she is in an internship when the job starts.
        dea = person(
            "Dea", wished=["9333"], postcode="4000", hours_per_week=37, target_group=dagpenge
        )
        make_placement(
            personas.consultant_a,
            candidate=dea,
            planned_start=TODAY - timedelta(days=10),
            planned_end=TODAY + timedelta(days=60),
        )
        person("Eva", postcode="4000", hours_per_week=25)
        # Not matched at all: paused, closed.
        paused = person("Finn", wished=["9333"], postcode="4000")
        candidate_services.candidate_set_status(actor=None, candidate=paused, status="paused")
        closed = person("Gry", wished=["9333"], postcode="4000")
        candidate_services.candidate_set_status(
            actor=None, candidate=closed, status="closed", reason="Flyttet"
        )

        matches = matching.candidates_for_opening(opening=opening)

    assert [m.candidate.first_name for m in matches] == ["Anna", "Dea", "Bo", "Eva", "Cai"]
    found = by_name(matches)
    assert found["Anna"].score == 100
    assert [(c.key, c.weight) for c in found["Anna"].components] == [
        ("occupation", 40),
        ("distance", 20),
        ("hours", 15),
        ("availability", 15),
        ("target_group", 10),
    ]

    anna, bo, cai, dea, eva = (found[n] for n in ["Anna", "Bo", "Cai", "Dea", "Eva"])
    # Occupation: wished > held > related > none.
    assert [component(m, "occupation").points for m in (anna, bo, cai, eva)] == [40, 30, 16, 0]
    assert "Ønsker at arbejde som Lagerarbejdere og godshåndterere (9333)" in (
        component(anna, "occupation").reason
    )
    assert "Har erfaring som Lagerarbejdere" in component(bo, "occupation").reason
    assert "Varepåfyldere" in component(cai, "occupation").reason
    assert "DISCO-08-gruppe (933)" in component(cai, "occupation").reason
    assert "Hverken ønske om eller erfaring" in component(eva, "occupation").reason
    # Distance: same postcode, 24 km within the default 25 km, 205 km too far.
    assert component(anna, "distance").points == 20
    assert component(anna, "distance").reason == "Samme postnummer (4000 Roskilde)."
    assert bo.distance_km == pytest.approx(24.4, abs=1)
    assert 9 < component(bo, "distance").points < 12
    assert "Ca. 24 km mellem 4300 Holbæk og 4000 Roskilde" in component(bo, "distance").reason
    assert "ikke har angivet en grænse" in component(bo, "distance").reason
    assert component(cai, "distance").points == 0
    assert "længere end de 25 km" in component(cai, "distance").reason
    # Hours: enough, part, unknown.
    assert [component(m, "hours").points for m in (anna, bo, cai)] == [15, 9, 7.5]
    assert component(bo, "hours").reason == "Kan arbejde 15 af jobbets 25 timer om ugen."
    assert "Kandidatens timetal kendes ikke" in component(cai, "hours").reason
    # Availability: the internship overlaps the wished start.
    assert component(dea, "availability").points == 0
    assert "virksomhedspraktik hos Praktikstedet ApS til 26.01.2027" in (
        component(dea, "availability").reason
    )
    assert "11.12.2026" in component(anna, "availability").reason
    assert component(anna, "availability").points == 15
    # Target group: the opening is meant for dagpengemodtagere.
    assert component(anna, "target_group").points == 10
    assert component(cai, "target_group").points == 0
    assert "tiltænkt Dagpengemodtager" in component(cai, "target_group").reason
    assert "ikke knyttet til en målgruppe" in component(eva, "target_group").reason
    for m in matches:
        assert abs(m.score - sum(c.points for c in m.components)) <= 1


@time_machine.travel(TODAY)
def test_without_a_disco_code_the_other_components_decide(personas) -> None:
    with tenant_scope(personas.roskilde):
        opening = warehouse_opening(occupation_code=None, target_groups=[])
        person("Near", wished=["9333"], postcode="4000", hours_per_week=25)
        person("Far", wished=["9333"], postcode="6700", hours_per_week=25)
        matches = matching.candidates_for_opening(opening=opening)

    assert [m.candidate.first_name for m in matches] == ["Near", "Far"]
    assert {component(m, "occupation").points for m in matches} == {0}
    assert "ingen DISCO-08-stillingsbetegnelse" in component(matches[0], "occupation").reason
    assert "ikke forbeholdt bestemte målgrupper" in component(matches[0], "target_group").reason
    assert component(matches[0], "target_group").points == 10


@time_machine.travel(TODAY)
def test_the_work_is_where_the_opening_says_else_its_workplace_else_its_company(
    personas,
) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Kæden A/S", postcode="8000", city="Aarhus C")
        workplace = company_services.workplace_create(
            actor=None, company=company, name="Lager Roskilde", postcode="4000"
        )
        person("Rikke", postcode="4000", max_travel_km=10)
        at_company = warehouse_opening(company=company)
        at_workplace = warehouse_opening(company=company, workplace=workplace)
        own = warehouse_opening(company=company, workplace=workplace, postcode="4300")
        distances = [
            matching.candidates_for_opening(opening=o)[0].distance_km
            for o in (at_company, at_workplace, own)
        ]

    assert distances[0] == pytest.approx(130, abs=8)  # Aarhus
    assert distances[1] == 0
    assert distances[2] == pytest.approx(24.4, abs=1)  # Holbæk


@time_machine.travel(TODAY)
def test_missing_or_unknown_postcodes_give_half_the_distance_points(personas) -> None:
    with tenant_scope(personas.roskilde):
        opening = warehouse_opening()
        person("Uden", postcode="")
        matches = matching.candidates_for_opening(opening=opening)

    distance = component(matches[0], "distance")
    assert distance.points == 10 and "kandidatens postnummer mangler" in distance.reason


@time_machine.travel(TODAY)
def test_only_this_jobcenters_candidates_are_matched(personas) -> None:
    with tenant_scope(personas.aalborg):
        person("Aalborgenser", wished=["9333"], postcode="4000")
    with tenant_scope(personas.roskilde):
        opening = warehouse_opening()
        person("Roskildenser", wished=["9333"], postcode="4000")
        matches = matching.candidates_for_opening(opening=opening)

    assert [m.candidate.first_name for m in matches] == ["Roskildenser"]


@time_machine.travel(TODAY)
def test_the_limit_caps_the_list_and_queries_do_not_grow_with_candidates(
    personas, django_assert_max_num_queries
) -> None:
    with tenant_scope(personas.roskilde):
        opening = warehouse_opening()
        for i in range(3):
            dea = person(f"Travl {i}", wished=["9333"], held=["9334"], postcode="4300")
            make_placement(personas.consultant_a, candidate=dea, planned_start=TODAY)
            person(f"Ledig {i}", held=["9334"], postcode="4000")
        with django_assert_max_num_queries(8):
            few = matching.candidates_for_opening(opening=opening, limit=4)
        for i in range(20):
            dea = person(f"Travl+ {i}", wished=["9333"], postcode="4300")
            make_placement(personas.consultant_a, candidate=dea, planned_start=TODAY)
            person(f"Ledig+ {i}", held=["9334"], postcode="4000")
        with django_assert_max_num_queries(8):
            many = matching.candidates_for_opening(opening=opening, limit=40)

    assert len(few) == 4 and len(many) == 40


@time_machine.travel(TODAY)
def test_scoring_only_the_occupation_group_gives_the_same_answer_as_scoring_everyone(
    personas, monkeypatch
) -> None:
    """Candidates outside the opening's DISCO-08 group score at most 60; when the best N inside
    it all score more, the others are not scored at all. The answer must not change."""
    with tenant_scope(personas.roskilde):
        opening = warehouse_opening(target_groups=[])
        for i, (postcode, kind) in enumerate(
            [("4000", "wished"), ("4300", "held"), ("4130", "wished"), ("9000", "wished")]
            + [("4000", "related"), ("4600", "held")]
        ):
            codes = {"wished": ["9333"], "held": [], "related": []}
            person(
                f"Gruppe {i}",
                wished=codes[kind] or (["9334"] if kind == "related" else []),
                held=["9333"] if kind == "held" else [],
                postcode=postcode,
                hours_per_week=20 + i,
            )
        for i in range(8):
            person(f"Udenfor {i}", postcode="4000", hours_per_week=30, wished=["5120"])

        def ranked(limit: int) -> list[tuple[str, int]]:
            return [
                (m.candidate.first_name, m.score)
                for m in matching.candidates_for_opening(opening=opening, limit=limit)
            ]

        shortcut = {limit: ranked(limit) for limit in (3, 10)}
        original = matching._rows

        def everyone(sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
            return original(sql, {**params, "rest_max": 1000.0})  # the group never suffices

        monkeypatch.setattr(matching, "_rows", everyone)
        full = {limit: ranked(limit) for limit in (3, 10)}

    assert shortcut == full
    assert all(name.startswith("Gruppe") for name, _score in shortcut[3])
    assert min(score for _name, score in shortcut[3]) > 60
    assert any(name.startswith("Udenfor") for name, _score in shortcut[10])


@time_machine.travel(TODAY)
def test_a_candidate_sees_the_open_openings_that_fit_best(personas) -> None:
    with tenant_scope(personas.roskilde):
        dagpenge = groups()[0]
        bo = person("Bo", held=["9333"], postcode="4300", hours_per_week=30, target_group=dagpenge)
        near = warehouse_opening(title="Lager i Roskilde")
        aalborg = make_company(name="Nordlager ApS", postcode="9000")
        far = warehouse_opening(title="Lager i Aalborg", company=aalborg)
        shelves = warehouse_opening(
            title="Varepåfylder", occupation_code=occupation("9334"), target_groups=[]
        )
        filled = warehouse_opening(title="Besat stilling")
        company_services.job_opening_set_status(actor=None, opening=filled, status="handed_over")
        company_services.job_opening_set_status(actor=None, opening=filled, status="filled")
        ceased = make_company(name="Lukket ApS", postcode="4300")
        warehouse_opening(title="Hos ophørt virksomhed", company=ceased)
        company_services.company_update(actor=None, company=ceased, status="ceased")

        matches = matching.openings_for_candidate(candidate=bo)
        candidate_services.candidate_set_status(actor=None, candidate=bo, status="paused")
        paused = matching.openings_for_candidate(candidate=bo)

    # A held occupation outweighs distance: the Aalborg job comes before the related one
    # nearby, and says it is too far.
    assert [m.opening.pk for m in matches] == [near.pk, far.pk, shelves.pk]
    found = {m.opening.title: m for m in matches}
    assert component(found["Lager i Roskilde"], "occupation").points == 30
    assert "Har erfaring som Lagerarbejdere" in (
        component(found["Lager i Roskilde"], "occupation").reason
    )
    assert component(found["Lager i Aalborg"], "distance").points == 0
    assert "længere end de 25 km" in component(found["Lager i Aalborg"], "distance").reason
    assert component(found["Varepåfylder"], "occupation").points == 16
    assert (
        "Beslægtet fag: Lagerarbejdere og godshåndterere, samme DISCO-08-gruppe (933) som "
        "Varepåfyldere (9334)" in component(found["Varepåfylder"], "occupation").reason
    )
    assert component(found["Varepåfylder"], "target_group").points == 10
    assert {component(m, "availability").points for m in paused} == {0}
    assert "ikke aktiv (sat på pause)" in component(paused[0], "availability").reason


@time_machine.travel(TODAY)
def test_a_placement_that_ends_before_the_wished_start_does_not_block(personas) -> None:
    with tenant_scope(personas.roskilde):
        opening = warehouse_opening()
        ida = person("Ida", wished=["9333"], postcode="4000")
        make_placement(
            personas.consultant_a,
            candidate=ida,
            planned_start=TODAY - timedelta(days=20),
            planned_end=START - timedelta(days=1),
        )
        # Mentor support may run beside a job: it is not exclusive.
        make_placement(
            personas.consultant_a,
            candidate=ida,
            type_code="mentor",
            planned_start=TODAY,
            planned_end=START + timedelta(days=30),
        )
        (match,) = matching.candidates_for_opening(opening=opening)

    assert component(match, "availability").points == 15


# --- the postcode areas -------------------------------------------------------------------------


def test_every_danish_postcode_has_an_approximate_area() -> None:
    anchors = Postcode.objects.filter(code=F("anchor"))

    assert Postcode.objects.count() == 8800  # 1000–9999 without the Faroe Islands and Greenland
    assert anchors.count() == 600
    assert not Postcode.objects.filter(code__in=["3800", "3900"]).exists()
    # A code between anchors takes the nearest anchor of its range.
    assert Postcode.objects.get(code="4035").anchor == "4030"
    assert Postcode.objects.get(code="5100").anchor == "5000"
    assert Postcode.objects.get(code="2999").anchor == "2990"
    assert Postcode.objects.get(code="8000").town == "Aarhus C"


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ("1000", "8000", 157),  # København–Aarhus
        ("4000", "4300", 25),  # Roskilde–Holbæk
        ("9000", "5000", 186),  # Aalborg–Odense
        ("6700", "2100", 261),  # Esbjerg–København Ø
        ("1000", "3700", 150),  # København–Rønne
    ],
)
def test_distances_between_postcode_areas_are_about_right(a: str, b: str, km: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT 6371.0 * sqrt(power(radians(q.longitude - p.longitude)
                   * cos(radians((p.latitude + q.latitude) / 2)), 2)
                   + power(radians(q.latitude - p.latitude), 2))
            FROM placements_postcode p, placements_postcode q WHERE p.code = %s AND q.code = %s
            """,
            [a, b],
        )
        (distance,) = cursor.fetchone()

    assert distance == pytest.approx(km, rel=0.06)


# --- presenting a candidate ---------------------------------------------------------------------


def consent(candidate, company, categories, **fields):  # type: ignore[no-untyped-def]
    return candidate_services.consent_record(
        actor=None,
        candidate=candidate,
        company=company,
        categories=categories,
        given_on=fields.pop("given_on", TODAY - timedelta(days=5)),
        **fields,
    )


@time_machine.travel(TODAY)
def test_presenting_writes_a_contact_log_entry_and_what_was_shared(personas) -> None:
    with tenant_scope(personas.roskilde):
        opening = warehouse_opening()
        anna = person("Anna", wished=["9333"], postcode="4000")
        consent(anna, opening.company, ["full_name", "profile"])
        presentation = presentations.presentation_create(
            actor=personas.consultant_a,
            candidate=anna,
            company=opening.company,
            job_opening=opening,
            categories=["full_name", "profile"],
            note="Ringede til HR; de vil gerne mødes.",
        )
        activity = Activity.objects.select_related("purpose").get()
        stored = Presentation.objects.get()

    assert stored.pk == presentation.pk and stored.activity_id == activity.pk
    assert stored.categories == ["full_name", "profile"]
    assert stored.presented_by == personas.consultant_a
    assert stored.job_opening_id == opening.pk
    assert activity.company_id == opening.company_id
    assert activity.purpose.name == "Konkret kandidat"
    assert activity.consultant == personas.consultant_a
    assert "Kandidaten Anna er præsenteret" in activity.summary
    assert "fulde navn og kompetencer, uddannelse og jobønsker" in activity.summary
    assert "Til jobåbningen Lagermedarbejder" in activity.summary
    assert "de vil gerne mødes" in activity.summary
    # The contact log is read by every colleague: the first name only.
    assert "Testesen" not in activity.summary


@time_machine.travel(TODAY)
def test_presenting_is_refused_for_data_the_candidate_has_not_consented_to_share(
    personas,
) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Lageret ApS")
        other = make_company(name="Konkurrenten ApS")
        bo = person("Bo")
        consent(bo, None, ["profile"])  # employers in general
        consent(bo, other, ["full_name", "contact"])  # another company
        withdrawn = consent(bo, company, ["cv"])
        candidate_services.consent_withdraw(actor=None, consent=withdrawn, withdrawn_on=TODAY)

        with pytest.raises(ValidationError) as error:
            presentations.presentation_create(
                actor=personas.consultant_a,
                candidate=bo,
                company=company,
                categories=["profile", "full_name", "contact", "cv"],
            )
        nothing_saved = not Activity.objects.exists() and not Presentation.objects.exists()
        # What the general consent covers may be shared.
        allowed = presentations.presentation_create(
            actor=personas.consultant_a, candidate=bo, company=company, categories=["profile"]
        )

    message = error.value.message_dict["categories"][0]
    assert error.value.error_dict["categories"][0].code == "not_consented"
    assert (
        "Bo har ikke givet samtykke til at dele fulde navn, kontaktoplysninger og profiltekst "
        "(cv) med Lageret ApS" in message
    )
    assert "fornavnet må altid nævnes" in message
    assert nothing_saved
    assert allowed.categories == ["profile"]


@time_machine.travel(TODAY)
def test_the_first_name_may_always_be_shared(personas) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Lageret ApS")
        cai = person("Cai")
        presentation = presentations.presentation_create(
            actor=personas.consultant_a, candidate=cai, company=company
        )
        summary = Activity.objects.get().summary

    assert presentation.categories == []
    assert "Kun fornavnet er delt" in summary


@time_machine.travel(TODAY)
def test_no_presentation_to_a_ceased_company_or_of_a_closed_candidate(personas) -> None:
    with tenant_scope(personas.roskilde):
        ceased = make_company(name="Lukket ApS")
        company_services.company_update(actor=None, company=ceased, status="ceased")
        company = make_company(name="Lageret ApS")
        opening_elsewhere = warehouse_opening()
        closed = person("Dorte")
        candidate_services.candidate_set_status(
            actor=None, candidate=closed, status="closed", reason="I job"
        )
        errors = []
        for fields in (
            {"candidate": person("Eva"), "company": ceased},
            {"candidate": closed, "company": company},
            {"candidate": person("Finn"), "company": company, "job_opening": opening_elsewhere},
        ):
            with pytest.raises(ValidationError) as error:
                presentations.presentation_create(actor=personas.consultant_a, **fields)
            errors.append(error.value.message_dict)

    assert "ophørt" in errors[0]["company"][0]
    assert "afsluttet" in errors[1]["candidate"][0]
    assert "en anden virksomhed" in errors[2]["job_opening"][0]
