"""The partnerships REST API, agreements and commitments (issue 7, item 8): shapes, filters,
writes through the services, 400 on the field (never 500), and no query per row."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client

from accounts.tenancy import tenant_scope
from companies import services as company_services
from partnerships import services
from partnerships.models import Agreement, AgreementStatus, Commitment
from tests.companies.factories import make_company, purpose
from tests.companies.test_api import token_for
from tests.partnerships.factories import make_agreement
from tests.placements.factories import make_placement

pytestmark = pytest.mark.django_db

TODAY = date(2026, 7, 2)
BASE = "/api/v1/roskilde"
AGREEMENTS = f"{BASE}/agreements/"


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(TODAY):
        yield


class Api:
    def __init__(self, token: str) -> None:
        self.client = Client(headers={"authorization": f"Bearer {token}"})

    def get(self, url: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(url, params or {})

    def post(self, url: str, body: Any) -> Any:
        return self.client.post(url, body, content_type="application/json")

    def patch(self, url: str, body: Any) -> Any:
        return self.client.patch(url, body, content_type="application/json")


@pytest.fixture
def api(personas) -> Api:
    return Api(token_for(personas.roskilde, personas.consultant_a))


def commit(agreement: Agreement, area: str, target: int, per: str = "year") -> Commitment:
    return services.commitment_save(
        actor=None, commitment=Commitment(agreement=agreement), area=area, target=target, per=per
    )


def sign(agreement: Agreement, actor: Any) -> Agreement:
    services.agreement_set_status(actor=actor, agreement=agreement, status="awaiting_signature")
    return services.agreement_set_status(
        actor=actor,
        agreement=agreement,
        status="signed",
        signed_on=date(2026, 1, 5),
        signed_by_company="Direktør Dorte",
    )


@pytest.fixture
def behind_and_ahead(personas) -> tuple[Agreement, Agreement]:
    """Two signed agreements this year: the bakery's promise of 4 internships has one
    (behind by July), the canteen's promise of 1 has two (ahead)."""
    with tenant_scope(personas.roskilde):
        bakery = make_agreement(
            personas.consultant_a,
            company=make_company(name="Bageriet ApS"),
            title="Bageriets partnerskab",
        )
        canteen = make_agreement(
            personas.manager_a,
            company=make_company(name="Kantinen ApS"),
            title="Kantinens samarbejde",
            starts_on=date(2026, 2, 1),
        )
        for agreement, target, count in ((bakery, 4, 1), (canteen, 1, 2)):
            sign(agreement, personas.consultant_a)
            commit(agreement, "internships", target)
            for month in range(count):
                make_placement(
                    personas.consultant_a,
                    company=agreement.company,
                    agreement=agreement,
                    planned_start=date(2026, 3 + month * 2, 2),
                    actual_start=date(2026, 3 + month * 2, 2),
                    planned_end=date(2026, 4 + month * 2, 1),
                )
    return bakery, canteen


# --- reading -----------------------------------------------------------------------------------


def test_an_agreement_shows_its_parties_period_phase_and_targets_against_actuals(
    api: Api, behind_and_ahead, personas
) -> None:
    bakery, _canteen = behind_and_ahead

    response = api.get(f"{AGREEMENTS}{bakery.public_id}/")

    assert response.status_code == 200
    body = response.json()
    assert body["public_id"] == str(bakery.public_id)
    assert body["type"]["name"] == "Partnerskabsaftale"
    assert body["company"]["name"] == "Bageriet ApS"
    assert body["jobcenter_contact"] == "consultant@roskilde.example"
    assert (body["starts_on"], body["ends_on"]) == ("2026-01-01", "2027-12-31")
    assert (body["status"], body["phase"], body["phase_label"]) == ("signed", "active", "Aktiv")
    assert (body["signed_on"], body["signed_by_company"]) == ("2026-01-05", "Direktør Dorte")
    assert body["is_behind"] is True
    [line] = body["commitments"]
    assert (line["area"], line["target"], line["per"], line["actual"]) == (
        "internships",
        4,
        "year",
        1,
    )
    assert (line["window_starts"], line["window_ends"]) == ("2026-01-01", "2026-12-31")
    assert line["expected_now"] == 2 and line["is_behind"] is True and line["percent"] == 25
    assert line["unit"] == "forløb"
    assert "virksomhedspraktik" in line["rule"]
    assert "id" not in body and "pk" not in body

    commitments = api.get(f"{AGREEMENTS}{bakery.public_id}/commitments/")
    assert commitments.status_code == 200
    assert commitments.json() == body["commitments"]


