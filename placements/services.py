"""Writes for placements and their follow-ups. HTML views, the API and tasks call these.

A placement's follow-ups are planned when it is made, from its type's cadence; when its dates
move, the open ones move with it; when it ends early, the ones that no longer apply are
cancelled and the end follow-up is kept (DOMAIN.md: "Vi følger altid op!")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import history
from accounts.models import User
from candidates.models import Candidate, CandidateStatus
from companies.models import CompanyStatus
from placements.models import (
    Anchor,
    CadenceStep,
    Channel,
    FollowUp,
    FollowUpStatus,
    Outcome,
    Placement,
    PlacementStatus,
    PlacementType,
)

# --- The default catalogue of placement types (DOMAIN.md section 3.5) --------------------------


@dataclass(frozen=True)
class Step:
    kind: str
    label: str
    anchor: str
    offset_days: int
    channel: str = Channel.PHONE


START_AND_END = (
    Step("day_3", "Dag 3: hvordan går det?", Anchor.START, 3),
    Step("week_2", "Uge 2: opfølgning", Anchor.START, 14, Channel.VISIT),
    Step("midway", "Midtvejsopfølgning", Anchor.MIDWAY, 0, Channel.VISIT),
    Step("last_week", "Sidste uge: hvad nu?", Anchor.END, -7, Channel.MEETING),
    Step("end", "Slutsamtale", Anchor.END, 0, Channel.MEETING),
    Step("after_4_weeks", "4 uger efter: selvforsørgende?", Anchor.END, 28),
    Step("after_3_months", "3 måneder efter: stadig i job?", Anchor.END, 91),
)
EMPLOYMENT = (
    Step("day_3", "Dag 3: hvordan går det?", Anchor.START, 3),
    Step("week_2", "Uge 2: opfølgning", Anchor.START, 14, Channel.VISIT),
    Step("after_3_months", "3 måneder efter start: efterværn", Anchor.START, 91),
    # After a permanent hire too (000:L210).
    Step("after_6_months", "6 måneder efter start: stadig i job?", Anchor.START, 182),
)
SHORT = (
    Step("day_3", "Dag 3: hvordan går det?", Anchor.START, 3),
    Step("end", "Slutsamtale", Anchor.END, 0, Channel.MEETING),
)


@dataclass(frozen=True)
class DefaultType:
    code: str
    name: str
    cadence: tuple[Step, ...]
    is_employment: bool = False
    is_ordinary: bool = False
    is_subsidised: bool = False
    is_education: bool = False
    is_exclusive: bool = True
    max_weeks: int | None = None


DEFAULT_TYPES = (
    DefaultType("internship", "Virksomhedspraktik", START_AND_END, max_weeks=13),
    DefaultType(
        "wage_subsidy_private",
        "Løntilskud, privat",
        START_AND_END,
        is_employment=True,
        is_subsidised=True,
        max_weeks=26,
    ),
    DefaultType(
        "wage_subsidy_public",
        "Løntilskud, offentlig",
        START_AND_END,
        is_employment=True,
        is_subsidised=True,
        max_weeks=26,
    ),
    # Mentor support runs beside another placement, so it may overlap.
    DefaultType("mentor", "Mentorstøtte", SHORT, is_exclusive=False),
    DefaultType("flex_job", "Fleksjob", EMPLOYMENT, is_employment=True, is_subsidised=True),
    DefaultType(
        "small_job",
        "Småjob / timer",
        EMPLOYMENT,
        is_employment=True,
        is_ordinary=True,
        is_exclusive=False,
    ),
    DefaultType(
        "job_rotation", "Jobrotation", START_AND_END, is_employment=True, is_subsidised=True
    ),
    DefaultType(
        "igu",
        "IGU (integrationsgrunduddannelse)",
        START_AND_END,
        is_employment=True,
        is_subsidised=True,
        is_education=True,
        max_weeks=104,
    ),
    DefaultType(
        "adult_apprentice",
        "Voksenlærling",
        START_AND_END,
        is_employment=True,
        is_subsidised=True,
        is_education=True,
    ),
    DefaultType("ordinary_job", "Ordinært job", EMPLOYMENT, is_employment=True, is_ordinary=True),
    DefaultType("education", "Uddannelse", SHORT, is_education=True),
)


def placement_types_ensure_defaults() -> list[PlacementType]:
    """The jobcenter's catalogue, seeded with the Danish instruments the first time."""
    if not PlacementType.objects.exists():
        with transaction.atomic():
            for order, default in enumerate(DEFAULT_TYPES):
                placement_type = PlacementType.objects.create(
                    code=default.code,
                    name=default.name,
                    is_employment=default.is_employment,
                    is_ordinary=default.is_ordinary,
                    is_subsidised=default.is_subsidised,
                    is_education=default.is_education,
                    is_exclusive=default.is_exclusive,
                    max_weeks=default.max_weeks,
                    sort_order=order,
                )
                CadenceStep.objects.bulk_create(
                    [
                        CadenceStep(
                            placement_type=placement_type,
                            kind=step.kind,
                            label=step.label,
                            anchor=step.anchor,
                            offset_days=step.offset_days,
                            channel=step.channel,
                        )
                        for step in default.cadence
                    ]
                )
    return list(PlacementType.objects.filter(is_active=True))


