"""Celery tasks run inside the tenant scope they are given, and nowhere without one."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from celery import shared_task
from django.utils import timezone

from accounts.models import AccessLog, Jobcenter, Membership
from accounts.tasks import prune_access_log, prune_access_logs
from accounts.tenancy import ScopeError, TenantTask, tenant_scope


@shared_task(base=TenantTask, name="tests.count_members")
def count_members(tenant_id: int) -> list[str]:
    return sorted(Membership.objects.values_list("user__email", flat=True))


@shared_task(name="tests.count_members_unscoped")
def count_members_unscoped() -> int:
    return Membership.objects.count()


@pytest.mark.django_db
def test_a_task_without_a_tenant_raises(personas) -> None:
    with pytest.raises(ScopeError):
        count_members_unscoped.apply(throw=True)
    with pytest.raises(ScopeError):
        count_members.apply(args=["roskilde"], throw=True)


@pytest.mark.django_db
def test_a_task_with_a_tenant_sees_only_that_tenants_rows(personas) -> None:
    result = count_members.apply(args=[personas.aalborg.pk], throw=True).get()

    assert result == ["admin@aalborg.example", "consultant@aalborg.example"]


def remaining(jobcenter: Jobcenter) -> list[str]:
    with tenant_scope(jobcenter):
        return sorted(AccessLog.objects.values_list("object_id", flat=True))


@pytest.mark.django_db(transaction=True)
def test_the_nightly_prune_fans_out_to_a_real_worker_per_jobcenter(celery_worker_queue) -> None:
    from tests.factories import make_personas

    personas = make_personas()
    personas.roskilde.access_log_retention_months = 6
    personas.roskilde.save()
    for jobcenter in (personas.roskilde, personas.aalborg):
        with tenant_scope(jobcenter):
            for days_ago in (10, 200, 400):
                AccessLog.objects.create(
                    user=personas.consultant_a,
                    action="view",
                    object_id=f"c{days_ago}",
                    at=timezone.now() - timedelta(days=days_ago),
                )

    assert prune_access_logs.apply().get() == 2

    # Roskilde keeps 6 months, Aalborg the default 12; the worker prunes each in its own scope.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if remaining(personas.roskilde) == ["c10"] and remaining(personas.aalborg) == [
            "c10",
            "c200",
        ]:
            break
        time.sleep(0.2)
    assert remaining(personas.roskilde) == ["c10"]
    assert remaining(personas.aalborg) == ["c10", "c200"]
    # A rerun finds nothing more to do.
    assert prune_access_log.apply(args=[personas.roskilde.pk]).get() == 0
