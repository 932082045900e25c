from __future__ import annotations

import pytest
from django.core.management import call_command

from accounts.models import Jobcenter
from accounts.tenancy import tenant_scope
from companies import selectors
from companies.models import Activity, Company, validate_cvr


@pytest.mark.django_db
def test_seed_demo_gives_each_jobcenter_a_register_with_history(settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo", "--no-signins")
    call_command("seed_demo", "--no-signins")  # idempotent

    for slug in ("roskilde", "aalborg"):
        jobcenter = Jobcenter.objects.get(slug=slug)
        with tenant_scope(jobcenter):
            # The networks demo adds a few organisations without a CVR number (the Roskilde
            # meeting's presenters and schools); the register's companies all have one.
            companies = list(Company.objects.exclude(cvr=""))
            assert len(companies) == 30
            assert {c.name for c in companies} >= {"DISCUS A/S", "VUC Storstrøm"}
            for company in companies:
                validate_cvr(company.cvr)
            assert Activity.objects.count() >= 30
            assert selectors.companies_without_key_account().exists()
            assert selectors.openings_not_taken_up(jobcenter=jobcenter)


@pytest.mark.django_db
def test_seed_demo_generates_companies_for_load_tests(settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo", "--no-signins")
    call_command("seed_demo", "--no-signins", "--companies", "50", "--activities", "3")

    with tenant_scope(Jobcenter.objects.get(slug="roskilde")):
        generated = Company.objects.filter(name__startswith="Genereret")
        assert generated.count() == 50
        assert Activity.objects.filter(company__in=generated).count() == 150
        # The generated columns make them searchable at once.
        found = selectors.company_list(selectors.CompanyFilters(search="Genereret Soendergaard 6"))
        assert found.exists()
