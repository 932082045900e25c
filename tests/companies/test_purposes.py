from __future__ import annotations

import pytest
from django.test import Client

from accounts.tenancy import tenant_scope
from companies import services
from companies.models import ContactPurpose
from tests.factories import sign_in

pytestmark = pytest.mark.django_db

URL = "/roskilde/virksomheder/formaal/"


def test_an_admin_adds_a_purpose_and_consultants_can_choose_it(client: Client, personas) -> None:
    sign_in(client, personas.admin_a)

    response = client.post(
        URL, {"name": "Rekruttering til sæsonjob", "is_active": "on"}, follow=True
    )

    assert "Formålet er tilføjet." in response.content.decode()
    with tenant_scope(personas.roskilde):
        names = [p.name for p in services.purposes_ensure_defaults()]
    assert "Rekruttering til sæsonjob" in names
    assert "Konkret kandidat" in names  # the defaults are there too


def test_a_retired_purpose_is_no_longer_offered(client: Client, personas) -> None:
    sign_in(client, personas.admin_a)
    with tenant_scope(personas.roskilde):
        purpose = services.purposes_ensure_defaults()[0]

    client.post(f"{URL}{purpose.public_id}/", {"name": purpose.name})

    with tenant_scope(personas.roskilde):
        assert purpose not in services.purposes_ensure_defaults()
        assert ContactPurpose.objects.get(pk=purpose.pk).is_active is False


def test_a_duplicate_purpose_is_refused_in_danish(client: Client, personas) -> None:
    sign_in(client, personas.admin_a)
    with tenant_scope(personas.roskilde):
        existing = services.purposes_ensure_defaults()[0].name

    response = client.post(URL, {"name": existing.upper(), "is_active": "on"})

    assert response.status_code == 200
    assert "Formålet findes allerede." in response.content.decode()


def test_a_consultant_may_not_change_the_catalogue(client: Client, personas) -> None:
    sign_in(client, personas.consultant_a)

    assert client.get(URL).status_code == 403
