from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Membership
from accounts.tenancy import tenant_scope
from candidates import services as candidate_services
from companies import services
from companies.models import Activity, ActivityType, Company, JobOpening, OpeningStatus
from tests.companies.factories import make_company, purpose, valid_cvr

pytestmark = pytest.mark.django_db

BASE = "/api/v1/roskilde"


def token_for(jobcenter: Any, user: Any, *, read_only: bool = False) -> str:
    with tenant_scope(jobcenter):
        membership = Membership.objects.get(user=user)
        _token, plain = account_services.api_token_create_by_operator(
            operator="tests",
            reason="a token for the test",
            membership=membership,
            name="test",
            read_only=read_only,
        )
    return plain


class Api:
    """A client that speaks JSON with one bearer token."""

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


def in_roskilde(personas, fn, *args: Any, **kwargs: Any) -> Any:
    with tenant_scope(personas.roskilde):
        return fn(*args, **kwargs)


# --- companies: list --------------------------------------------------------------------------


def test_the_list_searches_filters_and_paginates(api: Api, personas) -> None:
    with tenant_scope(personas.roskilde):
        make_company(name="Søndergård Tømrer ApS", industry_code="433200", priority=1)
        make_company(
            name="Roskilde Bageri",
            industry_code="107100",
            employee_count=12,
            municipality_code="265",
            key_account=personas.consultant_a,
        )
        make_company(name="Ophørt Handel", status="ceased", employee_count=300)
        for i in range(5):
            make_company(name=f"Fyld {i}")

    page = api.get(f"{BASE}/companies/", {"page_size": 3}).json()
    assert page["count"] == 8
    assert len(page["results"]) == 3
    assert page["next"] and "page=2" in page["next"]
    assert page["previous"] is None
    second = api.get(f"{BASE}/companies/", {"page_size": 3, "page": 2}).json()
    assert second["previous"]

    def names(**params: Any) -> list[str]:
        response = api.get(f"{BASE}/companies/", params)
        assert response.status_code == 200, response.json()
        return [row["name"] for row in response.json()["results"]]

    assert names(search="Sondergaard") == ["Søndergård Tømrer ApS"]  # æøå folded
    assert names(search="Søndergrd") == ["Søndergård Tømrer ApS"]  # a small misspelling
    assert names(industry="1071") == ["Roskilde Bageri"]
    assert names(size_band="10-49") == ["Roskilde Bageri"]
    assert names(priority=1) == ["Søndergård Tømrer ApS"]
    assert names(key_account="CONSULTANT@roskilde.example") == ["Roskilde Bageri"]
    assert names(key_account="nobody@example.com") == []
    assert names(municipality="265") == ["Roskilde Bageri"]
    assert names(status="ceased") == ["Ophørt Handel"]
    assert names(ordering="-employees")[:2] == ["Ophørt Handel", "Roskilde Bageri"]

    row = api.get(f"{BASE}/companies/", {"search": "Roskilde Bageri"}).json()["results"][0]
    assert row["key_account"] == "consultant@roskilde.example"
    assert row["size_band"] == "10-49"
    assert row["industry_code"] == "107100"
    assert row["last_contact_at"] is None


def test_a_search_pages_with_the_number_of_matches(api: Api, personas) -> None:
    with tenant_scope(personas.roskilde):
        for number in range(8):
            make_company(name=f"Bageri {number} ApS")
        make_company(name="Bagerri ApS")  # misspelt: found, ranked after the word itself
        make_company(name="Tømrer ApS")

    def page(number: int) -> Any:
        params = {"search": "bageri", "page_size": 3, "page": number}
        return api.get(f"{BASE}/companies/", params)

    pages = [page(number).json() for number in (1, 2, 3)]

    assert [p["count"] for p in pages] == [9, 9, 9]
    assert [r["name"] for p in pages for r in p["results"]] == [
        *(f"Bageri {number} ApS" for number in range(8)),
        "Bagerri ApS",
    ]
    assert pages[0]["next"] and pages[2]["next"] is None
    assert page(4).status_code == 404  # past the last page, as for the plain list


