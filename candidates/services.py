"""Writes for candidates. HTML views, the API, tasks and commands all call these; each writes
its history rows with the actor (accounts.history.changed_by)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access_log, history
from accounts.models import Membership, User
from accounts.tenancy import current_tenant_id
from candidates import cpr as cpr_numbers
from candidates.access import works_with
from candidates.models import (
    Assessment,
    AssessmentScheme,
    Candidate,
    CandidateOccupation,
    CandidateStatus,
    Consent,
    ConsentCategory,
    Occupation,
    SensitiveNote,
    StaircaseMove,
    StaircasePlan,
    StaircaseStep,
    StaircaseSubGoal,
    SubGoalStatus,
    TargetGroup,
)
from companies.models import Company

CANDIDATE_FIELDS = {
    "first_name",
    "last_name",
    "email",
    "phone",
    "address",
    "postcode",
    "city",
    "case_reference",
    "consultant",
    "team",
    "target_group",
    "education",
    "danish_level",
    "driving_licences",
    "hours_per_week",
    "max_travel_km",
    "languages",
    "competences",
    "profile_text",
}


class DuplicateCpr(ValidationError):
    """The CPR number belongs to a candidate already; `existing` is that candidate. The
    message names the candidate, never the number."""

    def __init__(self, existing: Candidate) -> None:
        self.existing = existing
        super().__init__(
            {
                "cpr": ValidationError(
                    _("CPR-nummeret er allerede registreret på %(name)s."),
                    code="duplicate_cpr",
                    params={"name": existing.full_name},
                )
            }
        )


def _apply(instance: Any, fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(instance, name, value)


def _clean_list(values: Any) -> list[str]:
    seen: list[str] = []
    for value in values or []:
        text = str(value).strip()
        if text and text not in seen:
            seen.append(text)
    return seen


def _set_cpr(candidate: Candidate, value: str | None) -> None:
    """Validate, encrypt and index a CPR number typed by a person; "" removes it."""
    if value is None:
        return
    tenant_id = candidate.tenant_id or current_tenant_id()
    if not value.strip():
        candidate.cpr_ciphertext, candidate.cpr_digest = "", ""
        return
    try:
        digits = cpr_numbers.normalise(value)
    except ValidationError as error:
        raise ValidationError({"cpr": error.messages}) from None
    digest = cpr_numbers.digest(digits, tenant_id=tenant_id)
    existing = Candidate.objects.filter(cpr_digest=digest).exclude(pk=candidate.pk).first()
    if existing is not None:
        raise DuplicateCpr(existing)
    candidate.cpr_ciphertext = cpr_numbers.encrypt(digits, tenant_id=tenant_id)
    candidate.cpr_digest = digest


def _save(candidate: Candidate) -> Candidate:
    candidate.first_name = candidate.first_name.strip()
    candidate.last_name = candidate.last_name.strip()
    candidate.languages = _clean_list(candidate.languages)
    candidate.competences = _clean_list(candidate.competences)
    candidate.driving_licences = _clean_list(candidate.driving_licences)
    if candidate.team_id and candidate.team.tenant_id != current_tenant_id():
        raise ValidationError({"team": _("Teamet hører til et andet jobcenter.")})
    candidate.full_clean(exclude=["tenant", "latest_assessment"], validate_unique=False)
    candidate.save()
    return candidate


def _save_guarded(candidate: Candidate, actor: User | None) -> Candidate:
    """Save, turning a race with another request for the same CPR number into DuplicateCpr."""
    try:
        with transaction.atomic(), history.changed_by(actor):
            return _save(candidate)
    except IntegrityError as error:
        if "candidate_cpr_unique_per_jobcenter" not in str(error):
            raise
        existing = Candidate.objects.filter(cpr_digest=candidate.cpr_digest).first()
        if existing is None:
            raise
        raise DuplicateCpr(existing) from None


def _refuse_anonymised(candidate: Candidate) -> dict[str, Any]:
    """Lock the row and refuse a change to an anonymised candidate. The instance may have been
    read before the nightly retention anonymised the row, and saving it would write the old
    personal data back; the lock also makes retention skip the row while it is being changed.
    Returns who the stored row says works with the candidate (the instance may already hold a
    form's new values)."""
    stored = (
        Candidate.objects.select_for_update()
        .filter(pk=candidate.pk)
        .values("anonymised_at", "consultant_id", "team_id")
        .first()
    ) or {"anonymised_at": None, "consultant_id": None, "team_id": None}
    if candidate.is_anonymised or stored["anonymised_at"] is not None:
        raise ValidationError(_("Kandidaten er anonymiseret og kan ikke ændres."))
    return stored


# Who works with a candidate (candidates.access): changing them changes who may read the
# sensitive notes and the full CPR number.
ASSIGNMENT_FIELDS = ("consultant", "team")


def may_reassign(*, actor: User | None, candidate: Candidate) -> bool:
    """Whether `actor` may change the candidate's responsible consultant or team: only someone
    who works with the candidate already, or a role that sees every candidate's sensitive part
    (candidates.sensitive). Otherwise anyone could make themselves the consultant and read
    what the rule keeps from them. `actor=None` is the system (demo data, tasks)."""
    if actor is None:
        return True
    membership = Membership.objects.filter(user=actor, is_active=True).first()
    return membership is not None and works_with(membership, candidate)


def _check_reassignment(
    *, actor: User | None, candidate: Candidate, stored: dict[str, Any]
) -> list[str]:
    """The assignment fields the instance about to be saved moves away from the stored row
    (however they were set: the service's arguments, or a form bound to the instance);
    PermissionDenied when the actor may not move them."""
    moved = [
        name
        for name in ASSIGNMENT_FIELDS
        if getattr(candidate, f"{name}_id") != stored[f"{name}_id"]
    ]
    as_stored = Candidate(consultant_id=stored["consultant_id"], team_id=stored["team_id"])
    if moved and not may_reassign(actor=actor, candidate=as_stored):
        raise PermissionDenied(
            _(
                "Kun kandidatens ansvarlige konsulent, kandidatens team og ledere kan skifte "
                "ansvarlig konsulent eller team."
            )
        )
    return moved


@transaction.atomic
def candidate_create(*, actor: User | None, cpr: str = "", **fields: Any) -> Candidate:
    candidate = Candidate()
    _apply(candidate, fields, CANDIDATE_FIELDS)
    _set_cpr(candidate, cpr)
    return _save_guarded(candidate, actor)


@transaction.atomic
def candidate_update(
    *, actor: User | None, candidate: Candidate, cpr: str | None = None, **fields: Any
) -> Candidate:
    """Change a candidate; `cpr=None` leaves the CPR number alone, "" removes it. A new
    responsible consultant or team (`may_reassign`) is written to the write history, as every
    change is, and to the access log."""
    stored = _refuse_anonymised(candidate)
    _apply(candidate, fields, CANDIDATE_FIELDS)
    moved = _check_reassignment(actor=actor, candidate=candidate, stored=stored)
    _set_cpr(candidate, cpr)
    candidate = _save_guarded(candidate, actor)
    if moved:
        access_log.record(user=actor, action="reassign", obj=candidate)
    return candidate


@transaction.atomic
def candidate_set_status(
    *,
    actor: User | None,
    candidate: Candidate,
    status: str,
    closed_on: date | None = None,
    reason: str = "",
) -> Candidate:
    """Active, paused, or closed with a date and a reason (the retention clock starts then)."""
    _refuse_anonymised(candidate)
    if status not in CandidateStatus.values:
        raise ValidationError({"status": _("Ukendt status.")})
    if status == CandidateStatus.CLOSED:
        closed_on = closed_on or timezone.localdate()
        if closed_on > timezone.localdate():
            raise ValidationError({"closed_on": _("Afslutningsdatoen ligger i fremtiden.")})
        if not reason.strip():
            raise ValidationError({"closed_reason": _("Skriv, hvorfor forløbet afsluttes.")})
        candidate.closed_on, candidate.closed_reason = closed_on, reason.strip()
    else:
        candidate.closed_on, candidate.closed_reason = None, ""
    candidate.status = status
    with history.changed_by(actor):
        # Only the status: anything else set on the instance goes through candidate_update().
        candidate.save(update_fields=["status", "closed_on", "closed_reason", "updated_at"])
    return candidate


def candidate_reveal_cpr(
    *, actor: User, membership: Membership, candidate: Candidate, purpose: str
) -> str:
    """The full CPR number, for a person who works with the candidate and says why; logged."""
    if not candidate.has_cpr:
        raise ValidationError(_("Kandidaten har intet CPR-nummer registreret."))
    if not works_with(membership, candidate):
        raise PermissionDenied
    if not purpose.strip():
        raise ValidationError({"purpose": _("Skriv, hvorfor du skal se hele CPR-nummeret.")})
    access_log.record(user=actor, action="reveal_cpr", obj=candidate, purpose=purpose.strip())
    return cpr_numbers.decrypt(candidate.cpr_ciphertext, tenant_id=candidate.tenant_id)


@transaction.atomic
def candidate_set_occupations(
    *, actor: User | None, candidate: Candidate, wished: list[Occupation], held: list[Occupation]
) -> None:
    CandidateOccupation.objects.filter(candidate=candidate).delete()
    CandidateOccupation.objects.bulk_create(
        [
            CandidateOccupation(candidate=candidate, occupation=o, kind=kind)
            for kind, occupations in (
                (CandidateOccupation.Kind.WISHED, wished),
                (CandidateOccupation.Kind.HELD, held),
            )
            for o in dict.fromkeys(occupations)
        ]
    )


# --- Assessments (never overwritten) ---------------------------------------------------------


@transaction.atomic
def assessment_record(
    *,
    actor: User | None,
    candidate: Candidate,
    scheme: AssessmentScheme,
    value: str,
    assessed_on: date,
    note: str = "",
) -> Assessment:
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("Datoen ligger i fremtiden.")})
    if not scheme.is_valid_on(assessed_on):
        raise ValidationError(
            {
                "scheme": _("%(scheme)s gjaldt ikke den %(day)s.")
                % {"scheme": scheme.name, "day": f"{assessed_on:%d.%m.%Y}"}
            }
        )
    assessment = Assessment(
        candidate=candidate,
        scheme=scheme,
        value=value,
        assessed_on=assessed_on,
        note=note.strip(),
        recorded_by=actor,
    )
    assessment.full_clean(exclude=["tenant"])
    assessment.save()
    latest = candidate.latest_assessment
    if latest is None or (latest.assessed_on, latest.recorded_at) <= (
        assessment.assessed_on,
        assessment.recorded_at,
    ):
        candidate.latest_assessment = assessment
        with history.changed_by(actor):
            candidate.save(update_fields=["latest_assessment", "updated_at"])
    return assessment


