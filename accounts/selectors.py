from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404

from accounts import security
from accounts.models import (
    ApiToken,
    Job,
    Jobcenter,
    JobFile,
    JobStatus,
    Membership,
    Role,
    Team,
    User,
)
from accounts.tenancy import set_db_user


def memberships_of(*, user: User) -> list[Membership]:
    """The person's active memberships in every jobcenter, for the picker after sign-in."""
    with transaction.atomic():
        set_db_user(user.pk)
        return list(
            Membership.across_jobcenters.select_related("tenant", "team")
            .filter(user=user, is_active=True, tenant__is_active=True)
            .order_by("tenant__name")
        )


def colleagues() -> QuerySet[User]:
    """The current jobcenter's active consultants, managers and admins: the people who can be
    responsible for a company, a candidate or a next step."""
    members = Membership.objects.filter(
        is_active=True, role__in=[Role.CONSULTANT, Role.MANAGER, Role.ADMIN]
    ).values("user_id")
    return User.objects.filter(pk__in=members, is_active=True).order_by("name", "email")


def membership_list() -> QuerySet[Membership]:
    """The current jobcenter's memberships (inside a tenant scope)."""
    return Membership.objects.select_related("user", "team", "company").order_by("user__email")


# --- The jobcenter's own administration (Indstillinger) -------------------------------------
# Every function below runs inside a tenant scope; look-ups by public_id also filter by the
# jobcenter they are given, so an id from another jobcenter is a 404 like a missing one.

MEMBERSHIP_ORDERINGS: dict[str, list[Any]] = {
    "name": [Lower("user__name"), "user__email"],
    "-name": [Lower("user__name").desc(), "-user__email"],
    "email": ["user__email"],
    "-email": ["-user__email"],
    "role": ["role_rank", "user__email"],
    "-role": ["-role_rank", "user__email"],
    "team": [F("team__name").asc(nulls_last=True), "user__email"],
    "-team": [F("team__name").desc(nulls_last=True), "user__email"],
    "active": ["-is_active", "user__email"],
    "-active": ["is_active", "user__email"],
}
MEMBERSHIP_DEFAULT_ORDER = "name"
# The team filter's value for members without a team.
NO_TEAM = "none"


def membership_search(
    *,
    query: str = "",
    role: str = "",
    team: str = "",
    active: bool | None = None,
    order: str = MEMBERSHIP_DEFAULT_ORDER,
) -> QuerySet[Membership]:
    """The current jobcenter's memberships for the admin list: search by name or e-mail,
    filter by role, team (a team's public_id, or NO_TEAM) and status, sorted by `order`."""
    # Roles sort in the order of Role (admin first), not alphabetically by their code.
    role_rank = Case(
        *(When(role=value, then=Value(rank)) for rank, value in enumerate(Role.values)),
        default=Value(len(Role.values)),
        output_field=IntegerField(),
    )
    memberships = Membership.objects.select_related("user", "team", "company").annotate(
        role_rank=role_rank
    )
    query = query.strip()
    if query:
        memberships = memberships.filter(
            Q(user__name__icontains=query) | Q(user__email__icontains=query)
        )
    if role:
        memberships = memberships.filter(role=role)
    if team == NO_TEAM:
        memberships = memberships.filter(team__isnull=True)
    elif team:
        memberships = memberships.filter(team__public_id=team)
    if active is not None:
        memberships = memberships.filter(is_active=active)
    ordering = MEMBERSHIP_ORDERINGS.get(order, MEMBERSHIP_ORDERINGS[MEMBERSHIP_DEFAULT_ORDER])
    return memberships.order_by(*ordering)


def membership_get(*, tenant: Jobcenter, public_id: UUID) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "team", "company").filter(tenant=tenant),
        public_id=public_id,
    )


def membership_is_last_active_admin(*, membership: Membership) -> bool:
    """True when no other active admin is left in the membership's jobcenter."""
    if membership.role != Role.ADMIN or not membership.is_active:
        return False
    return not (
        Membership.objects.filter(tenant_id=membership.tenant_id, role=Role.ADMIN, is_active=True)
        .exclude(pk=membership.pk)
        .exists()
    )


def memberships_with_sign_in_blocks(memberships: Iterable[Membership]) -> list[Membership]:
    """The memberships, each with `blocked_until`: when the block on the person's sign-in
    lifts by itself, or None when they are not blocked. One query for the lot."""
    rows = list(memberships)
    blocked = security.blocked_accounts(row.user.email for row in rows)
    for row in rows:
        row.blocked_until = blocked.get(row.user.email.lower())  # type: ignore[attr-defined]
    return rows


def team_list() -> QuerySet[Team]:
    """The current jobcenter's teams with the number of active members in each."""
    return Team.objects.annotate(
        member_count=Count("memberships", filter=Q(memberships__is_active=True))
    ).order_by(Lower("name"))


def team_get(*, tenant: Jobcenter, public_id: UUID) -> Team:
    return get_object_or_404(
        Team.objects.filter(tenant=tenant).annotate(member_count=Count("memberships")),
        public_id=public_id,
    )


def api_token_list() -> QuerySet[ApiToken]:
    """The current jobcenter's API tokens, newest first. Holds hashes only, never tokens."""
    return ApiToken.objects.select_related("membership__user", "created_by").order_by("-created_at")


def api_token_list_own(*, membership: Membership) -> QuerySet[ApiToken]:
    """A person's own API tokens in this jobcenter, active ones first, newest first."""
    return (
        ApiToken.objects.filter(membership=membership)
        .select_related("created_by")
        .order_by(F("revoked_at").desc(nulls_first=True), "-created_at")
    )


def api_token_get_own(*, membership: Membership, public_id: UUID) -> ApiToken:
    """One of the person's own tokens; anyone else's (a colleague's too) is a 404."""
    return get_object_or_404(
        ApiToken.objects.select_related("membership__user").filter(membership=membership),
        public_id=public_id,
    )


def api_token_get(*, tenant: Jobcenter, public_id: UUID) -> ApiToken:
    return get_object_or_404(
        ApiToken.objects.select_related("membership__user").filter(tenant=tenant),
        public_id=public_id,
    )


# --- Background jobs ------------------------------------------------------------------------
# A job and its files are the business of the person who started it: anyone else, in this
# jobcenter or another, gets a 404 as for a job that does not exist.


def job_get_for_user(*, user: User, public_id: UUID, kind: str | None = None) -> Job:
    """The job, if `user` started it (and, given `kind`, if it is of that kind)."""
    jobs = Job.objects.filter(created_by=user)
    if kind is not None:
        jobs = jobs.filter(kind=kind)
    return get_object_or_404(jobs, public_id=public_id)


def job_files(*, job: Job) -> list[JobFile]:
    """The files of a finished job; none while it runs or when it failed."""
    if job.status != JobStatus.DONE:
        return []
    return list(job.files.all())


def job_file_get_for_user(*, user: User, job_public_id: UUID, public_id: UUID) -> JobFile:
    return get_object_or_404(
        JobFile.objects.select_related("job"),
        public_id=public_id,
        job__public_id=job_public_id,
        job__created_by=user,
        job__status=JobStatus.DONE,
    )
