"""Texts people read say what is true, in words a jobcenter uses (not the developers')."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from tests.factories import Personas, make_user, sign_in

pytestmark = pytest.mark.django_db


def text(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(response.content.decode().split())


def test_the_staircase_steps_page_speaks_to_the_jobcenter(personas: Personas) -> None:
    page = text(sign_in(Client(), personas.admin_a).get("/roskilde/borgere/trappetrin/"))

    assert "Trinene her er et forslag" in page
    assert "Kildematerialet" not in page


def test_the_platform_admin_explains_the_jobcenters_address(personas: Personas) -> None:
    staff = make_user("platform@jobbro.example")
    User.objects.filter(pk=staff.pk).update(is_staff=True, is_superuser=True)
    staff.refresh_from_db()

    page = text(sign_in(Client(), staff).get("/admin/accounts/jobcenter/add/"))

    assert "Står i adressen på alle jobcentrets sider, fx roskilde i /roskilde/." in page
    assert "adressen: //" not in page
