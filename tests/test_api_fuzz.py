"""Schemathesis against the REST API, in-process (the WSGI application on the test database),
as each persona with API access: the consultant, the manager and the admin, and the board
member and the employer contact (who may read /me/ only and must get the documented 403
everywhere else).

For every operation of /api/schema/ it sends a few requests that fit the schema and a few that
do not, and asserts what a client relies on: no server error, every status code documented,
every body (errors too) in its documented shape, and nothing the schema forbids accepted. The
jobcenter is the demo's (companies, contacts, candidates, placements, agreements, centres,
jobpakker), and the fuzzer's references to objects are pointed at them, so it reaches real
objects and not only 404s. The token endpoint is fuzzed with its own person, so its lockout
never blocks a persona.

The budget is small and fixed for `make test` (JOBBRO_FUZZ_EXAMPLES examples per operation
and generation mode, deterministic); JOBBRO_FUZZ_EXAMPLES=50 JOBBRO_FUZZ_SECONDS=1800 is a
deeper run by hand. Past JOBBRO_FUZZ_SECONDS the remaining operations are skipped with a
warning, so a slow machine does not stall the suite.
"""

from __future__ import annotations

import os
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts import services as account_services
from accounts.models import Membership, Role
from accounts.tenancy import tenant_scope
from candidates import demo as candidates_demo
from candidates.models import Candidate, Consent
from companies import demo as companies_demo
from companies.models import Company, ContactPerson, JobOpening, Workplace
from config.wsgi import application
from partnerships import demo as partnerships_demo
from partnerships.models import Agreement, CentreContract, JobPackage
from placements import demo as placements_demo
from placements.models import FollowUp, Placement
from tests.factories import Personas, make_member

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("JOBBRO_FUZZ_EXAMPLES", "2"))
BUDGET_SECONDS = float(os.environ.get("JOBBRO_FUZZ_SECONDS", "20"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
SIGN_IN_EMAIL = "fuzz-signin@roskilde.example"
TOKEN_OPERATION = "POST /api/v1/{jobcenter}/tokens/"
# Staff do the real work through the API, the consultant with requests that fit the schema
# and requests that do not; the board member and the employer contact have /me/ only and must
# meet the documented 403 everywhere else. Examples per operation: EXAMPLES times the factor.
BOTH = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
PERSONAS = {
    "consultant": ("consultant_a", BOTH, 1.0),
    "manager": ("manager_a", BOTH, 0.5),
    "admin": ("admin_a", (GenerationMode.POSITIVE,), 0.5),
    "board member": ("board_a", (GenerationMode.POSITIVE,), 0.5),
    "employer contact": ("employer_a", (GenerationMode.POSITIVE,), 0.5),
}
# The token is the persona's; the fuzzer does not make up Authorization headers.
CONFIG = SchemathesisConfig.from_dict({"generation": {"with-security-parameters": False}})
HYPOTHESIS = settings(
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    report_multiple_bugs=False,
    print_blob=False,
)


@dataclass
class World:
    """The seeded jobcenter: a real public_id of each kind, by the names the API uses for
    them in paths, bodies and query strings."""

    slug: str
    ids: dict[str, str]
    emails: dict[str, str] = field(default_factory=dict)

    # The first path segment after /api/v1/<jobcenter>/ names what {public_id} is.
    PATH_KINDS = {
        "companies": "company",
        "job-openings": "job_opening",
        "candidates": "candidate",
        "placements": "placement",
        "followups": "followup",
        "agreements": "agreement",
        "virksomhedscentre": "virksomhedscenter",
        "jobpakker": "jobpakke",
    }
    # Body and query fields holding a public_id, by kind.
    FIELD_KINDS = {
        "company": "company",
        "candidate": "candidate",
        "workplace": "workplace",
        "job_opening": "job_opening",
        "mentor": "contact",
        "contact": "contact",
        "agreement": "agreement",
        "virksomhedscenter": "virksomhedscenter",
        "jobpakke": "jobpakke",
        "predecessor": "placement",
    }
    PEOPLE_FIELDS = ("consultant", "owner", "jobcenter_contact")

    def aim(self, case: Any, email: str) -> None:
        """Point what the fuzzer made up at real objects: path ids and references that are
        UUIDs (a value that is not one is the negative case and stays), the jobcenter, and
        people by e-mail."""
        params = case.path_parameters or {}
        if "jobcenter" in params:
            params["jobcenter"] = self.slug
        segment = case.operation.path.split("/")[4]
        if _is_uuid(params.get("public_id")):
            params["public_id"] = self.ids[self.PATH_KINDS[segment]]
        if _is_uuid(params.get("consent_id")):
            params["consent_id"] = self.ids["consent"]
        for values in (case.query, case.body):
            if not isinstance(values, dict):
                continue
            for name, kind in self.FIELD_KINDS.items():
                if _is_uuid(values.get(name)):
                    values[name] = self.ids[kind]
            for name in self.PEOPLE_FIELDS:
                if isinstance(values.get(name), str) and "@" in values[name]:
                    values[name] = email
        body = case.body if case.operation.label == TOKEN_OPERATION else None
        if isinstance(body, dict) and isinstance(body.get("email"), str) and "@" in body["email"]:
            body["email"] = SIGN_IN_EMAIL


def _is_uuid(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _first(model: Any, **filters: Any) -> str:
    found = model.objects.filter(**filters).order_by("pk").values_list("public_id", flat=True)
    return str(found[0])


def seed(personas: Personas) -> World:
    """The demo's Roskilde, made for the personas' jobcenter, and the sign-in person."""
    jobcenter = personas.roskilde
    make_member(jobcenter, SIGN_IN_EMAIL, Role.CONSULTANT, name="Fuzz")
    with tenant_scope(jobcenter):
        companies_demo.seed(jobcenter)
        candidates_demo.seed(jobcenter)
        placements_demo.seed(jobcenter)
        partnerships_demo.seed(jobcenter)
        candidate = Candidate.objects.filter(consents__isnull=False).order_by("pk").first()
        assert candidate is not None, "the demo has a candidate with a consent"
        ids = {
            "company": _first(Company),
            "workplace": _first(Workplace),
            "contact": _first(ContactPerson),
            "job_opening": _first(JobOpening),
            "candidate": str(candidate.public_id),
            "consent": _first(Consent, candidate=candidate),
            "placement": _first(Placement, status="active"),
            "followup": _first(FollowUp, status="due"),
            "agreement": _first(Agreement),
            "virksomhedscenter": _first(CentreContract),
            "jobpakke": _first(JobPackage),
        }
    return World(slug=jobcenter.slug, ids=ids)


def token(personas: Personas, attribute: str) -> str:
    user = getattr(personas, attribute)
    with tenant_scope(personas.roskilde):
        membership = Membership.objects.get(user=user)
        _token, plain = account_services.api_token_create_by_operator(
            operator="tests",
            reason="a token for the fuzz test",
            membership=membership,
            name="fuzz",
            read_only=False,
        )
    return plain


@pytest.fixture
def wsgi_requests_in_the_test_transaction() -> Iterator[None]:
    """The WSGI handler closes the database connection after each request, as it should in
    production; here every request runs inside the test's transaction (as Django's test
    client arranges for itself)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def run_operation(
    operation: Any,
    mode: GenerationMode,
    examples: int,
    check: Callable[[Any], None],
    failures: list[str],
) -> None:
    @settings(HYPOTHESIS, max_examples=examples)
    @given(case=operation.as_strategy(generation_mode=mode))
    def fuzz(case: Any) -> None:
        check(case)

    try:
        fuzz()
    except Unsatisfiable:
        pass  # negative mode, and nothing in the operation to get wrong (GET /me/)
    except (Exception, BaseExceptionGroup) as error:  # every failure is collected
        failures.append(f"{operation.label} ({mode.value}): {error}")


def test_the_api_answers_every_persona_as_its_schema_says(
    personas: Personas, wsgi_requests_in_the_test_transaction: None
) -> None:
    world = seed(personas)
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=CONFIG)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    failures: list[str] = []
    skipped: list[str] = []
    started = time.monotonic()
    for shift, (name, (attribute, modes, factor)) in enumerate(PERSONAS.items()):
        examples = max(1, round(EXAMPLES * factor))
        headers = {"Authorization": f"Bearer {token(personas, attribute)}"}
        email = getattr(personas, attribute).email

        def check(case: Any, headers: dict[str, str] = headers, email: str = email) -> None:
            world.aim(case, email)
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)

        # Each persona starts at another operation, so a budget cut skips different ones.
        turn = shift * len(operations) // len(PERSONAS)
        for operation in operations[turn:] + operations[:turn]:
            for mode in modes:
                if time.monotonic() - started > BUDGET_SECONDS:
                    skipped.append(f"{name}: {operation.label} ({mode.value})")
                    continue
                before = len(failures)
                run_operation(operation, mode, examples, check, failures)
                failures[before:] = [f"[{name}] {failure}" for failure in failures[before:]]
    if skipped:
        warnings.warn(
            f"API fuzzing stopped after {BUDGET_SECONDS:.0f} s (JOBBRO_FUZZ_SECONDS); "
            f"{len(skipped)} persona × operation runs left out, e.g. {skipped[0]}",
            stacklevel=1,
        )
    assert not failures, f"{len(failures)} failures:\n\n" + "\n\n".join(failures)