def test_the_list_filters_by_type_status_phase_company_behind_and_search(
    api: Api, behind_and_ahead, personas
) -> None:
    bakery, canteen = behind_and_ahead
    with tenant_scope(personas.roskilde):
        draft = make_agreement(
            personas.consultant_a,
            company=make_company(name="Tømreren ApS"),
            title="Rammeaftale om praktik",
            agreement_type=services.agreement_types_ensure_defaults()[2],
        )

    def titles(**params: Any) -> list[str]:
        response = api.get(AGREEMENTS, params)
        assert response.status_code == 200, response.json()
        return [row["title"] for row in response.json()["results"]]

    assert titles() == ["Kantinens samarbejde", "Rammeaftale om praktik", "Bageriets partnerskab"]
    assert titles(behind="true") == ["Bageriets partnerskab"]
    assert titles(behind="false") == ["Kantinens samarbejde", "Rammeaftale om praktik"]
    assert titles(status="draft") == ["Rammeaftale om praktik"]
    assert titles(phase="active") == ["Kantinens samarbejde", "Bageriets partnerskab"]
    assert titles(phase="ended") == []
    assert titles(type="Rammeaftale om virksomhedspraktik") == ["Rammeaftale om praktik"]
    assert titles(company=str(canteen.company.public_id)) == ["Kantinens samarbejde"]
    assert titles(search="bageri") == ["Bageriets partnerskab"]
    assert titles(ending_within_days=30) == []
    assert titles(ending_within_days=600) == ["Kantinens samarbejde", "Bageriets partnerskab"]
    assert titles(jobcenter_contact="me") == ["Rammeaftale om praktik", "Bageriets partnerskab"]
    assert titles(ordering="title") == [
        "Bageriets partnerskab",
        "Kantinens samarbejde",
        "Rammeaftale om praktik",
    ]
    rows = {row["title"]: row for row in api.get(AGREEMENTS).json()["results"]}
    assert rows["Kantinens samarbejde"]["commitments"][0]["actual"] == 2
    assert rows["Kantinens samarbejde"]["is_behind"] is False
    assert rows["Rammeaftale om praktik"]["commitments"] == []
    assert draft.public_id

    bad = api.get(AGREEMENTS, {"phase": "sleeping", "type": "Ukendt", "behind": "maybe"})
    assert bad.status_code == 400
    assert set(bad.json()) == {"phase", "type", "behind"}


