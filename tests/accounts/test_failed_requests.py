"""A request that fails (5xx) leaves nothing half written: the tenant middleware runs the view
inside the jobcenter's transaction, and an error answer rolls it back, on the pages and in
the API alike."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tenancy import tenant_scope
from candidates import api as candidate_api
from candidates import services
from candidates.models import Candidate
from tests.candidates.factories import make_candidate
from tests.companies.test_api import token_for
from tests.factories import Personas, sign_in

pytestmark = pytest.mark.django_db


class Broken(RuntimeError):
    """What the failing step raises."""


def _fail(*args: object, **kwargs: object) -> None:
    raise Broken("the second step failed")


def _reload(personas: Personas, candidate: Candidate) -> Candidate:
    with tenant_scope(personas.roskilde):
        return Candidate.objects.get(pk=candidate.pk)


def test_a_profile_save_that_fails_halfway_keeps_nothing_of_it(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    with tenant_scope(personas.roskilde):
        candidate = make_candidate(hours_per_week=Decimal("20"), profile_text="Før")
    # The profile page saves the fields, then the occupations: the second step fails.
    monkeypatch.setattr(services, "candidate_set_occupations", _fail)
    browser = sign_in(Client(raise_request_exception=False), personas.consultant_a)

    response = browser.post(
        reverse(
            "candidates:profile",
            kwargs={"jobcenter": "roskilde", "public_id": candidate.public_id},
        ),
        {"hours_per_week": "37", "profile_text": "Halvt gemt", "max_travel_km": "10"},
    )

    assert response.status_code == 500
    after = _reload(personas, candidate)
    assert (after.hours_per_week, after.profile_text) == (Decimal("20"), "Før")


def test_an_api_change_that_fails_after_its_write_keeps_nothing_of_it(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    with tenant_scope(personas.roskilde):
        candidate = make_candidate(first_name="Gammel")
    # The change is saved, then the answer cannot be made.
    monkeypatch.setattr(candidate_api, "candidate_out", _fail)
    api = Client(
        headers={"authorization": f"Bearer {token_for(personas.roskilde, personas.consultant_a)}"},
        raise_request_exception=False,
    )

    response = api.patch(
        f"/api/v1/roskilde/candidates/{candidate.public_id}/",
        {"first_name": "Halvt"},
        content_type="application/json",
    )

    assert response.status_code == 500
    assert _reload(personas, candidate).first_name == "Gammel"


def test_a_refused_request_keeps_what_it_rightly_wrote(personas: Personas) -> None:
    """Not every error answer is a failure: a CPR look-up that finds nobody answers 404 and
    its search stays in the access log."""
    from accounts.models import AccessLog

    api = Client(
        headers={"authorization": f"Bearer {token_for(personas.roskilde, personas.consultant_a)}"}
    )

    response = api.post(
        "/api/v1/roskilde/candidates/lookup/",
        {"cpr": "0101901234"},
        content_type="application/json",
    )

    assert response.status_code == 404
    with tenant_scope(personas.roskilde):
        assert list(AccessLog.objects.values_list("action", "criterion")) == [
            ("search", "CPR-opslag")
        ]
