"""A CPR number typed into a search that is sent in the address ("Nyt forløb" finds the
candidate by GET) is refused with a page that offers the look-up by POST, which finds the
person without the number ever entering an address again."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.tenancy import tenant_scope
from tests.candidates.factories import fictitious_cpr, make_candidate
from tests.e2e.test_shell import sign_in_with_code
from tests.factories import make_personas


@pytest.mark.django_db(transaction=True)
def test_a_cpr_number_in_a_search_leads_to_the_lookup_by_post(visitor) -> None:
    personas = make_personas()
    number = fictitious_cpr()
    with tenant_scope(personas.roskilde):
        make_candidate(first_name="Sofie", last_name="Prøvesen", cpr=number)
    dashed = f"{number[:6]}-{number[6:]}"

    page = visitor.visit("/konto/login/")
    sign_in_with_code(page, "consultant@roskilde.example")
    page.goto(visitor.base_url + "/roskilde/forloeb/nyt/")
    page.get_by_label("Find kandidat (navn eller sagsnummer)").fill(f"Sofie {dashed}")
    page.get_by_label("Find kandidat (navn eller sagsnummer)").press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Et CPR-nummer må ikke stå i en adresse"
    )
    assert number not in page.content() and dashed not in page.content()
    visitor.check_page("the refusal")

    page.get_by_label("Find på CPR-nummer").fill(dashed)
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sofie Prøvesen")
    assert number[:6] not in page.url
