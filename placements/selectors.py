"""Reads for placements and their follow-ups. The API lists use these (and the HTML lists
should too: one selector per list)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from placements.models import FollowUp, Placement, PlacementType, Presentation


@dataclass(frozen=True)
class PlacementFilters:
    placement_type: int | None = None
    status: str = ""
    company: Any = None  # public_id
    consultant: int | None = None
    candidate: Any = None  # public_id
    period_from: date | None = None
    period_to: date | None = None
    outcome: str = ""

    def criterion(self) -> str:
        """What a list asked for, for the access log (ids and codes, no personal data)."""
        return "; ".join(
            f"{name}={value}" for name, value in self.__dict__.items() if value not in ("", None)
        )


def placement_list(filters: PlacementFilters | None = None) -> QuerySet[Placement]:
    """The jobcenter's placements, newest start first, with what a row shows joined. `period`
    keeps the placements that run on at least one day from `period_from` to `period_to`."""
    f = filters or PlacementFilters()
    qs = Placement.objects.select_related(
        "candidate",
        "company",
        "workplace",
        "placement_type",
        "job_opening",
        "predecessor",
        "mentor",
        "consultant",
    ).filter(candidate__anonymised_at__isnull=True)
    if f.placement_type:
        qs = qs.filter(placement_type_id=f.placement_type)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.company:
        qs = qs.filter(company__public_id=f.company)
    if f.consultant:
        qs = qs.filter(consultant_id=f.consultant)
    if f.candidate:
        qs = qs.filter(candidate__public_id=f.candidate)
    if f.period_from or f.period_to:
        qs = qs.filter(period__overlap=DateRange(f.period_from, f.period_to, "[]"))
    if f.outcome:
        qs = qs.filter(outcome=f.outcome)
    return qs.order_by("-planned_start", "-pk")


def placement_get_for_user(*, user: User, public_id: object) -> Placement:
    """A placement of the current jobcenter; 404 for missing, foreign and those of an
    anonymised candidate."""
    placement = placement_list().filter(public_id=public_id).first()
    if placement is None:
        raise Http404
    return placement


def placement_followups(*, placement: Placement) -> QuerySet[FollowUp]:
    return (
        FollowUp.objects.filter(placement=placement)
        .select_related(
            "owner", "placement__candidate", "placement__company", "placement__placement_type"
        )
        .order_by("due_on", "pk")
    )


@dataclass(frozen=True)
class FollowUpFilters:
    owner: int | None = None
    due_before: date | None = None
    status: str = ""

    def criterion(self) -> str:
        return "; ".join(
            f"{name}={value}" for name, value in self.__dict__.items() if value not in ("", None)
        )


def followup_list(filters: FollowUpFilters | None = None) -> QuerySet[FollowUp]:
    """Follow-ups of the jobcenter's placements, soonest first. `due_before` includes the day
    itself ("due by Friday")."""
    f = filters or FollowUpFilters()
    qs = FollowUp.objects.select_related(
        "owner", "placement__candidate", "placement__company", "placement__placement_type"
    ).filter(placement__candidate__anonymised_at__isnull=True)
    if f.owner:
        qs = qs.filter(owner_id=f.owner)
    if f.due_before:
        qs = qs.filter(due_on__lte=f.due_before)
    if f.status:
        qs = qs.filter(status=f.status)
    return qs.order_by("due_on", "pk")


def followup_get_for_user(*, user: User, public_id: object) -> FollowUp:
    followup = followup_list().filter(public_id=public_id).first()
    if followup is None:
        raise Http404
    return followup


def placement_types() -> QuerySet[PlacementType]:
    """Every type of the jobcenter, the retired ones too (old placements use them)."""
    return PlacementType.objects.prefetch_related("cadence").order_by("sort_order", "name")


def placement_type_by_reference(value: str) -> PlacementType | None:
    """A type by its code or public_id."""
    try:
        return PlacementType.objects.filter(public_id=uuid.UUID(value.strip())).first()
    except ValueError:
        return PlacementType.objects.filter(code=value.strip()).first()


def candidate_presentations(*, candidate_id: int) -> QuerySet[Presentation]:
    return (
        Presentation.objects.filter(candidate_id=candidate_id)
        .select_related("company", "job_opening", "presented_by", "activity")
        .order_by("-presented_at")
    )