def test_the_list_refuses_wrong_query_parameters(api: Api, personas) -> None:
    for params in (
        {"priority": "high"},
        {"priority": 7},
        {"status": "bankrupt"},
        {"page_size": 101},
        {"page": "x"},
        {"ordering": "secret"},
        {"key_account": "not-an-email"},
    ):
        response = api.get(f"{BASE}/companies/", params)
        assert response.status_code == 400, params
        assert set(params) <= set(response.json()), response.json()


def test_the_list_s_queries_do_not_grow_with_rows(
    api: Api, personas, django_assert_max_num_queries
) -> None:
    def add(n: int) -> None:
        with tenant_scope(personas.roskilde):
            for i in range(n):
                company = make_company(
                    name=f"Firma {i} {valid_cvr()}",
                    key_account=personas.consultant_a,
                    tags=["byg"],
                )
                services.activity_create(
                    actor=personas.consultant_a,
                    company=company,
                    type=ActivityType.PHONE,
                    purpose=purpose(),
                )

    add(2)
    api.get(f"{BASE}/companies/")  # the token's last use is stamped on the first request
    with CaptureQueriesContext(connection) as few:
        assert api.get(f"{BASE}/companies/").status_code == 200
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = api.get(f"{BASE}/companies/", {"page_size": 100})
    assert len(response.json()["results"]) == 22


# --- companies: create, read, change ------------------------------------------------------------


def test_create_a_company(api: Api, personas) -> None:
    cvr = valid_cvr()
    response = api.post(
        f"{BASE}/companies/",
        {
            "cvr": cvr,
            "name": "Havnens Fisk ApS",
            "industry_code": "102000",
            "employee_count": 60,
            "postcode": "4000",
            "city": "Roskilde",
            "municipality_code": "265",
            "priority": 2,
            "key_account": "consultant@roskilde.example",
            "tags": ["fødevarer"],
        },
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["cvr"] == cvr
    assert body["size_band"] == "50-249"  # derived from the employee count
    assert body["key_account"] == "consultant@roskilde.example"
    assert body["status"] == "active"
    with tenant_scope(personas.roskilde):
        company = Company.objects.get(public_id=body["public_id"])
    assert company.key_account == personas.consultant_a
    assert company.tags == ["fødevarer"]


def test_a_duplicate_cvr_answers_400_with_the_existing_company(api: Api, personas) -> None:
    cvr = valid_cvr()
    existing = in_roskilde(personas, make_company, name="Første ApS", cvr=cvr)

    response = api.post(f"{BASE}/companies/", {"cvr": cvr, "name": "Anden ApS"})

    assert response.status_code == 400
    body = response.json()
    assert str(existing.public_id) in body["cvr"][0]
    assert body["existing_public_id"] == str(existing.public_id)
    assert in_roskilde(personas, Company.objects.count) == 1


def test_an_invalid_cvr_answers_400_on_the_field(api: Api, personas) -> None:
    response = api.post(f"{BASE}/companies/", {"cvr": "12345678", "name": "Forkert ApS"})

    assert response.status_code == 400
    assert "ikke et gyldigt CVR-nummer" in response.json()["cvr"][0]


def test_unknown_fields_are_refused_not_ignored(api: Api, personas) -> None:
    response = api.post(
        f"{BASE}/companies/", {"name": "Ny ApS", "navn": "Ny ApS", "public_id": "x"}
    )

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"navn", "public_id"}
    assert "Ukendt felt" in body["navn"][0]
    assert in_roskilde(personas, Company.objects.count) == 0


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": "X", "employee_count": "mange"}, "employee_count"),
        ({"name": "X", "employee_count": 10**12}, "employee_count"),
        ({"name": "X", "priority": 9}, "priority"),
        ({"name": "X", "tags": "byg"}, "tags"),
        ({"name": "X", "sector": "hemmelig"}, "sector"),
        ({"name": "X", "key_account": "board@roskilde.example"}, "key_account"),
        ({"name": "X", "key_account": "consultant@aalborg.example"}, "key_account"),
        ({"name": "X", "postcode": "40x0"}, "postcode"),
        ({"name": "X\x00"}, "name"),
        ({"cvr": valid_cvr()}, "name"),
    ],
)
def test_wrong_types_answer_400_with_field_errors(api: Api, personas, body, field) -> None:
    response = api.post(f"{BASE}/companies/", body)

    assert response.status_code == 400
    assert field in response.json()


