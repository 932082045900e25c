"""Isolation cases for the candidate pages (candidates.urls): one object in each jobcenter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from accounts.models import Jobcenter, User
from accounts.tenancy import tenant_scope
from candidates import services
from candidates.models import ConsentCategory
from tests.candidates.factories import make_candidate
from tests.isolation_case import ObjectCase

Ids = tuple[dict[str, Any], dict[str, Any]]


def _each(personas: Any, make: Callable[[Jobcenter, User], Any]) -> Ids:
    ids = []
    for jobcenter, user in (
        (personas.roskilde, personas.consultant_a),
        (personas.aalborg, personas.consultant_b),
    ):
        with tenant_scope(jobcenter):
            ids.append({"public_id": make(jobcenter, user).public_id})
    return ids[0], ids[1]


def _candidate(jobcenter: Jobcenter, user: User) -> Any:
    # The consultant is responsible, so the pages only for those who work with the
    # candidate (the sensitive part, the full CPR number) answer them.
    return make_candidate(first_name=f"Isolation {jobcenter.slug}", consultant=user)


def _consent(jobcenter: Jobcenter, user: User) -> Any:
    return services.consent_record(
        actor=user,
        candidate=_candidate(jobcenter, user),
        company=None,
        categories=[ConsentCategory.PROFILE],
        given_on=timezone.localdate(),
    )


def _sub_goal(jobcenter: Jobcenter, user: User) -> Any:
    candidate = _candidate(jobcenter, user)
    step = services.steps_ensure_defaults()[0]
    plan = services.staircase_move(actor=user, candidate=candidate, to_step=step)
    return services.sub_goal_add(actor=user, plan=plan, text="Møde til tiden")


def _first(ensure: Callable[[], list[Any]]) -> Callable[[Jobcenter, User], Any]:
    return lambda jobcenter, user: ensure()[0]


def candidates(personas: Any) -> Ids:
    return _each(personas, _candidate)


CASES = {
    "candidates:cpr_lookup": ObjectCase(method="post"),
    "candidates:detail": ObjectCase(candidates),
    "candidates:edit": ObjectCase(candidates),
    "candidates:profile": ObjectCase(candidates),
    "candidates:status": ObjectCase(candidates),
    "candidates:cpr_reveal": ObjectCase(candidates),
    "candidates:assessment_add": ObjectCase(candidates),
    "candidates:consent_add": ObjectCase(candidates),
    "candidates:sensitive": ObjectCase(candidates),
    "candidates:staircase": ObjectCase(candidates),
    "candidates:lookup_history": ObjectCase(candidates),
    "candidates:lookup_history_pdf": ObjectCase(candidates, method="post"),
    "candidates:subject_access": ObjectCase(candidates),
    "candidates:consent_withdraw": ObjectCase(lambda p: _each(p, _consent)),
    "candidates:sub_goal_status": ObjectCase(lambda p: _each(p, _sub_goal), method="post"),
    "candidates:target_groups_edit": ObjectCase(
        lambda p: _each(p, _first(services.target_groups_ensure_defaults))
    ),
    "candidates:schemes_edit": ObjectCase(
        lambda p: _each(p, _first(services.schemes_ensure_defaults))
    ),
    "candidates:steps_edit": ObjectCase(lambda p: _each(p, _first(services.steps_ensure_defaults))),
}
