"""Isolation cases for the company pages (companies.urls): one object in each jobcenter."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import Jobcenter, User
from accounts.tenancy import tenant_scope
from companies import services
from tests.companies.factories import make_company, purpose
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


def _company(jobcenter: Jobcenter, user: User) -> Any:
    return make_company(name=f"Isolation {jobcenter.slug} ApS", key_account=user)


def _workplace(jobcenter: Jobcenter, user: User) -> Any:
    return services.workplace_create(actor=user, company=_company(jobcenter, user), name="Lager")


def _contact(jobcenter: Jobcenter, user: User) -> Any:
    return services.contact_create(actor=user, company=_company(jobcenter, user), name="Hanne")


def _opening(jobcenter: Jobcenter, user: User) -> Any:
    return services.job_opening_create(
        actor=user, company=_company(jobcenter, user), title="Lagermedarbejder"
    )


def _activity(jobcenter: Jobcenter, user: User) -> Any:
    return services.activity_create(
        actor=user,
        company=_company(jobcenter, user),
        type="phone",
        purpose=purpose(),
        next_step="Ring igen",
        next_step_due=timezone.localdate() + timedelta(days=3),
    )


def _purpose(jobcenter: Jobcenter, user: User) -> Any:
    return purpose()


def purposes(personas: Any) -> Ids:
    return _each(personas, _purpose)


def companies(personas: Any) -> Ids:
    return _each(personas, _company)


def workplaces(personas: Any) -> Ids:
    return _each(personas, _workplace)


def contacts(personas: Any) -> Ids:
    return _each(personas, _contact)


def openings(personas: Any) -> Ids:
    return _each(personas, _opening)


def activities(personas: Any) -> Ids:
    return _each(personas, _activity)


CASES = {
    "companies:purpose_edit": ObjectCase(purposes),
    "companies:detail": ObjectCase(companies),
    "companies:edit": ObjectCase(companies),
    "companies:activity_add": ObjectCase(companies),
    "companies:handover": ObjectCase(companies),
    "companies:follow": ObjectCase(companies, method="post"),
    "companies:workplace_add": ObjectCase(companies),
    "companies:contact_add": ObjectCase(companies),
    "companies:opening_add": ObjectCase(companies),
    "companies:workplace_edit": ObjectCase(workplaces),
    "companies:contact_edit": ObjectCase(contacts),
    "companies:opening_edit": ObjectCase(openings),
    "companies:opening_status": ObjectCase(openings),
    "companies:opening_take_up": ObjectCase(openings, method="post"),
    "companies:next_step_done": ObjectCase(activities, method="post"),
}
