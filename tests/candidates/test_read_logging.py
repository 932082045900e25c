"""The candidate forms tell who holds a CPR number already: that names a person, so it is a read
of that person and writes the access log, as the API's answer does."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import AccessLog
from accounts.tenancy import tenant_scope
from tests.candidates.factories import fictitious_cpr, make_candidate
from tests.factories import Personas, sign_in

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs: object) -> str:
    return reverse(f"candidates:{name}", kwargs={"jobcenter": "roskilde", **kwargs})


def views(personas: Personas) -> list[tuple[int | None, str]]:
    with tenant_scope(personas.roskilde):
        return list(
            AccessLog.objects.filter(action="view")
            .order_by("pk")
            .values_list("user_id", "object_id")
        )


def test_the_new_candidate_form_logs_the_person_who_holds_the_number(personas) -> None:
    number = fictitious_cpr()
    with tenant_scope(personas.roskilde):
        holder = make_candidate(first_name="Lise", last_name="Bech", cpr=number)
    consultant = sign_in(Client(), personas.consultant_a)

    response = consultant.post(url("add"), {"first_name": "L", "last_name": "B", "cpr": number})

    assert "Lise Bech" in response.content.decode()
    assert views(personas) == [(personas.consultant_a.pk, str(holder.public_id))]


def test_the_edit_form_logs_the_person_who_holds_the_number(personas) -> None:
    number = fictitious_cpr()
    with tenant_scope(personas.roskilde):
        holder = make_candidate(first_name="Lise", last_name="Bech", cpr=number)
        edited = make_candidate(first_name="Anden", last_name="Person", cpr="")
    consultant = sign_in(Client(), personas.consultant_a)

    response = consultant.post(
        url("edit", public_id=edited.public_id),
        {"first_name": "Anden", "last_name": "Person", "cpr": number},
    )

    assert "Lise Bech" in response.content.decode()
    assert sorted(views(personas)) == sorted(
        [
            (personas.consultant_a.pk, str(holder.public_id)),  # named in the warning
            (personas.consultant_a.pk, str(edited.public_id)),  # the page itself
        ]
    )