# --- Sensitive notes -------------------------------------------------------------------------


@transaction.atomic
def sensitive_note_add(
    *, actor: User, membership: Membership, candidate: Candidate, kind: str, text: str
) -> SensitiveNote:
    if not works_with(membership, candidate):
        raise PermissionDenied
    note = SensitiveNote(candidate=candidate, kind=kind, text=text.strip(), written_by=actor)
    note.full_clean(exclude=["tenant"])
    with history.changed_by(actor):
        note.save()
    return note


# --- Consents --------------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    actor: User | None,
    candidate: Candidate,
    company: Company | None,
    categories: list[str],
    given_on: date,
    note: str = "",
) -> Consent:
    unknown = sorted(set(categories) - set(ConsentCategory.values))
    if unknown:
        raise ValidationError(
            {
                "categories": _("Der findes ingen oplysninger, der hedder %(names)s.")
                % {"names": ", ".join(unknown)}
            }
        )
    if not categories:
        raise ValidationError({"categories": _("Vælg mindst én slags oplysninger.")})
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("Datoen ligger i fremtiden.")})
    if company is not None and company.tenant_id != current_tenant_id():
        raise ValidationError({"company": _("Virksomheden findes ikke.")})
    consent = Consent(
        candidate=candidate,
        company=company,
        categories=list(dict.fromkeys(categories)),
        given_on=given_on,
        note=note.strip(),
        recorded_by=actor,
    )
    consent.full_clean(exclude=["tenant"])
    with history.changed_by(actor):
        consent.save()
    return consent


