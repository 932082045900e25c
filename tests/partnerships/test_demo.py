"""The demo partnerships: each type and status, ahead of and behind target, a full centre with
a waiting list and an under-used one, two jobpakker."""

from __future__ import annotations

import pytest

from accounts import demo
from accounts.models import Jobcenter
from accounts.tenancy import tenant_scope
from partnerships import actuals, services
from partnerships.models import Agreement, AgreementParty, CentreContract, JobPackage

pytestmark = pytest.mark.django_db


def test_the_demo_has_agreements_centres_and_jobpakker_to_look_at() -> None:
    demo.seed()
    with tenant_scope(Jobcenter.objects.get(slug="roskilde")):
        phases = {a.phase() for a in Agreement.objects.all()}
        types = Agreement.objects.values("agreement_type").distinct().count()
        behind = actuals.behind_agreement_ids()
        centres = {c.name: (services.seats_taken(c), c.seats) for c in CentreContract.objects.all()}
        waiting = CentreContract.objects.get(name__contains="Lager").waiting_list.filter(
            status="waiting"
        )
        waiting_count = waiting.count()
        packages = list(JobPackage.objects.values_list("title", flat=True))
        parties = {
            (p.organisation.name, p.organisation.kind, bool(p.role))
            for p in AgreementParty.objects.select_related("organisation")
        }

    assert {"draft", "awaiting_signature", "active", "ended", "terminated"} <= phases
    assert types == 3 and len(behind) >= 1
    assert centres["Virksomhedscenter Lager og logistik"] == (2, 2)
    assert waiting_count == 3
    taken, seats = centres["Virksomhedscenter Produktion"]
    assert taken < seats
    assert "Tagdækker trainee" in packages and len(packages) == 2
    assert parties == {
        ("VUC Storstrøm", "education", True),
        ("Danske Malermestre", "business_organisation", True),
    }
    assert demo.seed() == 0