def test_a_body_that_is_not_an_object_answers_400(api: Api, personas) -> None:
    assert api.post(f"{BASE}/companies/", ["name"]).status_code == 400
    response = api.client.post(f"{BASE}/companies/", "{not json", content_type="application/json")
    assert response.status_code == 400


def test_read_and_patch_a_company(api: Api, personas) -> None:
    company = in_roskilde(personas, make_company, name="Gammelt Navn ApS", notes="Noter")
    url = f"{BASE}/companies/{company.public_id}/"

    assert api.get(url).json()["name"] == "Gammelt Navn ApS"
    response = api.patch(url, {"name": "Nyt Navn ApS", "priority": 3, "key_account": None})

    assert response.status_code == 200, response.json()
    assert response.json()["name"] == "Nyt Navn ApS"
    assert response.json()["notes"] == "Noter"  # untouched
    in_roskilde(personas, company.refresh_from_db)
    assert (company.name, company.priority) == ("Nyt Navn ApS", 3)
    assert api.patch(url, {"prioritet": 3}).status_code == 400
    assert api.patch(url, {"municipality_code": "26"}).status_code == 400


def test_patching_to_a_cvr_in_use_names_the_existing_company(api: Api, personas) -> None:
    cvr = valid_cvr()
    with tenant_scope(personas.roskilde):
        first = make_company(name="Første", cvr=cvr)
        second = make_company(name="Anden")

    response = api.patch(f"{BASE}/companies/{second.public_id}/", {"cvr": cvr})

    assert response.status_code == 400
    assert response.json()["existing_public_id"] == str(first.public_id)


# --- sub-resources ----------------------------------------------------------------------------


def test_contacts_of_a_company(api: Api, personas) -> None:
    company = in_roskilde(personas, make_company)
    url = f"{BASE}/companies/{company.public_id}/contacts/"

    response = api.post(url, {"name": "Lone Hansen", "role": "hr", "email": "lone@firma.dk"})
    assert response.status_code == 201, response.json()
    assert api.post(url, {"name": "Ib", "is_active": False}).status_code == 201
    assert api.post(url, {"name": "Ib", "role": "boss"}).status_code == 400
    assert api.post(url, {"name": "Ib", "email": "ikke en adresse"}).status_code == 400
    assert api.post(url, {"name": "Ib", "mobil": "1234"}).status_code == 400

    rows = api.get(url).json()
    assert [(r["name"], r["is_active"]) for r in rows] == [("Lone Hansen", True), ("Ib", False)]
    assert rows[0]["role"] == "hr"


def test_workplaces_of_a_company(api: Api, personas) -> None:
    company = in_roskilde(personas, make_company)
    url = f"{BASE}/companies/{company.public_id}/workplaces/"

    response = api.post(url, {"name": "Lageret", "p_number": "1234567890", "postcode": "4000"})
    assert response.status_code == 201, response.json()
    assert response.json()["p_number"] == "1234567890"
    clash = api.post(url, {"name": "Igen", "p_number": "1234567890"})
    assert clash.status_code == 400 and "p_number" in clash.json()
    assert api.post(url, {"name": "Kort", "p_number": "123"}).status_code == 400

    assert [w["name"] for w in api.get(url).json()] == ["Lageret"]


def test_activities_newest_first_and_paginated(api: Api, personas) -> None:
    now = timezone.now()
    with tenant_scope(personas.roskilde):
        company = make_company()
        for days in range(4):
            services.activity_create(
                actor=personas.consultant_a,
                company=company,
                type=ActivityType.VISIT if days == 0 else ActivityType.PHONE,
                purpose=purpose(),
                occurred_at=now - timedelta(days=days),
                summary=f"{days} dage siden",
            )
    url = f"{BASE}/companies/{company.public_id}/activities/"

    page = api.get(url, {"page_size": 3}).json()
    assert page["count"] == 4
    assert [a["summary"] for a in page["results"]] == [
        "0 dage siden",
        "1 dage siden",
        "2 dage siden",
    ]
    assert page["results"][0]["consultant"] == "consultant@roskilde.example"
    assert [a["type"] for a in api.get(url, {"type": "visit"}).json()["results"]] == ["visit"]
    assert api.get(url, {"type": "telegram"}).status_code == 400