@transaction.atomic
def consent_withdraw(
    *, actor: User | None, consent: Consent, withdrawn_on: date | None = None
) -> Consent:
    # Lock the row: two withdrawals at once must not both succeed.
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ValidationError(
            _("Samtykket blev allerede trukket tilbage den %(day)s.")
            % {"day": f"{consent.withdrawn_on:%d.%m.%Y}"},
            code="already_withdrawn",
        )
    withdrawn_on = withdrawn_on or timezone.localdate()
    if withdrawn_on < consent.given_on:
        raise ValidationError(
            {"withdrawn_on": _("Et samtykke kan ikke trækkes tilbage, før det er givet.")}
        )
    if withdrawn_on > timezone.localdate():
        raise ValidationError({"withdrawn_on": _("Datoen ligger i fremtiden.")})
    consent.withdrawn_on = withdrawn_on
    consent.withdrawn_by = actor
    with history.changed_by(actor):
        consent.save(update_fields=["withdrawn_on", "withdrawn_by"])
    return consent


# --- The staircase plan ----------------------------------------------------------------------


@transaction.atomic
def staircase_move(
    *,
    actor: User | None,
    candidate: Candidate,
    to_step: StaircaseStep,
    moved_on: date | None = None,
    note: str = "",
) -> StaircasePlan:
    """Start the candidate's plan on a step, or move it to another step; each move is kept."""
    moved_on = moved_on or timezone.localdate()
    if moved_on > timezone.localdate():
        raise ValidationError({"moved_on": _("Datoen ligger i fremtiden.")})
    plan = StaircasePlan.objects.select_for_update().filter(candidate=candidate).first()
    from_step = None
    if plan is None:
        plan = StaircasePlan(candidate=candidate, current_step=to_step, started_on=moved_on)
    else:
        if plan.current_step_id == to_step.pk:
            raise ValidationError({"to_step": _("Kandidaten står allerede på det trin.")})
        from_step = plan.current_step
        plan.current_step = to_step
    plan.save()
    StaircaseMove.objects.create(
        plan=plan,
        from_step=from_step,
        to_step=to_step,
        moved_on=moved_on,
        note=note.strip(),
        moved_by=actor,
    )
    return plan


