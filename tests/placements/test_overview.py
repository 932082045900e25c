"""The placements on a candidate's page and on a company's page: a consultant sees who is busy
where (running, planned and ended, each a link) before an overlap error tells them."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import AccessLog
from accounts.tenancy import tenant_scope
from placements import services
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company
from tests.factories import Personas, sign_in
from tests.placements.factories import make_placement

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)


def text(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(response.content.decode().split())


def section(html: str) -> str:
    """The page's "Forløb" section, up to the next section heading of the same level."""
    start = html.index('<h2 id="forloeb">')
    end = html.find("<h2", start + 1)
    return html[start : end if end != -1 else None]


@pytest.fixture
def consultant(personas: Personas) -> Client:
    return sign_in(Client(), personas.consultant_a)


@pytest.fixture
def history(personas: Personas):  # type: ignore[no-untyped-def]
    """Ida: ended at Bageriet, running at Lageret, planned at Kantinen."""
    with time_machine.travel(TODAY - timedelta(days=200)), tenant_scope(personas.roskilde):
        ida = make_candidate(first_name="Ida", last_name="Holm")
        bakery = make_company(name="Bageriet ApS")
        ended = make_placement(
            personas.consultant_a,
            candidate=ida,
            company=bakery,
            planned_start=TODAY - timedelta(days=190),
            planned_end=TODAY - timedelta(days=100),
        )
    with time_machine.travel(TODAY), tenant_scope(personas.roskilde):
        services.placement_end(
            actor=personas.consultant_a,
            placement=ended,
            ended_on=TODAY - timedelta(days=120),
            outcome="back_on_benefit",
            interrupted=True,
            reason="Sygdom",
        )
        warehouse = make_company(name="Lageret A/S")
        running = make_placement(
            personas.consultant_a,
            candidate=ida,
            company=warehouse,
            planned_start=TODAY - timedelta(days=10),
            planned_end=TODAY + timedelta(days=30),
        )
        services.placement_start(
            actor=personas.consultant_a, placement=running, started_on=TODAY - timedelta(days=10)
        )
        planned = make_placement(
            personas.consultant_a,
            candidate=ida,
            company=make_company(name="Kantinen I/S"),
            planned_start=TODAY + timedelta(days=60),
            planned_end=TODAY + timedelta(days=120),
        )
        # Someone else's placement in the warehouse, and one of Ida's elsewhere in Aalborg is
        # impossible: each jobcenter keeps its own.
        other = make_placement(
            personas.consultant_a,
            candidate=make_candidate(first_name="Omar", last_name="Berg"),
            company=warehouse,
            planned_start=TODAY + timedelta(days=3),
            planned_end=TODAY + timedelta(days=40),
        )
    return {"ida": ida, "ended": ended, "running": running, "planned": planned, "other": other}


@time_machine.travel(TODAY)
def test_the_candidate_page_lists_running_planned_and_ended_placements_with_links(
    personas, consultant, history
) -> None:
    ida = history["ida"]

    response = consultant.get(
        reverse("candidates:detail", kwargs={"jobcenter": "roskilde", "public_id": ida.public_id})
    )

    html = section(text(response))
    running, planned, ended = (
        html.index("I gang (1)"),
        html.index("Planlagt (1)"),
        html.index("Afsluttet (1)"),
    )
    assert running < html.index("Lageret A/S") < planned < html.index("Kantinen I/S") < ended
    assert ended < html.index("Bageriet ApS")
    assert "Afbrudt" in html and "Tilbage på ydelse" in html
    for placement in (history["running"], history["planned"], history["ended"]):
        assert f"/roskilde/forloeb/{placement.public_id}/" in html
        assert f"/roskilde/virksomheder/{placement.company.public_id}/" in html
    assert "Omar" not in html  # another candidate's placement
    assert "Start ikke registreret" not in html  # the planned one starts later
    assert f"/roskilde/forloeb/?candidate={ida.public_id}" in html


@time_machine.travel(TODAY)
def test_the_company_page_lists_its_placements_and_logs_each_person_shown(
    personas, consultant, history
) -> None:
    warehouse = history["running"].company

    response = consultant.get(
        reverse(
            "companies:detail",
            kwargs={"jobcenter": "roskilde", "public_id": warehouse.public_id},
        )
    )

    html = section(text(response))
    assert re.search(r"I gang \(1\).*Ida Holm.*Planlagt \(1\).*Omar Berg", html)
    assert "Kantinen" not in html and "Bageriet" not in html  # Ida's other placements
    assert f"/roskilde/forloeb/{history['running'].public_id}/" in html
    assert f"/roskilde/forloeb/{history['other'].public_id}/" in html
    assert f"/roskilde/forloeb/?company={warehouse.public_id}" in html
    with tenant_scope(personas.roskilde):
        logged = set(AccessLog.objects.filter(action="list").values_list("object_id", flat=True))
    assert logged == {str(history["ida"].public_id), str(history["other"].candidate.public_id)}


@time_machine.travel(TODAY)
def test_a_company_page_shows_the_latest_ended_placements_and_counts_the_rest(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Store Arbejdsplads A/S")
        for n in range(12):
            placement = make_placement(
                personas.consultant_a,
                candidate=make_candidate(first_name=f"Person{n:02d}", last_name="Test"),
                company=company,
                planned_start=date(2026, 1, 5) + timedelta(days=7 * n),
                planned_end=date(2026, 1, 9) + timedelta(days=7 * n),
            )
            services.placement_end(
                actor=None,
                placement=placement,
                ended_on=date(2026, 1, 9) + timedelta(days=7 * n),
                outcome="ordinary_job",
            )

    response = consultant.get(
        reverse(
            "companies:detail", kwargs={"jobcenter": "roskilde", "public_id": company.public_id}
        )
    )

    html = section(text(response))
    assert "Afsluttet (de seneste 10 af 12)" in html
    assert "Person11" in html and "Person02" in html
    assert "Person01" not in html and "Person00" not in html  # the oldest two
    with tenant_scope(personas.roskilde):
        assert AccessLog.objects.filter(action="list").count() == 10  # only those shown


def test_a_candidate_without_placements_says_so_and_offers_a_new_one(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        candidate = make_candidate(first_name="Asta", last_name="Nielsen")

    response = consultant.get(
        reverse(
            "candidates:detail", kwargs={"jobcenter": "roskilde", "public_id": candidate.public_id}
        )
    )

    html = section(text(response))
    assert "Kandidaten har ingen forløb." in html
    assert f"/roskilde/forloeb/nyt/?kandidat={candidate.public_id}" in html


@time_machine.travel(TODAY)
def test_a_planned_placement_whose_start_has_passed_is_flagged(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        placement = make_placement(
            personas.consultant_a,
            planned_start=TODAY - timedelta(days=7),
            planned_end=TODAY + timedelta(days=60),
        )

    response = consultant.get(
        reverse(
            "companies:detail",
            kwargs={"jobcenter": "roskilde", "public_id": placement.company.public_id},
        )
    )

    assert "Planlagt (1)" in section(text(response))
    assert "Start ikke registreret" in section(text(response))
