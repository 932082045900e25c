"""A jobpakke in the browser: a consultant finds it in the list, reads the funnel, marks a
module completed in the cohort grid without a reload, and visits the forms. Every page is
checked for accessibility and CSP violations."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.tenancy import tenant_scope
from partnerships import services
from tests.candidates.factories import make_candidate
from tests.e2e.test_shell import sign_in_with_code
from tests.factories import make_personas
from tests.partnerships.isolation_job_packages import make_job_package

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True)
def test_a_consultant_follows_a_cohort_through_the_jobpakke(visitor) -> None:
    personas = make_personas()
    with tenant_scope(personas.roskilde):
        package = make_job_package()
        course = package.modules.get(position=1)
        for name in ("Yasmin", "Omar"):
            participant = services.participant_enrol(
                actor=None, package=package, candidate=make_candidate(first_name=name)
            )
            if name == "Omar":
                services.module_completed(actor=None, participant=participant, module=course)
    base = "/roskilde/aftaler/jobpakker/"

    page = visitor.visit("/konto/login/")
    sign_in_with_code(page, "consultant@roskilde.example")
    visitor.visit(base)
    page.get_by_label("Søg i titel og virksomhed").fill("tagdækker")
    page.get_by_role("button", name="Søg").click()
    expect(page.get_by_text("1 jobpakke", exact=True)).to_be_visible()
    page.get_by_role("link", name="Tagdækkerlærlinge").click()
    visitor.check_page("jobpakke")
    table = page.locator("#funnel-table")
    expect(table.get_by_role("row", name="Moduler gennemført")).to_contain_text("0")

    yasmin = page.locator("tbody tr", has_text="Yasmin Testesen")
    yasmin.get_by_role("button", name=re.compile("^Markér gennemført")).first.click()
    expect(yasmin.get_by_role("button", name="Fortryd")).to_have_count(1)
    yasmin.get_by_role("button", name=re.compile("^Markér gennemført")).first.click()
    # The funnel is swapped in with the row: Yasmin has now done both modules before praktik.
    expect(table.get_by_role("row", name="Moduler gennemført")).to_contain_text("50 %")
    expect(yasmin.get_by_role("button", name="Fortryd")).to_have_count(2)
    expect(page.locator("#funnel").get_by_role("row", name="Arbejde i højden")).to_contain_text(
        "2 af 2"
    )
    visitor.check_page("jobpakke after two clicks")

    for path, label in (
        ("moduler/", "modules"),
        ("optag/?q=omar", "enrol"),
        ("kopier/", "copy"),
        ("ret/", "edit"),
        ("moduler/3/fjern/", "remove a module"),
    ):
        visitor.visit(f"{base}{package.public_id}/{path}")
        visitor.check_page(label)
    visitor.visit(f"{base}ny/")
