"""Reads of networks: the list (search, filters, order, each row's counts in the same query),
one network, its members, and a company's memberships."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, IntegerField, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.capabilities import capabilities_for
from accounts.models import Membership, User
from companies.models import Company
from networks import parties
from networks.models import (
    OPEN_STATUSES,
    ActionItem,
    Meeting,
    Network,
    NetworkKind,
    NetworkMember,
)

ORDERINGS: dict[str, tuple[Any, ...]] = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "next": (F("next_meeting_on").asc(nulls_last=True), "name"),
    "last": (F("last_meeting_on").desc(nulls_last=True), "name"),
    "kind": ("kind__name", "name"),
}


@dataclass(frozen=True)
class NetworkFilters:
    search: str = ""
    kind: int | None = None
    status: str = ""
    coordinator_user: int | None = None
    board_co_owned: bool | None = None
    parent: int | None = None
    ordering: str = "name"


def network_kinds(*, include_inactive: bool = False) -> QuerySet[NetworkKind]:
    qs = NetworkKind.objects.all()
    return qs if include_inactive else qs.filter(is_active=True)


def _count(queryset: QuerySet[Any]) -> Subquery:
    return Coalesce(
        Subquery(
            queryset.order_by().values("network_id").annotate(n=Count("*")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def network_list(
    filters: NetworkFilters | None = None, today: date | None = None
) -> QuerySet[Network]:
    """The jobcenter's networks with what a row shows: kind, tovholder, members now, meetings
    held, the last and the next meeting, open action items. Every count is a correlated
    subquery on an index that leads with the tenant and the network: no query per row."""
    f = filters or NetworkFilters()
    today = today or timezone.localdate()
    meetings = Meeting.objects.filter(network=OuterRef("pk"), cancelled_at__isnull=True)
    qs = Network.objects.select_related(
        "kind", "jobcenter_contact", *parties.select_related("coordinator")
    ).annotate(
        member_count=_count(
            NetworkMember.objects.filter(network=OuterRef("pk"), left_on__isnull=True)
        ),
        meetings_held=_count(meetings.filter(date__lte=today)),
        last_meeting_on=Subquery(
            meetings.filter(date__lte=today)
            .order_by()
            .values("network_id")
            .annotate(d=Max("date"))
            .values("d")[:1]
        ),
        next_meeting_on=Subquery(
            meetings.filter(date__gt=today)
            .order_by()
            .values("network_id")
            .annotate(d=Min("date"))
            .values("d")[:1]
        ),
        open_action_items=_count(
            ActionItem.objects.filter(network=OuterRef("pk"), status__in=OPEN_STATUSES)
        ),
    )
    search = f.search.strip()
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(purpose__icontains=search))
    if f.kind:
        qs = qs.filter(kind_id=f.kind)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.coordinator_user:
        qs = qs.filter(
            Q(coordinator_user_id=f.coordinator_user) | Q(jobcenter_contact_id=f.coordinator_user)
        )
    if f.board_co_owned is not None:
        qs = qs.filter(board_co_owned=f.board_co_owned)
    if f.parent:
        qs = qs.filter(parent_id=f.parent)
    return qs.order_by(*ORDERINGS.get(f.ordering, ORDERINGS["name"]))


def may_see_networks(user: User) -> bool:
    """Whether the person works in the current jobcenter in a role that sees networks (every
    such role sees them all: networks hold no citizens' data)."""
    role = (
        Membership.objects.filter(user=user, is_active=True).values_list("role", flat=True).first()
    )
    return role is not None and "networks.view" in capabilities_for(role)


def network_get_for_user(*, user: User, public_id: Any) -> Network:
    """One network of the current jobcenter; 404 when missing, another jobcenter's, or when
    the person's role does not see networks."""
    if not may_see_networks(user):
        raise Http404
    network = (
        Network.objects.select_related(
            "kind", "parent", "jobcenter_contact", *parties.select_related("coordinator")
        )
        .filter(public_id=public_id)
        .first()
    )
    if network is None:
        raise Http404
    return network


def network_members(network: Network, *, include_former: bool = False) -> QuerySet[NetworkMember]:
    """The members, organisations first by name, then staff."""
    qs = NetworkMember.objects.filter(network=network).select_related(
        "organisation", "contact", "user"
    )
    if not include_former:
        qs = qs.filter(left_on__isnull=True)
    return qs.order_by(F("organisation__name").asc(nulls_last=True), "contact__name", "user__name")


def company_network_memberships(company: Company) -> QuerySet[NetworkMember]:
    """A company's memberships (its own, and its contact persons'), for its page."""
    return (
        NetworkMember.objects.filter(organisation=company)
        .select_related("network", "network__kind", "contact")
        .order_by("left_on", "network__name")
    )
