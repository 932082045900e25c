"""No leak through pooled connections: one connection serves A, then B, then no jobcenter."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from accounts.models import Role
from tests.factories import make_member, make_personas, sign_in


@pytest.mark.django_db(transaction=True)
@override_settings(ROOT_URLCONF="tests.accounts.probe_urls")
def test_a_pooled_connection_carries_no_tenant_into_the_next_request(client: Client) -> None:
    personas = make_personas()
    # One person who works for both jobcenters, so both requests are allowed.
    make_member(personas.aalborg, personas.consultant_a.email, Role.CONSULTANT)
    sign_in(client, personas.consultant_a)

    roskilde = client.get("/roskilde/probe/").json()
    aalborg = client.get("/aalborg/probe/").json()
    neither = client.get("/probe/").json()

    assert roskilde["connection"] == aalborg["connection"] == neither["connection"]
    assert (roskilde["raw"], roskilde["orm"]) == (5, 5)
    assert (aalborg["raw"], aalborg["orm"]) == (3, 3)
    assert neither == {**neither, "setting": "", "raw": 0, "orm": None}