def test_log_an_activity_with_purpose_contacts_and_next_step(api: Api, personas) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company()
        other = make_company(name="En anden")
        lone = services.contact_create(actor=None, company=company, name="Lone")
        stranger = services.contact_create(actor=None, company=other, name="Fremmed")
    url = f"{BASE}/companies/{company.public_id}/activities/"
    due = (timezone.localdate() + timedelta(days=7)).isoformat()

    response = api.post(
        url,
        {
            "type": "visit",
            "purpose": "konkret kandidat",
            "contacts": [str(lone.public_id)],
            "summary": "God snak om praktik.",
            "next_step": "Send CV",
            "next_step_due": due,
        },
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["purpose"] == "Konkret kandidat"
    assert body["contacts"] == [{"public_id": str(lone.public_id), "name": "Lone"}]
    assert body["next_step_owner"] == "consultant@roskilde.example"
    assert body["next_step_due"] == due

    bad = [
        ({"type": "visit", "purpose": "Hygge"}, "purpose"),
        (
            {"type": "visit", "purpose": "Kampagne", "contacts": [str(stranger.public_id)]},
            "contacts",
        ),
        ({"type": "visit", "purpose": "Kampagne", "contacts": ["nope"]}, "contacts"),
        ({"type": "brev", "purpose": "Kampagne"}, "type"),
        ({"type": "visit", "purpose": "Kampagne", "next_step": "Ring"}, "next_step_due"),
        ({"type": "visit", "purpose": "Kampagne", "occurred_at": "i går"}, "occurred_at"),
        (
            {"type": "visit", "purpose": "Kampagne", "consultant": "hr@virksomhed.example"},
            "consultant",
        ),
        ({"type": "visit", "purpose": "Kampagne", "mood": "good"}, "mood"),
    ]
    for payload, field in bad:
        response = api.post(url, payload)
        assert response.status_code == 400, payload
        assert field in response.json(), (payload, response.json())
    assert in_roskilde(personas, Activity.objects.count) == 1


# --- job openings -----------------------------------------------------------------------------


def test_job_openings_create_list_and_filter(api: Api, personas) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(key_account=personas.consultant_a)
        other = make_company(name="Anden")
        workplace = services.workplace_create(actor=None, company=company, name="Lageret")
        foreign_workplace = services.workplace_create(actor=None, company=other, name="Deres")
        services.job_opening_create(actor=None, company=other, title="Chauffør")

    response = api.post(
        f"{BASE}/job-openings/",
        {
            "company": str(company.public_id),
            "workplace": str(workplace.public_id),
            "title": "Lagermedarbejder",
            "positions": 2,
            "hours_per_week": "37.0",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "new"
    assert body["owner"] == "consultant@roskilde.example"  # the key account by default
    assert body["workplace"] == str(workplace.public_id)
    assert body["hours_per_week"] == 37.0

    listed = api.get(f"{BASE}/job-openings/").json()
    assert listed["count"] == 2
    mine = api.get(f"{BASE}/job-openings/", {"company": str(company.public_id)}).json()
    assert [o["title"] for o in mine["results"]] == ["Lagermedarbejder"]
    assert api.get(f"{BASE}/job-openings/", {"status": "filled"}).json()["count"] == 0
    assert api.get(f"{BASE}/job-openings/", {"status": "done"}).status_code == 400

    wrong = api.post(
        f"{BASE}/job-openings/",
        {
            "company": str(company.public_id),
            "title": "X",
            "workplace": str(foreign_workplace.public_id),
        },
    )
    assert wrong.status_code == 400 and "workplace" in wrong.json()
    missing = api.post(f"{BASE}/job-openings/", {"company": str(other.pk), "title": "X"})
    assert missing.status_code == 400 and "company" in missing.json()
    assert (
        api.post(
            f"{BASE}/job-openings/",
            {"company": str(company.public_id), "title": "X", "positions": 0},
        ).status_code
        == 400
    )


def test_a_job_opening_takes_what_matching_needs(api: Api, personas) -> None:
    """A DISCO-08 occupation, where the work is, and the target groups it is meant for."""
    with tenant_scope(personas.roskilde):
        company = make_company(postcode="4000")
    with tenant_scope(personas.aalborg):
        theirs = candidate_services.target_groups_ensure_defaults()[0]

    response = api.post(
        f"{BASE}/job-openings/",
        {
            "company": str(company.public_id),
            "title": "Lagermedarbejder",
            "occupation_code": "9333",
            "postcode": "4300",
            "target_groups": ["dagpengemodtager", "Sygedagpengemodtager"],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["occupation_code"] == "9333"
    assert body["occupation_title"] == "Lagerarbejdere og godshåndterere"
    assert body["postcode"] == "4300"
    assert body["target_groups"] == ["Dagpengemodtager", "Sygedagpengemodtager"]

    url = f"{BASE}/job-openings/{body['public_id']}/"
    cleared = api.patch(url, {"occupation_code": None, "target_groups": []}).json()
    assert (cleared["occupation_code"], cleared["target_groups"]) == (None, [])
    assert api.get(f"{BASE}/job-openings/").json()["results"][0]["postcode"] == "4300"

    for body, field in (
        ({"occupation_code": "0000"}, "occupation_code"),
        ({"postcode": "43"}, "postcode"),
        ({"target_groups": ["Ingen sådan gruppe"]}, "target_groups"),
        ({"target_groups": [str(theirs.public_id)]}, "target_groups"),  # Aalborg's
    ):
        wrong = api.patch(url, body)
        assert wrong.status_code == 400 and field in wrong.json(), body


def test_job_opening_status_change_and_close_needs_a_reason(api: Api, personas) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company()
        opening = services.job_opening_create(actor=None, company=company, title="Kok")
    url = f"{BASE}/job-openings/{opening.public_id}/"

    response = api.patch(url, {"status": "in_progress", "positions": 3})
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["positions"]) == ("in_progress", 3)
    assert response.json()["taken_up_at"] is not None

    no_reason = api.patch(url, {"status": "closed", "title": "Kok og opvasker"})
    assert no_reason.status_code == 400 and "closed_reason" in no_reason.json()
    in_roskilde(personas, opening.refresh_from_db)
    assert (opening.status, opening.title) == ("in_progress", "Kok")  # nothing half-done

    reason_alone = api.patch(url, {"closed_reason": "Besat internt"})
    assert reason_alone.status_code == 400

    backwards = api.patch(url, {"status": "new"})
    assert backwards.status_code == 400 and "status" in backwards.json()

    closed = api.patch(url, {"status": "closed", "closed_reason": "Besat internt"})
    assert closed.status_code == 200, closed.json()
    assert closed.json()["closed_reason"] == "Besat internt"
    with tenant_scope(personas.roskilde):
        assert JobOpening.objects.get().status == OpeningStatus.CLOSED
    assert api.get(url).json()["status"] == "closed"
    assert api.patch(url, {"salary": 1}).status_code == 400


# --- who may ----------------------------------------------------------------------------------


def test_a_read_only_token_can_read_but_not_write(personas) -> None:
    company = in_roskilde(personas, make_company)
    reader = Api(token_for(personas.roskilde, personas.consultant_a, read_only=True))

    assert reader.get(f"{BASE}/companies/").status_code == 200
    assert reader.post(f"{BASE}/companies/", {"name": "Ny ApS"}).status_code == 403
    assert reader.patch(f"{BASE}/companies/{company.public_id}/", {"name": "X"}).status_code == 403
    assert (
        reader.post(f"{BASE}/companies/{company.public_id}/contacts/", {"name": "X"}).status_code
        == 403
    )
    assert in_roskilde(personas, Company.objects.count) == 1


def test_a_member_without_companies_change_cannot_write(personas, monkeypatch) -> None:
    from accounts import capabilities
    from accounts.models import Role

    monkeypatch.setitem(
        capabilities.ROLE_CAPABILITIES,
        Role.CONSULTANT,
        capabilities.ROLE_CAPABILITIES[Role.CONSULTANT] - {"companies.change"},
    )
    api = Api(token_for(personas.roskilde, personas.consultant_a))

    assert api.get(f"{BASE}/companies/").status_code == 200
    assert api.post(f"{BASE}/companies/", {"name": "Ny ApS"}).status_code == 403


def test_another_jobcenter_s_company_answers_404(api: Api, personas) -> None:
    with tenant_scope(personas.aalborg):
        theirs = make_company(name="Aalborg Værft")
        opening = services.job_opening_create(actor=None, company=theirs, title="Svejser")

    for url in (
        f"{BASE}/companies/{theirs.public_id}/",
        f"{BASE}/companies/{theirs.public_id}/contacts/",
        f"{BASE}/companies/{theirs.public_id}/workplaces/",
        f"{BASE}/companies/{theirs.public_id}/activities/",
        f"{BASE}/job-openings/{opening.public_id}/",
    ):
        assert api.get(url).status_code == 404, url
    assert api.patch(f"{BASE}/companies/{theirs.public_id}/", {"name": "X"}).status_code == 404
    assert api.get(f"{BASE}/companies/", {"search": "Aalborg"}).json()["count"] == 0
    response = api.post(f"{BASE}/job-openings/", {"company": str(theirs.public_id), "title": "X"})
    assert response.status_code == 400 and "company" in response.json()
    theirs_token = token_for(personas.aalborg, personas.consultant_b)
    assert Api(theirs_token).get(f"{BASE}/companies/").status_code == 404


# --- schema -----------------------------------------------------------------------------------


def test_the_schema_describes_every_endpoint(client: Client) -> None:
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    expected = {
        "/api/v1/{jobcenter}/companies/": {"get", "post"},
        "/api/v1/{jobcenter}/companies/{public_id}/": {"get", "patch"},
        "/api/v1/{jobcenter}/companies/{public_id}/contacts/": {"get", "post"},
        "/api/v1/{jobcenter}/companies/{public_id}/workplaces/": {"get", "post"},
        "/api/v1/{jobcenter}/companies/{public_id}/activities/": {"get", "post"},
        "/api/v1/{jobcenter}/job-openings/": {"get", "post"},
        "/api/v1/{jobcenter}/job-openings/{public_id}/": {"get", "patch"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert methods <= set(paths[path]), path
        for method in methods:
            assert (
                "200" in paths[path][method]["responses"]
                or "201" in paths[path][method]["responses"]
            )
            if method in {"post", "patch"}:
                assert "requestBody" in paths[path][method], (path, method)
    company = schema["components"]["schemas"]["Company"]["properties"]
    assert {"cvr", "industry_code", "employee_count", "size_band", "key_account"} <= set(company)
    params = {p["name"] for p in paths["/api/v1/{jobcenter}/companies/"]["get"]["parameters"]}
    assert {"search", "industry", "priority", "key_account", "page", "page_size"} <= params


def test_activity_and_opening_lists_do_not_grow_in_queries(
    api: Api, personas, django_assert_max_num_queries
) -> None:
    company = in_roskilde(personas, make_company)

    def add(n: int) -> None:
        with tenant_scope(personas.roskilde):
            lone = services.contact_create(actor=None, company=company, name="Lone")
            workplace = services.workplace_create(actor=None, company=company, name="Lager")
            for _ in range(n):
                services.activity_create(
                    actor=personas.consultant_a,
                    company=company,
                    type=ActivityType.VISIT,
                    purpose=purpose(),
                    contacts=[lone],
                    next_step="Ring igen",
                    next_step_due=timezone.localdate(),
                )
                services.job_opening_create(
                    actor=None,
                    company=company,
                    title="Job",
                    workplace=workplace,
                    owner=personas.consultant_a,
                )

    urls = [f"{BASE}/companies/{company.public_id}/activities/", f"{BASE}/job-openings/"]
    add(1)
    api.get(urls[0])  # the token's last use is stamped on the first request
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as few:
            assert api.get(url).status_code == 200
        counts.append(len(few.captured_queries))
    add(15)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            response = api.get(url, {"page_size": 50})
        assert response.json()["count"] == 16
