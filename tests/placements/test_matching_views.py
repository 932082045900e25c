"""Matching and presenting in the browser: the ranked lists with each component's reason, and
the presentation form that offers only what the candidate consented to share."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import AccessLog
from accounts.tenancy import tenant_scope
from companies.models import Activity
from placements.models import Presentation
from tests.factories import sign_in
from tests.placements.test_matching import TODAY, consent, person, warehouse_opening

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs: object) -> str:
    return reverse(f"placements:{name}", kwargs={"jobcenter": "roskilde", **kwargs})


def text(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def consultant(personas) -> Client:
    return sign_in(Client(), personas.consultant_a)


@time_machine.travel(TODAY)
def test_an_opening_lists_its_best_candidates_with_the_reason_for_each_part(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        opening = warehouse_opening()
        anna = person("Anna", wished=["9333"], postcode="4000", hours_per_week=25)
        bo = person("Bo", postcode="9000")

    page = consultant.get(url("opening_matches", public_id=opening.public_id))
    html = text(page)

    assert page.status_code == 200
    assert html.index("Anna Testesen") < html.index("Bo Testesen")
    assert "Fag" in html and "Afstand" in html and "Rådighed" in html
    assert "40/40" in html  # Anna wishes for exactly this occupation
    assert "Præsentér" in html and "Opret forløb" in html
    with tenant_scope(personas.roskilde):
        logged = set(AccessLog.objects.filter(action="list").values_list("object_id", flat=True))
    assert {str(anna.public_id), str(bo.public_id)} <= logged


@time_machine.travel(TODAY)
def test_a_candidate_lists_the_openings_that_fit(personas, consultant) -> None:
    with tenant_scope(personas.roskilde):
        opening = warehouse_opening()
        anna = person("Anna", wished=["9333"], postcode="4000")

    page = consultant.get(url("candidate_matches", public_id=anna.public_id))

    assert page.status_code == 200
    assert "Lagermedarbejder" in text(page) and opening.company.name in text(page)
    with tenant_scope(personas.roskilde):
        assert AccessLog.objects.filter(action="view", object_id=str(anna.public_id)).exists()


@time_machine.travel(TODAY)
def test_presenting_shares_only_what_was_consented_and_logs_the_contact(
    personas, consultant
) -> None:
    with tenant_scope(personas.roskilde):
        opening = warehouse_opening()
        anna = person("Anna", wished=["9333"], postcode="4000")
        consent(anna, opening.company, ["profile"])
    address = (
        url("present", candidate_id=anna.public_id, company_id=opening.company.public_id)
        + f"?jobaabning={opening.public_id}"
    )

    form = consultant.get(address)
    refused = consultant.post(
        address, {"categories": ["profile", "contact"], "type": "phone", "note": "Ringede"}
    )
    with tenant_scope(personas.roskilde):
        assert not Presentation.objects.exists() and not Activity.objects.exists()
    done = consultant.post(
        address,
        {
            "categories": ["profile"],
            "type": "phone",
            "note": "Ringede",
            "jobaabning": str(opening.public_id),
        },
    )

    assert "Kontaktoplysninger (intet samtykke)" in text(form)
    assert refused.status_code == 200
    assert "har ikke givet samtykke til at dele kontaktoplysninger" in text(refused)
    assert done.status_code == 302
    with tenant_scope(personas.roskilde):
        presentation = Presentation.objects.get()
        assert presentation.categories == ["profile"]
        assert presentation.job_opening_id == opening.pk
        assert "Ringede" in presentation.activity.summary


def test_another_jobcenters_opening_is_not_found(personas, consultant) -> None:
    with tenant_scope(personas.aalborg):
        opening = warehouse_opening()
    assert consultant.get(url("opening_matches", public_id=opening.public_id)).status_code == 404