@transaction.atomic
def sub_goal_add(
    *,
    actor: User | None,
    plan: StaircasePlan,
    text: str,
    step: StaircaseStep | None = None,
    due_on: date | None = None,
) -> StaircaseSubGoal:
    goal = StaircaseSubGoal(
        plan=plan,
        step=step or plan.current_step,
        text=text.strip(),
        due_on=due_on,
        created_by=actor,
    )
    goal.full_clean(exclude=["tenant"])
    goal.save()
    return goal


@transaction.atomic
def sub_goal_set_status(
    *, actor: User | None, goal: StaircaseSubGoal, status: str
) -> StaircaseSubGoal:
    if status not in SubGoalStatus.values:
        raise ValidationError({"status": _("Ukendt status.")})
    goal.status = status
    goal.status_changed_on = timezone.localdate()
    goal.save(update_fields=["status", "status_changed_on"])
    return goal


# --- Catalogues ------------------------------------------------------------------------------

# Seeded the first time a jobcenter uses them; the jobcenter changes them under Indstillinger.
DEFAULT_TARGET_GROUPS = [
    "Dagpengemodtager",
    "Kontanthjælpsmodtager, jobparat",
    "Kontanthjælpsmodtager, aktivitetsparat",
    "Uddannelseshjælpsmodtager",
    "Modtager af selvforsørgelses- og hjemrejseydelse eller overgangsydelse",
    "Sygedagpengemodtager",
    "Person i jobafklaringsforløb",
    "Person i ressourceforløb",
    "Ledighedsydelsesmodtager (visiteret til fleksjob)",
    "Revalidend",
    "Selvforsørgende",
]

