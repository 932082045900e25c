"""The OpenAPI schema says what the server enforces: a client generated from it (or a fuzzer)
learns the same rules the server applies. Each test reads the schema and sends the request the
schema forbids."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest
from django.test import Client

from accounts.tenancy import tenant_scope
from tests.companies.factories import make_company
from tests.companies.test_api import token_for

pytestmark = pytest.mark.django_db

BASE = "/api/v1/roskilde"


@pytest.fixture(scope="module")
def schema(django_db_blocker: Any) -> dict[str, Any]:
    with django_db_blocker.unblock():
        response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def api(personas) -> Client:
    token = token_for(personas.roskilde, personas.consultant_a)
    return Client(headers={"authorization": f"Bearer {token}"})


def component(schema: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = schema["components"]["schemas"][name]
    return found


def test_unknown_fields_are_refused_and_the_schema_says_so(schema, api, personas) -> None:
    with tenant_scope(personas.roskilde):
        company = make_company(name="Centret ApS")

    response = api.post(
        f"{BASE}/virksomhedscentre/",
        {
            "company": str(company.public_id),
            "name": "Lager",
            "seats": 2,
            "starts_on": "2026-01-01",
            "colour": "blå",
        },
        "application/json",
    )

    assert response.status_code == 400 and "colour" in response.json()
    for name in ("CentreInput", "PatchedCentrePatch", "CentreMentorInput", "PlacementInput"):
        assert component(schema, name)["additionalProperties"] is False, name


def test_a_required_text_may_not_be_blank_and_the_schema_says_so(schema, api) -> None:
    blank = {"first_name": "", "last_name": "B"}
    response = api.post(f"{BASE}/candidates/", blank, "application/json")

    assert response.status_code == 400 and "first_name" in response.json()
    assert component(schema, "CandidateInput")["properties"]["first_name"]["minLength"] == 1
    # An optional text may be empty.
    assert "minLength" not in component(schema, "CentreInput")["properties"]["work_areas"]


def test_hours_take_one_decimal_and_the_schema_says_so(schema, api) -> None:
    too_precise = api.post(
        f"{BASE}/candidates/",
        {"first_name": "A", "last_name": "B", "hours_per_week": 37.25},
        "application/json",
    )
    one_decimal = api.post(
        f"{BASE}/candidates/",
        {"first_name": "A", "last_name": "B", "hours_per_week": 37.5},
        "application/json",
    )

    assert too_precise.status_code == 400 and "hours_per_week" in too_precise.json()
    assert one_decimal.status_code == 201, one_decimal.json()
    number, text = component(schema, "PlacementInput")["properties"]["hours_per_week"]["anyOf"]
    assert (number["type"], number["multipleOf"], number["maximum"]) == ("number", 0.1, 60)
    assert text == {"type": "string", "pattern": r"^\d{1,3}(\.\d{1,1})?$"}


def test_query_parameters_have_their_ranges(schema, api) -> None:
    response = api.get(f"{BASE}/candidates/", {"min_hours": "61"})

    assert response.status_code == 400 and "min_hours" in response.json()
    parameters = schema["paths"]["/api/v1/{jobcenter}/candidates/"]["get"]["parameters"]
    min_hours = next(p for p in parameters if p["name"] == "min_hours")
    number = min_hours["schema"]["anyOf"][0]
    assert (number["minimum"], number["maximum"]) == (0, 60)
    # Left empty, a filter counts as not given.
    assert min_hours["allowEmptyValue"] is True
    assert api.get(f"{BASE}/candidates/", {"min_hours": ""}).status_code == 200


def test_every_operation_documents_its_errors_in_the_one_error_shape(schema) -> None:
    error = {"$ref": "#/components/schemas/Error"}
    missing = []
    for url, operations in schema["paths"].items():
        for method, operation in operations.items():
            expected = {"400", "404"}
            if any(requirement for requirement in operation.get("security", [])):
                expected |= {"401", "403"}
            if method in ("post", "patch"):
                expected.add("415")
            if url.endswith("/tokens/"):
                expected |= {"401", "429"}
            for status in sorted(expected):
                answer = operation["responses"].get(status)
                if answer is None or answer["content"]["application/json"]["schema"] != error:
                    missing.append(f"{method.upper()} {url}: {status}")

    assert not missing, "\n".join(missing)
    assert set(component(schema, "Error")["properties"]) == {"detail", "non_field_errors"}


def test_the_api_takes_json_only(schema) -> None:
    bodies = [
        set(operation["requestBody"]["content"])
        for operations in schema["paths"].values()
        for operation in operations.values()
        if "requestBody" in operation
    ]

    assert bodies and all(types == {"application/json"} for types in bodies)


def test_a_refused_sign_in_field_called_code_fits_the_error_shape(schema, personas) -> None:
    # A field of the token request is called `code`, like a lockout's error code.
    response = Client().post(
        f"{BASE}/tokens/",
        {"email": "consultant@roskilde.example", "password": "x", "code": "\u0000"},
        "application/json",
    )
    unknown = Client().post(
        f"{BASE}/tokens/",
        {"email": "consultant@roskilde.example", "password": "x", "colour": "blå"},
        "application/json",
    )

    assert response.status_code == 400 and "code" in response.json()
    assert unknown.status_code == 400 and "colour" in unknown.json()
    error = {**component(schema, "Error"), "components": schema["components"]}
    for body in (response.json(), unknown.json(), {"detail": "x", "code": "account_locked"}):
        assert jsonschema_rs.validator_for(error).is_valid(body), body