@transaction.atomic
def placement_type_save(
    *, actor: User | None, placement_type: PlacementType, **fields: Any
) -> PlacementType:
    """Rename, retire or add a type (a new one gets a code from its name)."""
    from django.utils.text import slugify

    for name, value in fields.items():
        setattr(placement_type, name, value.strip() if isinstance(value, str) else value)
    clash = PlacementType.objects.filter(name__iexact=placement_type.name)
    if placement_type.pk:
        clash = clash.exclude(pk=placement_type.pk)
    if clash.exists():
        raise ValidationError({"name": _("Navnet findes allerede.")})
    if not placement_type.code:
        base = slugify(placement_type.name)[:30] or "type"
        code, n = base, 1
        while PlacementType.objects.filter(code=code).exists():
            n += 1
            code = f"{base}-{n}"
        placement_type.code = code
    placement_type.full_clean(exclude=["tenant"], validate_unique=False)
    placement_type.save()
    return placement_type


# --- Placements ----------------------------------------------------------------------------

PLACEMENT_FIELDS = {
    "agreement",
    "centre_contract",
    "job_package",
    "candidate",
    "company",
    "workplace",
    "placement_type",
    "job_opening",
    "predecessor",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "hours_per_week",
    "tasks",
    "mentor",
    "mentor_hours_per_week",
    "consultant",
}


class OverlappingPlacement(ValidationError):
    """The candidate already holds an exclusive placement in the period."""

    def __init__(self, other: Placement | None) -> None:
        self.other = other
        if other is None:
            message = _("Kandidaten har allerede et forløb i perioden, som ikke kan overlappe.")
        else:
            message = _(
                "Kandidaten er allerede i %(type)s hos %(company)s fra %(start)s%(end)s, og "
                "de to forløb kan ikke overlappe."
            ) % {
                "type": other.placement_type.name.lower(),
                "company": other.company.name,
                "start": f"{other.start:%d.%m.%Y}",
                "end": f" til {other.end:%d.%m.%Y}" if other.end else "",
            }
        super().__init__({"planned_start": ValidationError(message, code="overlap")})


