"""Networks for tests, built through the services, inside the current jobcenter scope."""

from __future__ import annotations

from datetime import date, time

from accounts.models import User
from companies import services as company_services
from companies.models import Company, CompanyKind, ContactPerson, ContactRole
from networks import services
from networks.models import Meeting, Network, NetworkMember
from networks.parties import JOBCENTER, Party
from tests.companies.factories import make_company

MEETING_DAY = date(2026, 12, 4)


def make_network(actor: User | None = None, **fields: object) -> Network:
    kinds = {k.code: k for k in services.network_kinds_ensure_defaults()}
    defaults: dict[str, object] = {
        "name": "Lokalt partnerskab om nydanske ledige",
        "kind": kinds["local_partnership"],
        "purpose": "Flere nydanske ledige i job gennem samarbejde med virksomhederne.",
        "success_criterion": "Ti virksomheder tager en praktikant inden for et år.",
        "coordinator": JOBCENTER,
    }
    defaults.update(fields)
    return services.network_create(actor=actor, **defaults)  # type: ignore[arg-type]


def make_meeting(network: Network, actor: User | None = None, **fields: object) -> Meeting:
    defaults: dict[str, object] = {
        "date": MEETING_DAY,
        "starts_at": time(15, 0),
        "ends_at": time(18, 0),
        "venue": "Roskilde Rådhus, mødesal 1",
    }
    defaults.update(fields)
    return services.meeting_create(actor=actor, network=network, **defaults)  # type: ignore[arg-type]


def make_contact(
    company: Company | None = None,
    *,
    name: str = "Lene Prøvesen",
    email: str = "lene@virksomhed.example",
    role: str = ContactRole.HR,
) -> ContactPerson:
    company = company or make_company(name="Prøvesens Maskinfabrik ApS")
    return company_services.contact_create(
        actor=None, company=company, name=name, email=email, role=role
    )


def make_organisation(name: str, kind: str = CompanyKind.EDUCATION) -> Company:
    return make_company(name=name, kind=kind, cvr="")


def add_contact_member(network: Network, contact: ContactPerson) -> NetworkMember:
    return services.member_add(actor=None, network=network, contact=contact)


def party(**kwargs: object) -> Party:
    return Party(**kwargs)  # type: ignore[arg-type]