def test_the_list_costs_the_same_queries_for_many_agreements(
    api: Api, personas, django_assert_max_num_queries
) -> None:
    def add(n: int) -> None:
        with tenant_scope(personas.roskilde):
            company = make_company(name=f"Partner {n} ApS")
            contact = company_services.contact_create(actor=None, company=company, name="Dorte")
            workplace = company_services.workplace_create(actor=None, company=company, name="Lager")
            for i in range(n):
                agreement = make_agreement(
                    personas.consultant_a,
                    company=company,
                    title=f"Aftale {n}-{i}",
                    workplaces=[workplace],
                    signatories=[contact],
                    parties=[make_company(name=f"Fagforening {n}-{i}", kind="union")],
                )
                commit(agreement, "internships", 2)
                commit(agreement, "events", 3, per="agreement")
                make_placement(
                    personas.consultant_a,
                    company=company,
                    agreement=agreement,
                    actual_start=date(2026, 11, 2),
                )

    add(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert api.get(AGREEMENTS, {"page_size": 100}).status_code == 200
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = api.get(AGREEMENTS, {"page_size": 100})
    assert response.status_code == 200
    assert response.json()["count"] == 12
    row = response.json()["results"][0]
    assert len(row["workplaces"]) == 1 and len(row["signatories"]) == 1
    assert row["parties"][0]["organisation"]["name"].startswith("Fagforening")
    assert {line["area"]: line["actual"] for line in row["commitments"]} == {
        "internships": 1,
        "events": 0,
    }


# --- writing ------------------------------------------------------------------------------------


def test_an_agreement_is_created_as_a_draft_with_workplaces_parties_and_signatories(
    api: Api, personas
) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Hotellet A/S")
        workplace = company_services.workplace_create(actor=None, company=company, name="Hotel")
        signatory = company_services.contact_create(actor=None, company=company, name="Dorte")
        union = make_company(name="3F Roskilde", kind="union")

    response = api.post(
        AGREEMENTS,
        {
            "type": "Partnerskabsaftale",
            "company": str(company.public_id),
            "title": "Hotellets partnerskab",
            "purpose": "Flere ledige i job på hotellet.",
            "starts_on": "2026-08-01",
            "ends_on": "2028-07-31",
            "workplaces": [str(workplace.public_id)],
            "parties": [str(union.public_id)],
            "signatories": [str(signatory.public_id)],
        },
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["phase"]) == ("draft", "draft")
    assert body["jobcenter_contact"] == "consultant@roskilde.example"
    assert body["next_evaluation_on"] == "2027-08-01"
    assert body["workplaces"] == [str(workplace.public_id)]
    assert body["parties"] == [
        {"organisation": {"public_id": str(union.public_id), "name": "3F Roskilde"}, "role": ""}
    ]
    assert body["signatories"] == [str(signatory.public_id)]
    with tenant_scope(personas.roskilde):
        assert (
            Agreement.objects.get(public_id=body["public_id"]).created_by == personas.consultant_a
        )


def test_bad_agreements_answer_400_on_the_field_and_save_nothing(api: Api, personas) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Hotellet A/S")
        other = make_company(name="Naboen ApS")
        elsewhere = company_services.workplace_create(actor=None, company=other, name="Nabo")
    good = {
        "type": "Partnerskabsaftale",
        "company": str(company.public_id),
        "title": "Partnerskab",
        "purpose": "Job.",
        "starts_on": "2026-08-01",
    }

    end_before_start = api.post(AGREEMENTS, good | {"ends_on": "2026-07-31"})
    assert end_before_start.status_code == 400
    assert end_before_start.json() == {"ends_on": ["Slutdatoen ligger før startdatoen."]}

    no_purpose = api.post(AGREEMENTS, good | {"purpose": " "})
    assert no_purpose.status_code == 400 and "purpose" in no_purpose.json()

    others_workplace = api.post(AGREEMENTS, good | {"workplaces": [str(elsewhere.public_id)]})
    assert others_workplace.status_code == 400
    assert others_workplace.json() == {
        "workplaces": ["Et arbejdssted hører til en anden virksomhed."]
    }

    unknown_type = api.post(AGREEMENTS, good | {"type": "Hemmelig"})
    assert unknown_type.status_code == 400
    assert unknown_type.json()["type"][0].startswith("Ukendt aftaletype. Vælg en af: ")
    unknown_field = api.post(AGREEMENTS, good | {"colour": "blå"})
    assert unknown_field.status_code == 400 and set(unknown_field.json()) == {"colour"}

    with tenant_scope(personas.roskilde):
        assert not Agreement.objects.exists()


def test_patch_changes_fields_and_moves_the_status_through_the_services(api: Api, personas) -> None:
    with tenant_scope(personas.roskilde):
        agreement = make_agreement(personas.consultant_a)
    url = f"{AGREEMENTS}{agreement.public_id}/"

    renamed = api.patch(url, {"title": "Nyt navn", "ends_on": "2027-06-30"})
    assert renamed.status_code == 200, renamed.json()
    assert (renamed.json()["title"], renamed.json()["ends_on"]) == ("Nyt navn", "2027-06-30")

    skipped = api.patch(url, {"status": "signed", "signed_by_company": "Dorte"})
    assert skipped.status_code == 400
    assert "Afventer underskrift" not in skipped.json()["status"][0]
    assert "Underskrevet" in skipped.json()["status"][0]

    assert api.patch(url, {"status": "awaiting_signature"}).json()["status"] == (
        "awaiting_signature"
    )
    unsigned = api.patch(url, {"status": "signed"})
    assert unsigned.status_code == 400 and "signed_by_company" in unsigned.json()

    signed = api.patch(
        url,
        {
            "status": "signed",
            "signed_by_company": "Dorte Direktør",
            "signed_for_jobcenter_by": "Lise Holm",
            "signed_on": "2026-06-30",
        },
    )
    assert signed.status_code == 200, signed.json()
    assert (signed.json()["status"], signed.json()["phase"]) == ("signed", "active")
    assert signed.json()["signed_by_company"] == "Dorte Direktør"
    assert signed.json()["signed_for_jobcenter_by"] == "Lise Holm"
    assert signed.json()["signature_registered_by"] == "consultant@roskilde.example"

    end_before_start = api.patch(url, {"ends_on": "2025-12-31"})
    assert end_before_start.status_code == 400
    assert end_before_start.json() == {"ends_on": ["Slutdatoen ligger før startdatoen."]}

    no_reason = api.patch(url, {"status": "terminated"})
    assert no_reason.status_code == 400 and "termination_reason" in no_reason.json()
    stray = api.patch(url, {"termination_reason": "Lukker"})
    assert stray.status_code == 400 and "termination_reason" in stray.json()

    terminated = api.patch(url, {"status": "terminated", "termination_reason": "Flytter"})
    assert terminated.status_code == 200
    assert (terminated.json()["phase"], terminated.json()["termination_reason"]) == (
        "terminated",
        "Flytter",
    )
    frozen = api.patch(url, {"title": "For sent"})
    assert frozen.status_code == 400
    assert frozen.json() == {"non_field_errors": ["Aftalen er opsagt og kan ikke ændres."]}
    with tenant_scope(personas.roskilde):
        agreement.refresh_from_db()
        assert (agreement.title, agreement.status) == ("Nyt navn", AgreementStatus.TERMINATED)


def test_a_commitment_is_added_and_one_without_a_target_is_refused(api: Api, personas) -> None:
    with tenant_scope(personas.roskilde):
        agreement = make_agreement(personas.consultant_a)
        meeting = purpose()
    url = f"{AGREEMENTS}{agreement.public_id}/commitments/"

    created = api.post(
        url,
        {"area": "events", "target": 3, "per": "agreement", "purpose": str(meeting.public_id)},
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["area"], body["target"], body["per"], body["actual"]) == (
        "events",
        3,
        "agreement",
        0,
    )
    assert body["purpose"] == str(meeting.public_id)
    assert body["unit"] == "kontakter" and meeting.name in body["rule"]

    for bad in ({"area": "events"}, {"area": "events", "target": 0}, {"area": "x", "target": 1}):
        response = api.post(url, bad)
        assert response.status_code == 400
    assert api.post(url, {"area": "events"}).json() == {
        "target": ["En forpligtelse skal have et mål på mindst 1."]
    }
    with tenant_scope(personas.roskilde):
        assert Commitment.objects.count() == 1
    assert [line["area"] for line in api.get(url).json()] == ["events"]


def test_writing_needs_the_change_capability_and_a_writing_token(personas) -> None:
    with tenant_scope(personas.roskilde):
        agreement = make_agreement(personas.consultant_a)
    reader = Api(token_for(personas.roskilde, personas.consultant_a, read_only=True))

    assert reader.get(AGREEMENTS).status_code == 200
    assert reader.patch(f"{AGREEMENTS}{agreement.public_id}/", {"title": "x"}).status_code == 403
    assert reader.post(f"{AGREEMENTS}{agreement.public_id}/commitments/", {}).status_code == 403


def test_the_schema_describes_every_partnerships_endpoint(client: Client) -> None:
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    expected = {
        "/api/v1/{jobcenter}/agreements/": {"get", "post"},
        "/api/v1/{jobcenter}/agreements/{public_id}/": {"get", "patch"},
        "/api/v1/{jobcenter}/agreements/{public_id}/commitments/": {"get", "post"},
        "/api/v1/{jobcenter}/virksomhedscentre/": {"get", "post"},
        "/api/v1/{jobcenter}/virksomhedscentre/{public_id}/": {"get", "patch"},
        "/api/v1/{jobcenter}/virksomhedscentre/{public_id}/waiting-list/": {"get", "post"},
        "/api/v1/{jobcenter}/jobpakker/": {"get", "post"},
        "/api/v1/{jobcenter}/jobpakker/{public_id}/": {"get"},
    }
    for url, methods in expected.items():
        assert methods <= set(paths[url]), url
    placement = client.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    assert {"agreement", "virksomhedscenter", "jobpakke"} <= set(
        placement["PlacementInput"]["properties"]
    )
    assert {"agreement", "virksomhedscenter", "jobpakke"} <= set(
        placement["Placement"]["properties"]
    )
