"""Background work for candidates. Tasks take ids and call one service."""

from __future__ import annotations

from functools import partial

from celery import shared_task
from django.db import transaction

from accounts.models import Jobcenter
from accounts.tenancy import TenantTask
from candidates import retention


@shared_task(name="candidates.anonymise_expired_all")
def anonymise_expired_all() -> int:
    """Nightly: one retention task per active jobcenter."""
    jobcenter_ids = list(Jobcenter.objects.filter(is_active=True).values_list("pk", flat=True))
    for jobcenter_id in jobcenter_ids:
        transaction.on_commit(partial(anonymise_expired.delay, jobcenter_id))
    return len(jobcenter_ids)


@shared_task(base=TenantTask, name="candidates.anonymise_expired", acks_late=True)
def anonymise_expired(tenant_id: int, after_id: int = 0) -> dict[str, int]:
    """One batch of the jobcenter's expired candidates, in one transaction; a full batch
    chains the next one after commit. A redelivered task finds the candidates it anonymised
    before no longer expired, so nothing is done twice (the export hooks may be called again
    for a batch that was rolled back, so they must be idempotent)."""
    jobcenter = Jobcenter.objects.get(pk=tenant_id)
    batch = retention.anonymise_expired(jobcenter=jobcenter, after_id=after_id)
    if batch.more:
        transaction.on_commit(partial(anonymise_expired.delay, tenant_id, batch.last_id))
    return {"anonymised": batch.anonymised, "held_back": batch.held_back}
