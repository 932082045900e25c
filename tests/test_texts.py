"""Texts people read say what is true, in words a jobcenter uses (not the developers').
(The platform admin's words for a jobcenter's address: tests/accounts/test_platform_admin.py.)"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import Personas, sign_in

pytestmark = pytest.mark.django_db


def text(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(response.content.decode().split())


def test_the_staircase_steps_page_speaks_to_the_jobcenter(personas: Personas) -> None:
    page = text(sign_in(Client(), personas.admin_a).get("/roskilde/borgere/trappetrin/"))

    assert "Trinene her er et forslag" in page
    assert "Kildematerialet" not in page
