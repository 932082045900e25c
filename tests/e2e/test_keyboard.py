"""A consultant who uses only the keyboard (and a screen reader): paging and sorting a list
keeps the focus in the results and announces the new page; ticking off a follow-up on "Min
dag" keeps the focus in its row."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.tenancy import tenant_scope
from placements import services
from tests.candidates.factories import make_candidate
from tests.companies.factories import make_company
from tests.e2e.test_shell import sign_in_with_code
from tests.factories import make_personas
from tests.placements.factories import make_placement


def tab_to(page: Page, selector: str, limit: int = 250) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def focused(page: Page) -> str:
    return page.evaluate("document.activeElement.outerHTML.slice(0, 200)")


@pytest.mark.django_db(transaction=True)
def test_paging_and_sorting_a_list_by_keyboard_keeps_the_focus_and_announces_the_page(
    visitor,
) -> None:
    personas = make_personas()
    with tenant_scope(personas.roskilde):
        for n in range(30):
            make_company(name=f"Virksomhed {n:02d} ApS")
        for first, last in (("Anna", "Andersen"), ("Bent", "Bach"), ("Carla", "Christensen")):
            make_candidate(first_name=first, last_name=last)

    page = visitor.visit("/konto/login/")
    sign_in_with_code(page, "consultant@roskilde.example")
    visitor.visit("/roskilde/virksomheder/")
    status = page.locator("#company-count")
    expect(status).to_have_text(re.compile(r"30 virksomheder · side 1 af 2"))
    expect(status).to_have_attribute("role", "status")

    tab_to(page, "nav.pagination a.button-next")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"page=2"))
    expect(status).to_have_text(re.compile(r"30 virksomheder · side 2 af 2"))
    expect(status).to_be_focused()
    page.keyboard.press("Tab")  # on into the new results, not to the footer
    assert page.evaluate(
        "document.getElementById('company-results').contains(document.activeElement)"
    ), focused(page)
    visitor.check_page("companies, page 2 by keyboard")

    visitor.visit("/roskilde/borgere/")
    tab_to(page, "#sort-name")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"sort="))
    expect(page.locator("#sort-name")).to_be_focused()  # the same header link, re-rendered
    names = page.locator("#candidate-results tbody th").all_inner_texts()
    page.keyboard.press("Enter")
    expect(page.locator("#candidate-results tbody th").first).not_to_have_text(names[0])
    expect(page.locator("#sort-name")).to_be_focused()
    visitor.check_page("candidates, sorted by keyboard")


@pytest.mark.django_db(transaction=True)
def test_ticking_off_a_follow_up_by_keyboard_keeps_the_focus_in_the_row(visitor) -> None:
    personas = make_personas()
    today = timezone.localdate()
    with tenant_scope(personas.roskilde):
        services.placement_types_ensure_defaults()
        for first_name in ("Bashir", "Clara"):
            make_placement(
                personas.consultant_a,
                candidate=make_candidate(first_name=first_name, last_name="Nielsen"),
                company=make_company(name=f"{first_name}s Lager A/S"),
                planned_start=today - timedelta(days=21),
                planned_end=today + timedelta(days=60),
            )

    page = visitor.visit("/konto/login/")
    sign_in_with_code(page, "consultant@roskilde.example")
    expect(page.get_by_role("heading", name="Min dag")).to_be_visible()
    first = page.locator(".followup-row").first
    expect(first.locator("input[name=notes]")).to_have_count(0)  # no note before it is done

    tab_to(page, ".followup-row button")
    button_name = page.evaluate("document.activeElement.textContent.replace(/\\s+/g, ' ')")
    assert re.search(r"Udført: .+ – (Bashir|Clara) hos \w+s Lager A/S", button_name), button_name
    page.keyboard.press("Enter")

    note = first.locator("input[name=notes]")
    expect(note).to_be_focused()
    expect(first).to_contain_text(re.compile(r"Udført \d\d\.\d\d\.\d{4}"))
    visitor.check_page("Min dag, the note open")
    page.keyboard.type("Talte med mentoren")
    page.keyboard.press("Enter")

    expect(first).to_contain_text("Talte med mentoren")
    expect(first.locator(".followup-row-status")).to_be_focused()
    page.keyboard.press("Tab")  # on to the next follow-up, not back to the top of the page
    assert page.evaluate("document.activeElement.closest('.followup-row') !== null"), focused(page)
    visitor.check_page("Min dag, a note saved")
