"""Isolation cases for the generic job page and its downloads (accounts.job_urls)."""

from __future__ import annotations

from typing import Any

from accounts.tenancy import tenant_scope
from tests.accounts.factories import make_finished_job
from tests.isolation_case import ObjectCase

Ids = tuple[dict[str, Any], dict[str, Any]]


def _jobs_with_a_file(personas: Any) -> Ids:
    # A job is shown only to the person who started it, so A's job is started by the member
    # the matrix visits the page as (the views need no capability).
    from tests.test_isolation import split_by_capability

    _without, visitor = split_by_capability(personas, None)
    ids = []
    for jobcenter, user in (
        (personas.roskilde, visitor),
        (personas.aalborg, personas.consultant_b),
    ):
        with tenant_scope(jobcenter):
            job, files = make_finished_job(user, {"rapport.pdf": b"%PDF-1.7 test"})
            ids.append({"public_id": job.public_id, "file_id": files[0].public_id})
    return ids[0], ids[1]


def _jobs(personas: Any) -> Ids:
    mine, theirs = _jobs_with_a_file(personas)
    return {"public_id": mine["public_id"]}, {"public_id": theirs["public_id"]}


CASES = {
    "jobs:detail": ObjectCase(_jobs, personal=True),
    "jobs:file": ObjectCase(_jobs_with_a_file, personal=True),
}