DEFAULT_SCHEMES = [
    # (name, values, valid_from, valid_to)
    (
        "Jobparat / aktivitetsparat",
        ["Jobparat", "Aktivitetsparat", "Uddannelsesparat", "Åbenlyst uddannelsesparat"],
        date(2014, 1, 1),
        None,
    ),
    # The older match groups: old records stay readable, new ones use today's scheme.
    (
        "Matchgruppe 1–5",
        ["Match 1", "Match 2", "Match 3", "Match 4", "Match 5"],
        None,
        date(2013, 12, 31),
    ),
]

# Invented (DOMAIN.md section 6): the source has no step names; the jobcenter renames them.
DEFAULT_STEPS = [
    ("Afklaring", "Hvad kan og vil kandidaten? Helbred, kompetencer og ønsker afklares."),
    ("Praktik", "Virksomhedspraktik med mentor og opfølgning."),
    ("Småjob", "Få timer om ugen til almindelig løn."),
    ("Ordinær ansættelse", "Job på almindelige vilkår, evt. med løntilskud først."),
    ("Opfølgning", "Efterværn for kandidaten og virksomheden."),
]


def target_groups_ensure_defaults() -> list[TargetGroup]:
    if not TargetGroup.objects.exists():
        TargetGroup.objects.bulk_create(
            [TargetGroup(name=name, sort_order=i) for i, name in enumerate(DEFAULT_TARGET_GROUPS)]
        )
    return list(TargetGroup.objects.all())


def schemes_ensure_defaults() -> list[AssessmentScheme]:
    if not AssessmentScheme.objects.exists():
        AssessmentScheme.objects.bulk_create(
            [
                AssessmentScheme(
                    name=name, values=values, valid_from=start, valid_to=end, sort_order=i
                )
                for i, (name, values, start, end) in enumerate(DEFAULT_SCHEMES)
            ]
        )
    return list(AssessmentScheme.objects.all())


def steps_ensure_defaults() -> list[StaircaseStep]:
    if not StaircaseStep.objects.exists():
        StaircaseStep.objects.bulk_create(
            [
                StaircaseStep(name=name, description=description, sort_order=i)
                for i, (name, description) in enumerate(DEFAULT_STEPS)
            ]
        )
    return list(StaircaseStep.objects.filter(is_active=True))


def catalogues_ensure_defaults() -> None:
    target_groups_ensure_defaults()
    schemes_ensure_defaults()
    steps_ensure_defaults()


CatalogueEntry = TargetGroup | AssessmentScheme | StaircaseStep


@transaction.atomic
def catalogue_entry_save(*, actor: User | None, entry: CatalogueEntry, **fields: Any) -> Any:
    """Add or change an entry of one of the jobcenter's catalogues (target groups, assessment
    schemes, staircase steps). Entries in use are never deleted; they end (valid_to) or are
    taken out of use, so old records keep their meaning."""
    model = type(entry)
    for name, value in fields.items():
        setattr(entry, name, value.strip() if isinstance(value, str) else value)
    clash = model.objects.filter(name__iexact=entry.name)
    if entry.pk:
        clash = clash.exclude(pk=entry.pk)
    if clash.exists():
        raise ValidationError({"name": _("Navnet findes allerede.")})
    if entry.pk is None:
        last = model.objects.order_by("-sort_order").first()
        entry.sort_order = entry.sort_order or ((last.sort_order + 1) if last else 0)
    entry.full_clean(exclude=["tenant"], validate_unique=False)
    entry.save()
    return entry
