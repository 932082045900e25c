"""Reads for the jobpakke pages: the list with its counts, one package with its modules and
cohort, and the funnel (enrolled → modules completed → praktik → hired). Every count is made in
SQL: the list runs the same number of queries whatever its length."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from companies.models import Company
from partnerships.models import (
    JobPackage,
    JobPackageModule,
    JobPackageParticipant,
    JobPackageStage,
    ModuleKind,
    ModuleProgress,
    ParticipantOutcome,
)
from placements.models import Placement

ORDERINGS: dict[str, tuple[str, ...]] = {
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
    "company": ("company__name", "title", "pk"),
    "-company": ("-company__name", "-title", "-pk"),
    "created": ("created_at", "pk"),
    "-created": ("-created_at", "-pk"),
    "enrolled": ("enrolled_count", "pk"),
    "-enrolled": ("-enrolled_count", "-pk"),
    "hired": ("hired_count", "pk"),
    "-hired": ("-hired_count", "-pk"),
}
DEFAULT_ORDERING = "-created"

ACTIVE, FINISHED = "active", "finished"


@dataclass(frozen=True)
class JobPackageFilters:
    search: str = ""
    stage: str = ""
    company: Any = None  # public_id
    key_account: int | None = None
    state: str = ""  # ACTIVE (not closed) or FINISHED (closed)
    ordering: str = DEFAULT_ORDERING


def _count(qs: QuerySet[Any], group: str) -> Coalesce:
    """A correlated COUNT(*) of `qs` (filtered on OuterRef through its field `group`) per outer
    row, 0 when there is none."""
    counted = qs.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _participants_of_row() -> QuerySet[JobPackageParticipant]:
    return JobPackageParticipant.objects.filter(package=OuterRef("pk"))


def job_package_list(filters: JobPackageFilters | None = None) -> QuerySet[JobPackage]:
    """The jobcenter's jobpakker with the company, its key account and per row the number of
    modules, enrolled and hired, each a correlated count."""
    f = filters or JobPackageFilters()
    qs = JobPackage.objects.select_related("company", "company__key_account", "job_opening")
    qs = qs.annotate(
        module_count=_count(JobPackageModule.objects.filter(package=OuterRef("pk")), "package"),
        enrolled_count=_count(_participants_of_row(), "package"),
        hired_count=_count(
            _participants_of_row().filter(outcome=ParticipantOutcome.HIRED), "package"
        ),
    )
    for word in f.search.split():
        qs = qs.filter(Q(title__icontains=word) | Q(company__name__icontains=word))
    if f.stage:
        qs = qs.filter(stage=f.stage)
    if f.company:
        qs = qs.filter(company__public_id=f.company)
    if f.key_account:
        qs = qs.filter(company__key_account_id=f.key_account)
    if f.state == ACTIVE:
        qs = qs.exclude(stage=JobPackageStage.CLOSED)
    elif f.state == FINISHED:
        qs = qs.filter(stage=JobPackageStage.CLOSED)
    return qs.order_by(*ORDERINGS.get(f.ordering, ORDERINGS[DEFAULT_ORDERING]))


def job_package_companies() -> QuerySet[Company]:
    """Companies that have at least one jobpakke: the list's company filter."""
    return Company.objects.filter(job_packages__isnull=False).distinct().order_by("name")


def job_package_get_for_user(*, user: User, public_id: object) -> JobPackage:
    """A jobpakke of the current jobcenter; 404 for missing and foreign."""
    package = (
        JobPackage.objects.select_related("company", "job_opening", "copied_from")
        .filter(public_id=public_id)
        .first()
    )
    if package is None:
        raise Http404
    return package


def participant_get_for_user(*, user: User, public_id: object) -> JobPackageParticipant:
    """A participant of a jobpakke of the current jobcenter (not of an anonymised candidate);
    404 for missing and foreign."""
    participant = (
        JobPackageParticipant.objects.select_related("package__company", "candidate")
        .filter(public_id=public_id, candidate__anonymised_at__isnull=True)
        .first()
    )
    if participant is None:
        raise Http404
    return participant


def package_modules(*, package: JobPackage) -> QuerySet[JobPackageModule]:
    """The modules in order, each with how many of the cohort have completed it."""
    return (
        JobPackageModule.objects.filter(package=package)
        .annotate(
            completed_count=_count(ModuleProgress.objects.filter(module=OuterRef("pk")), "module")
        )
        .order_by("position")
    )