def _check(placement: Placement, changed: frozenset[str] = frozenset()) -> None:
    """The rules one placement keeps. `changed` names the fields the person just set, so a
    clash between two dates is told on the one they changed."""
    errors: dict[str, str] = {}
    if placement.company_id and placement.company.status == CompanyStatus.CEASED:
        errors["company"] = _("Virksomheden er ophørt; der kan ikke laves nye forløb hos den.")
    candidate: Candidate = placement.candidate
    if candidate.status == CandidateStatus.CLOSED or candidate.is_anonymised:
        errors["candidate"] = _("Kandidaten er afsluttet; genåbn kandidaten først.")
    try:
        placement.clean()  # the date rules, on the field the person typed
    except ValidationError as error:
        errors.update({field: messages[0] for field, messages in error.message_dict.items()})
    started_after_planned_end = (
        placement.actual_end is None
        and placement.actual_start
        and placement.planned_end
        and placement.planned_end < placement.actual_start
    )
    if started_after_planned_end and "actual_start" in changed and "planned_end" not in changed:
        # Until it ends, the placement runs from its real start to its planned end: the start
        # that was just typed is what is wrong.
        errors.pop("planned_end", None)
        errors["actual_start"] = _(
            "Forløbet kan ikke starte efter den planlagte slutdato (%(end)s)."
        ) % {"end": f"{placement.planned_end:%d.%m.%Y}"}
    if placement.workplace_id and placement.workplace.company_id != placement.company_id:
        errors["workplace"] = _("Arbejdsstedet hører til en anden virksomhed.")
    if placement.mentor_id and placement.mentor.company_id != placement.company_id:
        errors["mentor"] = _("Mentoren er ikke kontaktperson i virksomheden.")
    if placement.job_opening_id and placement.job_opening.company_id != placement.company_id:
        errors["job_opening"] = _("Jobåbningen hører til en anden virksomhed.")
    if placement.agreement_id and placement.agreement.company_id != placement.company_id:
        errors["agreement"] = _("Aftalen er indgået med en anden virksomhed.")
    if (
        placement.centre_contract_id
        and placement.centre_contract.company_id != placement.company_id
    ):
        errors["centre_contract"] = _("Virksomhedscentret hører til en anden virksomhed.")
    if placement.job_package_id and placement.job_package.company_id != placement.company_id:
        errors["job_package"] = _("Jobpakken hører til en anden virksomhed.")
    max_weeks = placement.placement_type.max_weeks
    if max_weeks and placement.end and (placement.end - placement.start).days > max_weeks * 7:
        errors["planned_end"] = _("En %(type)s varer højst %(weeks)s uger.") % {
            "type": placement.placement_type.name.lower(),
            "weeks": max_weeks,
        }
    if errors:
        raise ValidationError(errors)


def _overlapping(placement: Placement) -> Placement | None:
    """The exclusive placement that stands in the way, to name it in the message."""
    end = placement.end or date.max
    for other in (
        Placement.objects.filter(candidate_id=placement.candidate_id, is_exclusive=True)
        .exclude(pk=placement.pk)
        .exclude(status=PlacementStatus.INTERRUPTED)
        .select_related("placement_type", "company")
    ):
        if other.start <= end and (other.end is None or other.end >= placement.start):
            return other
    return None


def _save(
    placement: Placement, actor: User | None, changed: frozenset[str] = frozenset()
) -> Placement:
    placement.is_exclusive = placement.placement_type.is_exclusive
    _check(placement, changed)
    placement.full_clean(exclude=["tenant", "period"], validate_constraints=False)
    try:
        with transaction.atomic(), history.changed_by(actor):
            placement.save()
    except IntegrityError as error:
        if "placement_no_overlapping_exclusive" in str(error):
            raise OverlappingPlacement(_overlapping(placement)) from None
        raise
    placement.refresh_from_db(fields=["period"])
    return placement


@transaction.atomic
def placement_create(*, actor: User | None, **fields: Any) -> Placement:
    unknown = set(fields) - PLACEMENT_FIELDS
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    placement = Placement(created_by=actor, **fields)
    if placement.actual_start and placement.actual_start <= timezone.localdate():
        placement.status = PlacementStatus.ACTIVE
    _save(placement, actor, frozenset(fields))
    _plan_followups(placement)
    return placement


@transaction.atomic
def placement_update(*, actor: User | None, placement: Placement, **fields: Any) -> Placement:
    """Change a placement; moved dates move its open follow-ups."""
    unknown = set(fields) - PLACEMENT_FIELDS
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    if not placement.is_open:
        raise ValidationError(_("Forløbet er afsluttet og kan ikke ændres."))
    for name, value in fields.items():
        setattr(placement, name, value)
    _save(placement, actor, frozenset(fields))
    _plan_followups(placement)
    return placement


@transaction.atomic
def placement_start(
    *, actor: User | None, placement: Placement, started_on: date | None = None
) -> Placement:
    if placement.status != PlacementStatus.PLANNED:
        raise ValidationError(_("Kun et planlagt forløb kan startes."))
    started_on = started_on or timezone.localdate()
    if started_on > timezone.localdate():
        raise ValidationError(
            {
                "actual_start": _(
                    "Et forløb kan ikke registreres som startet i fremtiden. Registrér starten "
                    "på den første dag, eller ret den planlagte start."
                )
            }
        )
    placement.actual_start = started_on
    placement.status = PlacementStatus.ACTIVE
    _save(placement, actor, frozenset({"actual_start"}))
    _plan_followups(placement)
    return placement


