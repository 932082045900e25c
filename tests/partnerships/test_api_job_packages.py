"""The partnerships REST API, jobpakker (issue 7, item 8): demand, modules, the funnel from
enrolled to hired with its conversion, and no query per row."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tenancy import tenant_scope
from companies import services as company_services
from partnerships import services
from partnerships.models import JobPackage
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company
from tests.companies.test_api import token_for
from tests.partnerships.test_api_agreements import Api
from tests.placements.factories import make_placement

pytestmark = pytest.mark.django_db

TODAY = date(2026, 7, 2)
PACKAGES = "/api/v1/roskilde/jobpakker/"


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(TODAY):
        yield


@pytest.fixture
def api(personas) -> Api:
    return Api(token_for(personas.roskilde, personas.consultant_a))


def roofers(personas: Any) -> JobPackage:
    """Six enrolled: five finish the courses, three get to praktik (two by the praktik
    module, one by an internship placement linked to the package), one is hired."""
    with tenant_scope(personas.roskilde):
        company = make_company(name="Tagfirmaet ApS")
        package = services.job_package_save(
            actor=None,
            package=JobPackage(),
            company=company,
            title="Tagdækker trainee",
            positions=4,
            stage="running",
        )
        modules = [
            services.module_add(
                actor=None, package=package, kind=kind, title=title, duration_days=days
            )
            for kind, title, days in (
                ("course", "Sikkerhed på tage", 5),
                ("course", "Tagdækning med pap", 15),
                ("internship", "Praktik", 60),
                ("certificate", "Certifikat", 2),
            )
        ]
        for number in range(6):
            candidate = make_candidate(first_name=f"Deltager {number}")
            participant = services.participant_enrol(
                actor=None, package=package, candidate=candidate
            )
            done = {0: 4, 1: 3, 2: 2, 3: 2, 4: 2, 5: 1}[number]
            for module in modules[:done]:
                services.module_completed(actor=None, participant=participant, module=module)
            if number == 2:
                make_placement(
                    personas.consultant_a,
                    candidate=candidate,
                    company=company,
                    job_package=package,
                )
            if number == 0:
                services.participant_outcome(actor=None, participant=participant, outcome="hired")
            if number == 5:
                services.participant_outcome(
                    actor=None, participant=participant, outcome="dropped_out", reason="Højder"
                )
    return package


def test_a_jobpakke_shows_its_modules_and_where_the_cohort_drops_out(api: Api, personas) -> None:
    package = roofers(personas)

    response = api.get(f"{PACKAGES}{package.public_id}/")

    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["positions"], body["stage"]) == ("Tagdækker trainee", 4, "running")
    assert [(m["position"], m["kind"]) for m in body["modules"]] == [
        (1, "course"),
        (2, "course"),
        (3, "internship"),
        (4, "certificate"),
    ]
    assert [(s["key"], s["count"], s["conversion"]) for s in body["funnel"]] == [
        ("enrolled", 6, None),
        ("modules_completed", 5, 83),
        ("praktik", 3, 60),
        ("hired", 1, 33),
    ]
    assert body["funnel"][1]["label"] == "Moduler gennemført"
    assert body["outcomes"] == {"in_progress": 4, "hired": 1, "not_hired": 0, "dropped_out": 1}
    assert (body["enrolled"], body["hired"]) == (6, 1)


def test_an_empty_jobpakke_has_a_funnel_without_conversions(api: Api, personas) -> None:
    with tenant_scope(personas.roskilde):
        package = services.job_package_save(
            actor=None, package=JobPackage(), company=make_company(), title="Tom"
        )

    body = api.get(f"{PACKAGES}{package.public_id}/").json()

    assert [(s["count"], s["conversion"]) for s in body["funnel"]] == [(0, None)] * 4


def test_a_jobpakke_is_created_with_its_modules_in_order(api: Api, personas) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Hotellet A/S")
        opening = company_services.job_opening_create(
            actor=None, company=company, title="Rengøringsassistent"
        )
        other_opening = company_services.job_opening_create(
            actor=None, company=make_company(name="Naboen ApS"), title="Kok"
        )
    good = {
        "company": str(company.public_id),
        "job_opening": str(opening.public_id),
        "title": "Hotel og rengøring",
        "competence_profile": "Service og rengøring efter standard.",
        "positions": 6,
        "modules": [
            {"kind": "danish", "title": "Dansk på arbejdspladsen", "duration_days": 20},
            {"kind": "course", "title": "Hotelrengøring", "duration_days": 10, "amu_number": "1"},
        ],
    }

    created = api.post(PACKAGES, good)

    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["stage"] == "draft" and body["job_opening"] == str(opening.public_id)
    assert [(m["position"], m["title"]) for m in body["modules"]] == [
        (1, "Dansk på arbejdspladsen"),
        (2, "Hotelrengøring"),
    ]
    assert body["funnel"][0] == {
        "key": "enrolled",
        "label": "Optaget",
        "count": 0,
        "conversion": None,
    }

    others = api.post(PACKAGES, good | {"job_opening": str(other_opening.public_id)})
    assert others.status_code == 400
    assert others.json() == {"job_opening": ["Jobåbningen hører til en anden virksomhed."]}
    bad_module = api.post(
        PACKAGES, good | {"modules": [{"kind": "magic", "title": "", "duration_days": 0}]}
    )
    assert bad_module.status_code == 400, bad_module.json()
    assert bad_module.json()["modules"]["0"] == {
        "kind": ['"magic" er ikke et gyldigt valg.'],
        "title": ["Dette felt må ikke være tomt."],
        "duration_days": ["Tjek at værdien er større end eller lig med 1."],
    }
    assert api.post(PACKAGES, good | {"positions": 0}).status_code == 400
    with tenant_scope(personas.roskilde):
        assert JobPackage.objects.count() == 1


def test_the_list_filters_and_costs_the_same_queries_for_many_packages(
    api: Api, personas, django_assert_max_num_queries
) -> None:
    roofers(personas)

    def add(n: int) -> None:
        with tenant_scope(personas.roskilde):
            company = make_company(name=f"Hotel {n}")
            for i in range(n):
                package = services.job_package_save(
                    actor=None, package=JobPackage(), company=company, title=f"Hotel {n}-{i}"
                )
                services.module_add(
                    actor=None, package=package, kind="course", title="Kursus", duration_days=3
                )
                services.participant_enrol(actor=None, package=package, candidate=make_candidate())

    add(1)
    with CaptureQueriesContext(connection) as few:
        assert api.get(PACKAGES).status_code == 200
    add(9)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = api.get(PACKAGES, {"page_size": 100})
    assert response.json()["count"] == 11

    def titles(**params: Any) -> list[str]:
        return [row["title"] for row in api.get(PACKAGES, params).json()["results"]]

    assert titles(stage="running") == ["Tagdækker trainee"]
    assert titles(search="tag") == ["Tagdækker trainee"]
    assert len(titles(stage="draft")) == 10
    row = next(r for r in api.get(PACKAGES).json()["results"] if r["title"] == "Hotel 1-0")
    assert (row["enrolled"], row["hired"], len(row["modules"])) == (1, 0, 1)
    assert api.get(PACKAGES, {"stage": "done"}).status_code == 400
