"""The demo placements: every type and state a consultant meets, follow-ups in every state."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accounts import demo
from accounts.models import Jobcenter
from accounts.tenancy import tenant_scope
from placements.models import FollowUp, Placement

pytestmark = pytest.mark.django_db


def test_the_demo_has_placements_in_every_state_with_some_follow_up_overdue() -> None:
    demo.seed()
    roskilde = Jobcenter.objects.get(slug="roskilde")
    with tenant_scope(roskilde):
        statuses = set(Placement.objects.values_list("status", flat=True))
        followup_states = set(FollowUp.objects.values_list("status", flat=True))
        overdue = FollowUp.objects.filter(status="due", due_on__lt=timezone.localdate()).count()
        types = Placement.objects.values("placement_type").distinct().count()

    assert statuses == {"planned", "active", "completed", "interrupted"}
    assert followup_states == {"due", "done", "cancelled"}
    assert overdue > 0 and types >= 8
    assert demo.seed() == 0  # a second run adds nothing


def test_seed_demo_generates_placements_for_load_tests() -> None:
    demo.seed()
    demo.generate_candidates(slug="aalborg", count=30)
    made = demo.generate_placements(slug="aalborg", count=20)

    with tenant_scope(Jobcenter.objects.get(slug="aalborg")):
        assert made == 20
        assert FollowUp.objects.filter(kind__startswith="load_").count() == 100