@transaction.atomic
def placement_end(
    *,
    actor: User | None,
    placement: Placement,
    ended_on: date,
    outcome: str,
    interrupted: bool = False,
    reason: str = "",
    outcome_note: str = "",
) -> Placement:
    """Complete the placement, or interrupt it (with a reason). Follow-ups that no longer apply
    are cancelled; the end follow-up and the ones after the end move to the real end."""
    if not placement.is_open:
        raise ValidationError(_("Forløbet er allerede afsluttet."))
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Vælg resultatet.")})
    if interrupted and not reason.strip():
        raise ValidationError({"interruption_reason": _("Skriv, hvorfor forløbet blev afbrudt.")})
    if ended_on > timezone.localdate():
        raise ValidationError({"actual_end": _("Et forløb kan ikke afsluttes i fremtiden.")})
    placement.actual_start = placement.actual_start or placement.planned_start
    placement.actual_end = ended_on
    placement.status = PlacementStatus.INTERRUPTED if interrupted else PlacementStatus.COMPLETED
    placement.interruption_reason = reason.strip() if interrupted else ""
    placement.outcome = outcome
    placement.outcome_note = outcome_note.strip()
    _save(placement, actor)
    _plan_followups(placement)
    return placement


# --- Follow-ups ----------------------------------------------------------------------------


def due_date(
    placement: Placement, anchor: str, offset_days: int, *, as_planned: bool = False
) -> date | None:
    """When a cadence step falls for this placement; None while the date it needs is unknown
    (an open-ended placement has no midway and no end yet). `as_planned`: by the planned end,
    not the real one."""
    start = placement.start
    end = placement.planned_end if as_planned else placement.end
    if anchor == Anchor.START:
        return start + timedelta(days=offset_days)
    if end is None:
        return None
    if anchor == Anchor.MIDWAY:
        return start + timedelta(days=(end - start).days // 2 + offset_days)
    return end + timedelta(days=offset_days)


def _due_after_the_end(placement: Placement, step: CadenceStep) -> date | None:
    """Once a placement has ended: what comes after the end moves to the real end; what was
    to happen before the planned end keeps its date if that lies before the real end, and no
    longer applies (None) if it lies after (the placement ended early)."""
    if step.anchor == Anchor.END and step.offset_days >= 0:
        return due_date(placement, step.anchor, step.offset_days)
    due = due_date(placement, step.anchor, step.offset_days, as_planned=True)
    if due is None or due > placement.actual_end:  # type: ignore[operator]
        return None
    return due


def _plan_followups(placement: Placement) -> None:
    """Bring the cadence follow-ups in line with the placement's dates: create the missing,
    move the open ones, cancel what no longer applies. Done and hand-made ones stay."""
    steps = list(CadenceStep.objects.filter(placement_type_id=placement.placement_type_id))
    existing = {f.kind: f for f in FollowUp.objects.filter(placement=placement).exclude(kind="")}
    ended = placement.status in (PlacementStatus.COMPLETED, PlacementStatus.INTERRUPTED)
    for step in steps:
        if ended:
            due = _due_after_the_end(placement, step)
        else:
            due = due_date(placement, step.anchor, step.offset_days)
        followup = existing.pop(step.kind, None)
        if followup is None:
            if due is not None:
                FollowUp.objects.create(
                    placement=placement,
                    kind=step.kind,
                    label=step.label,
                    anchor=step.anchor,
                    offset_days=step.offset_days,
                    due_on=due,
                    owner_id=placement.consultant_id,
                    channel=step.channel,
                )
            continue
        if followup.status != FollowUpStatus.DUE or followup.anchor == "":
            continue  # done, cancelled, or moved by hand
        if due is None:
            followup.status = FollowUpStatus.CANCELLED
            followup.save(update_fields=["status", "updated_at"])
        elif followup.due_on != due:
            followup.due_on = due
            followup.save(update_fields=["due_on", "updated_at"])
    ended_early = ended and (
        placement.planned_end is None or placement.actual_end < placement.planned_end  # type: ignore[operator]
    )
    if (
        ended_early
        and not FollowUp.objects.filter(placement=placement, anchor=Anchor.END, offset_days=0)
        .exclude(status=FollowUpStatus.CANCELLED)
        .exists()
    ):
        # A placement that ends early always gets a follow-up at its end.
        FollowUp.objects.create(
            placement=placement,
            kind="end",
            label=_("Opfølgning efter afbrudt forløb"),
            anchor=Anchor.END,
            offset_days=0,
            due_on=placement.actual_end,
            owner_id=placement.consultant_id,
            channel=Channel.PHONE,
        )


@transaction.atomic
def followup_add(
    *,
    actor: User | None,
    placement: Placement,
    label: str,
    due_on: date,
    owner: User | None = None,
    channel: str = Channel.PHONE,
) -> FollowUp:
    followup = FollowUp(
        placement=placement,
        label=label.strip(),
        due_on=due_on,
        owner=owner or placement.consultant,
        channel=channel,
    )
    followup.full_clean(exclude=["tenant"])
    with history.changed_by(actor):
        followup.save()
    return followup


@transaction.atomic
def followup_complete(
    *, actor: User | None, followup: FollowUp, notes: str = "", done_on: date | None = None
) -> FollowUp:
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    if followup.status == FollowUpStatus.CANCELLED:
        raise ValidationError(
            _("Opfølgningen er aflyst og kan ikke markeres som udført."), code="cancelled"
        )
    if followup.status == FollowUpStatus.DONE:
        raise ValidationError(_("Opfølgningen er allerede udført."), code="done")
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("Datoen ligger i fremtiden.")})
    followup.status = FollowUpStatus.DONE
    followup.done_on = done_on
    if notes.strip():
        followup.notes = (followup.notes + "\n" + notes.strip()).strip()
    with history.changed_by(actor):
        followup.save(update_fields=["status", "done_on", "notes", "updated_at"])
    return followup


