from __future__ import annotations

from datetime import date
from typing import Any

from accounts.models import User
from companies.models import Company
from partnerships import services
from partnerships.models import Agreement, CentreContract
from tests.companies.factories import make_company


def agreement_type(name: str = "Partnerskabsaftale") -> Any:
    return next(t for t in services.agreement_types_ensure_defaults() if t.name == name)


def make_agreement(contact: User, company: Company | None = None, **fields: Any) -> Agreement:
    defaults: dict[str, Any] = {
        "agreement_type": agreement_type(),
        "company": company or make_company(name="Partner ApS"),
        "title": "Partnerskab om praktik og job",
        "purpose": "Flere ledige i job hos virksomheden.",
        "jobcenter_contact": contact,
        "starts_on": date(2026, 1, 1),
        "ends_on": date(2027, 12, 31),
    }
    defaults.update(fields)
    return services.agreement_create(actor=contact, **defaults)


def make_centre(company: Company | None = None, **fields: Any) -> CentreContract:
    defaults: dict[str, Any] = {
        "company": company or make_company(name="Centret ApS"),
        "name": "Virksomhedscenter Lager",
        "seats": 2,
        "starts_on": date(2026, 1, 1),
    }
    defaults.update(fields)
    return services.centre_save(actor=None, contract=CentreContract(), **defaults)