def module_at(*, package: JobPackage, position: int) -> JobPackageModule:
    module = JobPackageModule.objects.filter(package=package, position=position).first()
    if module is None:
        raise Http404
    return module


def package_cohort(*, package: JobPackage) -> list[JobPackageParticipant]:
    """The cohort (enrolment order) with `completed`, the set of module ids each has completed:
    two queries whatever the cohort's size."""
    participants = list(
        JobPackageParticipant.objects.filter(package=package, candidate__anonymised_at__isnull=True)
        .select_related("candidate")
        .order_by("enrolled_on", "pk")
    )
    done: dict[int, set[int]] = {p.pk: set() for p in participants}
    rows = ModuleProgress.objects.filter(participant__package=package).values_list(
        "participant_id", "module_id"
    )
    for participant_id, module_id in rows:
        if participant_id in done:
            done[participant_id].add(module_id)
    for participant in participants:
        participant.completed = done[participant.pk]  # type: ignore[attr-defined]
    return participants


def participant_completed(*, participant: JobPackageParticipant) -> set[int]:
    return set(
        ModuleProgress.objects.filter(participant=participant).values_list("module_id", flat=True)
    )


STEP_LABELS = {
    "enrolled": _("Optaget"),
    "modules_completed": _("Moduler gennemført"),
    "praktik": _("Praktik"),
    "hired": _("Ansat"),
}


@dataclass(frozen=True)
class FunnelStep:
    key: str
    label: str
    count: int
    # Percent of the step before, rounded (None for the first step and after an empty one).
    conversion: int | None
    # Percent of everyone enrolled, rounded (None when nobody is).
    of_enrolled: int | None
    # How many fewer than the step before (0 for the first step).
    dropped: int


def _percent(count: int, base: int | None) -> int | None:
    return round(100 * count / base) if base else None


def package_funnel(*, package: JobPackage) -> dict[str, Any]:
    """The funnel and the count of each outcome, in two queries. The steps are the same as the
    API's (partnerships/api/job_packages.py): enrolled (the cohort) → modules completed (every
    module before the first praktik module; all modules when there is none) → praktik (a praktik
    module completed, or an internship placement linked to the jobpakke) → hired (outcome hired).
    Anonymised candidates stay in the figures; the cohort grid does not list them."""
    modules = list(
        JobPackageModule.objects.filter(package=package).values_list("pk", "position", "kind")
    )
    praktik_positions = [pos for _pk, pos, kind in modules if kind == ModuleKind.INTERNSHIP]
    first_praktik = min(praktik_positions) if praktik_positions else None
    before = [pk for pk, pos, _kind in modules if first_praktik is None or pos < first_praktik]
    done_before = ModuleProgress.objects.filter(participant=OuterRef("pk"), module_id__in=before)
    reached_praktik = Exists(
        ModuleProgress.objects.filter(
            participant=OuterRef("pk"), module__kind=ModuleKind.INTERNSHIP
        )
    ) | Exists(
        Placement.objects.filter(
            job_package=package,
            candidate=OuterRef("candidate"),
            placement_type__code="internship",
        )
    )
    counts = (
        JobPackageParticipant.objects.filter(package=package)
        .annotate(
            steps_done=_count(done_before, "participant"),
            reached_praktik=reached_praktik,
        )
        .aggregate(
            enrolled=Count("pk"),
            modules_completed=Count("pk", filter=Q(steps_done__gte=len(before))),
            praktik=Count("pk", filter=Q(reached_praktik=True)),
            hired=Count("pk", filter=Q(outcome=ParticipantOutcome.HIRED)),
            not_hired=Count("pk", filter=Q(outcome=ParticipantOutcome.NOT_HIRED)),
            dropped_out=Count("pk", filter=Q(outcome=ParticipantOutcome.DROPPED_OUT)),
            in_progress=Count("pk", filter=Q(outcome=ParticipantOutcome.IN_PROGRESS)),
        )
    )
    steps = []
    previous: int | None = None
    for key, label in STEP_LABELS.items():
        count = int(counts[key] or 0)
        steps.append(
            FunnelStep(
                key=key,
                label=str(label),
                count=count,
                conversion=_percent(count, previous),
                of_enrolled=_percent(count, counts["enrolled"]),
                dropped=max(previous - count, 0) if previous is not None else 0,
            )
        )
        previous = count
    return {"steps": steps, "outcomes": counts, "positions": package.positions}