@transaction.atomic
def followup_note_add(*, actor: User | None, followup: FollowUp, notes: str) -> FollowUp:
    """A note on a follow-up that is done ("Min dag" asks for it once one is ticked off)."""
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    if followup.status != FollowUpStatus.DONE:
        raise ValidationError(_("Kun en udført opfølgning kan få en note her."), code="not_done")
    if not notes.strip():
        raise ValidationError({"notes": _("Skriv noten.")})
    followup.notes = (followup.notes + "\n" + notes.strip()).strip()
    with history.changed_by(actor):
        followup.save(update_fields=["notes", "updated_at"])
    return followup


@transaction.atomic
def followup_reschedule(
    *,
    actor: User | None,
    followup: FollowUp,
    due_on: date | None = None,
    owner: User | None = None,
) -> FollowUp:
    if followup.status != FollowUpStatus.DUE:
        raise ValidationError(_("Kun en opfølgning, der skal gøres, kan flyttes."))
    if due_on is not None:
        followup.due_on = due_on
        # Moved by hand: it no longer follows the placement's dates.
        followup.anchor, followup.offset_days = "", None
    if owner is not None:
        followup.owner = owner
    with history.changed_by(actor):
        followup.save()
    return followup


@transaction.atomic
def followup_cancel(*, actor: User | None, followup: FollowUp) -> FollowUp:
    if followup.status != FollowUpStatus.DUE:
        raise ValidationError(_("Kun en opfølgning, der skal gøres, kan aflyses."))
    followup.status = FollowUpStatus.CANCELLED
    with history.changed_by(actor):
        followup.save(update_fields=["status", "updated_at"])
    return followup


@transaction.atomic
def cadence_step_save(
    *,
    actor: User | None,
    step: CadenceStep,
    label: str,
    anchor: str,
    offset_days: int,
    channel: str,
) -> CadenceStep:
    """Add or change a follow-up a type promises. Placements made from now on follow it; the
    open follow-ups of existing placements move when their dates next change."""
    from django.utils.text import slugify

    step.label, step.anchor, step.offset_days, step.channel = (
        label.strip(),
        anchor,
        offset_days,
        channel,
    )
    if not step.kind:
        base = slugify(step.label)[:30] or "step"
        kind, n = base, 1
        while CadenceStep.objects.filter(
            placement_type_id=step.placement_type_id, kind=kind
        ).exists():
            n += 1
            kind = f"{base}-{n}"
        step.kind = kind
    step.full_clean(exclude=["tenant"], validate_unique=False)
    step.save()
    return step


@transaction.atomic
def cadence_step_delete(*, actor: User | None, step: CadenceStep) -> None:
    """Stop promising this follow-up on new placements; planned ones stay as they are."""
    step.delete()
