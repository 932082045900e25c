"""Writes for partnerships: agreements and their commitments, virksomhedscenter contracts and
their seats, jobpakker and their cohorts. Views, the API and tasks call these."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import history
from accounts.models import User
from candidates.models import Candidate, CandidateStatus
from companies.models import Company, CompanyStatus, ContactPerson, Workplace
from partnerships.models import (
    Agreement,
    AgreementParty,
    AgreementSignatory,
    AgreementStatus,
    AgreementType,
    AgreementWorkplace,
    Area,
    CentreContract,
    Commitment,
    JobPackage,
    JobPackageModule,
    JobPackageParticipant,
    JobPackageStage,
    ModuleProgress,
    ParticipantOutcome,
    WaitingListEntry,
    WaitingStatus,
)
from placements import services as placement_services
from placements.models import Placement, PlacementStatus

DEFAULT_AGREEMENT_TYPES = [
    (
        "Partnerskabsaftale",
        "Forpligtende samarbejde med konkrete mål; ikke juridisk bindende.",
        12,
    ),
    ("Samarbejdsaftale", "Generel aftale om samarbejde, evalueres en gang om året.", 12),
    (
        "Rammeaftale om virksomhedspraktik",
        "Faste rammer for praktikpladser hos virksomheden.",
        12,
    ),
]


def agreement_types_ensure_defaults() -> list[AgreementType]:
    if not AgreementType.objects.exists():
        AgreementType.objects.bulk_create(
            [
                AgreementType(name=name, description=text, evaluation_months=months, sort_order=i)
                for i, (name, text, months) in enumerate(DEFAULT_AGREEMENT_TYPES)
            ]
        )
    return list(AgreementType.objects.filter(is_active=True))


# --- Agreements ------------------------------------------------------------------------------

AGREEMENT_FIELDS = {
    "agreement_type",
    "company",
    "title",
    "purpose",
    "contributions",
    "jobcenter_contact",
    "starts_on",
    "ends_on",
    "next_evaluation_on",
}


def _add_months(day: date, months: int) -> date:
    from dateutil.relativedelta import relativedelta

    return day + relativedelta(months=months)


def _check_agreement(agreement: Agreement) -> None:
    errors: dict[str, str] = {}
    if agreement.company_id and agreement.company.status == CompanyStatus.CEASED:
        errors["company"] = _("Virksomheden er ophørt.")
    if agreement.ends_on and agreement.starts_on and agreement.ends_on < agreement.starts_on:
        errors["ends_on"] = _("Slutdatoen ligger før startdatoen.")
    if not (agreement.purpose or "").strip():
        errors["purpose"] = _("Skriv aftalens formål.")
    if errors:
        raise ValidationError(errors)


def _set_links(
    agreement: Agreement,
    workplaces: list[Workplace] | None,
    parties: list[Company] | None,
    signatories: list[ContactPerson] | None,
) -> None:
    if workplaces is not None:
        if any(w.company_id != agreement.company_id for w in workplaces):
            raise ValidationError(
                {"workplaces": _("Et arbejdssted hører til en anden virksomhed.")}
            )
        AgreementWorkplace.objects.filter(agreement=agreement).delete()
        AgreementWorkplace.objects.bulk_create(
            [
                AgreementWorkplace(agreement=agreement, workplace=w)
                for w in dict.fromkeys(workplaces)
            ]
        )
    if parties is not None:
        if any(p.pk == agreement.company_id for p in parties):
            raise ValidationError(
                {"parties": _("Virksomheden selv kan ikke også være tredjepart.")}
            )
        # The parties kept keep their roles; only those taken off or added change.
        chosen = {p.pk: p for p in parties}
        AgreementParty.objects.filter(agreement=agreement).exclude(
            organisation_id__in=chosen
        ).delete()
        kept = set(
            AgreementParty.objects.filter(agreement=agreement).values_list(
                "organisation_id", flat=True
            )
        )
        AgreementParty.objects.bulk_create(
            [
                AgreementParty(agreement=agreement, organisation=p)
                for pk, p in chosen.items()
                if pk not in kept
            ]
        )
    if signatories is not None:
        if any(s.company_id != agreement.company_id for s in signatories):
            raise ValidationError(
                {"signatories": _("En underskriver er ikke kontaktperson i virksomheden.")}
            )
        AgreementSignatory.objects.filter(agreement=agreement).delete()
        AgreementSignatory.objects.bulk_create(
            [AgreementSignatory(agreement=agreement, contact=s) for s in dict.fromkeys(signatories)]
        )


@transaction.atomic
def agreement_create(
    *,
    actor: User | None,
    workplaces: list[Workplace] | None = None,
    parties: list[Company] | None = None,
    signatories: list[ContactPerson] | None = None,
    **fields: Any,
) -> Agreement:
    unknown = set(fields) - AGREEMENT_FIELDS
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    agreement = Agreement(created_by=actor, **fields)
    if agreement.next_evaluation_on is None and agreement.starts_on:
        agreement.next_evaluation_on = _add_months(
            agreement.starts_on, agreement.agreement_type.evaluation_months
        )
    _check_agreement(agreement)
    agreement.full_clean(exclude=["tenant"])
    with history.changed_by(actor):
        agreement.save()
    _set_links(agreement, workplaces, parties, signatories)
    return agreement


@transaction.atomic
def agreement_update(
    *,
    actor: User | None,
    agreement: Agreement,
    workplaces: list[Workplace] | None = None,
    parties: list[Company] | None = None,
    signatories: list[ContactPerson] | None = None,
    **fields: Any,
) -> Agreement:
    unknown = set(fields) - AGREEMENT_FIELDS
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    if agreement.status == AgreementStatus.TERMINATED:
        raise ValidationError(_("Aftalen er opsagt og kan ikke ændres."))
    moved = "company" in fields and fields["company"].pk != agreement.company_id
    if moved and Placement.objects.filter(agreement=agreement).exists():
        raise ValidationError({"company": _("Aftalen har forløb; virksomheden kan ikke skiftes.")})
    for name, value in fields.items():
        setattr(agreement, name, value)
    _check_agreement(agreement)
    agreement.full_clean(exclude=["tenant"])
    with history.changed_by(actor):
        agreement.save()
    _set_links(agreement, workplaces, parties, signatories)
    return agreement


# Where an agreement may go from each status.
TRANSITIONS = {
    AgreementStatus.DRAFT: {AgreementStatus.AWAITING_SIGNATURE, AgreementStatus.TERMINATED},
    AgreementStatus.AWAITING_SIGNATURE: {
        AgreementStatus.DRAFT,
        AgreementStatus.SIGNED,
        AgreementStatus.TERMINATED,
    },
    AgreementStatus.SIGNED: {AgreementStatus.TERMINATED},
    AgreementStatus.TERMINATED: set(),
}


@transaction.atomic
def agreement_set_status(
    *,
    actor: User | None,
    agreement: Agreement,
    status: str,
    reason: str = "",
    signed_on: date | None = None,
    signed_by_company: str = "",
    signed_for_jobcenter_by: str = "",
) -> Agreement:
    """Draft → awaiting signature → signed (who signed for each side, and when; the actor is
    recorded as the one who registered it), or terminated with a reason. A signed agreement is
    "active" and "ended" by its dates."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    current = AgreementStatus(agreement.status)
    if status not in TRANSITIONS[current]:
        raise ValidationError(
            {
                "status": _("En aftale kan ikke gå fra »%(old)s« til »%(new)s«.")
                % {"old": current.label, "new": AgreementStatus(status).label}
            }
        )
    if status == AgreementStatus.SIGNED:
        if not signed_by_company.strip():
            raise ValidationError(
                {"signed_by_company": _("Skriv, hvem der har underskrevet for virksomheden.")}
            )
        signed_on = signed_on or timezone.localdate()
        if signed_on > timezone.localdate():
            raise ValidationError({"signed_on": _("Datoen ligger i fremtiden.")})
        agreement.signed_on = signed_on
        agreement.signed_by_company = signed_by_company.strip()
        agreement.signed_for_jobcenter_by = signed_for_jobcenter_by.strip()
        agreement.signature_registered_by = actor
    if status == AgreementStatus.TERMINATED:
        if not reason.strip():
            raise ValidationError({"reason": _("Skriv, hvorfor aftalen opsiges.")})
        agreement.termination_reason = reason.strip()
        agreement.terminated_on = timezone.localdate()
    agreement.status = status
    with history.changed_by(actor):
        agreement.save()
    return agreement


@transaction.atomic
def agreement_renew(
    *, actor: User | None, agreement: Agreement, starts_on: date, ends_on: date | None
) -> Agreement:
    """A new draft that continues the agreement: same parties (with their roles) and promises,
    new period."""
    if Agreement.objects.filter(predecessor=agreement).exists():
        raise ValidationError(_("Aftalen er allerede fornyet."))
    if agreement.ends_on and starts_on <= agreement.ends_on and agreement.status == "signed":
        raise ValidationError(
            {"starts_on": _("Den nye aftale skal starte efter den gamle slutter.")}
        )
    renewal = agreement_create(
        actor=actor,
        agreement_type=agreement.agreement_type,
        company=agreement.company,
        title=agreement.title,
        purpose=agreement.purpose,
        contributions=agreement.contributions,
        jobcenter_contact=agreement.jobcenter_contact,
        starts_on=starts_on,
        ends_on=ends_on,
        workplaces=[
            link.workplace for link in AgreementWorkplace.objects.filter(agreement=agreement)
        ],
        parties=[party.organisation for party in agreement.parties.all()],
        signatories=[s.contact for s in agreement.signatories.all()],
    )
    renewal.predecessor = agreement
    renewal.save(update_fields=["predecessor"])
    roles = {party.organisation_id: party.role for party in agreement.parties.all()}
    for party in renewal.parties.all():
        if roles.get(party.organisation_id):
            party.role = roles[party.organisation_id]
            party.save(update_fields=["role"])
    Commitment.objects.bulk_create(
        [
            Commitment(
                agreement=renewal,
                area=c.area,
                target=c.target,
                per=c.per,
                purpose=c.purpose,
                note=c.note,
            )
            for c in agreement.commitments.all()
        ]
    )
    if agreement.not_renewed_reason:
        agreement.not_renewed_reason = ""
        agreement.save(update_fields=["not_renewed_reason"])
    return renewal


@transaction.atomic
def agreement_not_renewed(*, actor: User | None, agreement: Agreement, reason: str) -> Agreement:
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv, hvorfor aftalen ikke fornyes.")})
    if Agreement.objects.filter(predecessor=agreement).exists():
        raise ValidationError(_("Aftalen er allerede fornyet."))
    agreement.not_renewed_reason = reason.strip()
    with history.changed_by(actor):
        agreement.save(update_fields=["not_renewed_reason", "updated_at"])
    return agreement


@transaction.atomic
def agreement_evaluated(
    *, actor: User | None, agreement: Agreement, evaluated_on: date | None = None
) -> Agreement:
    """The yearly evaluation was held: the next one is a period later."""
    evaluated_on = evaluated_on or timezone.localdate()
    agreement.next_evaluation_on = _add_months(
        evaluated_on, agreement.agreement_type.evaluation_months
    )
    with history.changed_by(actor):
        agreement.save(update_fields=["next_evaluation_on", "updated_at"])
    return agreement


@transaction.atomic
def agreement_party_roles_set(
    *, actor: User | None, agreement: Agreement, roles: dict[int, str]
) -> int:
    """Each third party's role in the agreement (`roles` by AgreementParty id; ids of other
    agreements' parties are ignored). The agreement's history records who changed them."""
    if agreement.status == AgreementStatus.TERMINATED:
        raise ValidationError(_("Aftalen er opsagt og kan ikke ændres."))
    changed = 0
    for party in AgreementParty.objects.filter(agreement=agreement, pk__in=roles):
        role = roles[party.pk].strip()[:200]
        if party.role != role:
            party.role = role
            party.save(update_fields=["role"])
            changed += 1
    if changed:
        with history.changed_by(actor):
            agreement.save(update_fields=["updated_at"])
    return changed


@transaction.atomic
def commitment_save(
    *,
    actor: User | None,
    commitment: Commitment,
    area: str,
    target: int | None,
    per: str,
    purpose: Any = None,
    note: str = "",
) -> Commitment:
    if not target or target < 1:
        raise ValidationError({"target": _("En forpligtelse skal have et mål på mindst 1.")})
    if area not in Area.values:
        raise ValidationError({"area": _("Vælg et samarbejdsområde.")})
    commitment.area, commitment.target, commitment.per = area, target, per
    commitment.purpose, commitment.note = purpose, note.strip()
    commitment.full_clean(exclude=["tenant"])
    commitment.save()
    return commitment


@transaction.atomic
def commitment_delete(*, actor: User | None, commitment: Commitment) -> None:
    commitment.delete()


# --- Virksomhedscentre -----------------------------------------------------------------------

CENTRE_FIELDS = {
    "company",
    "workplace",
    "name",
    "seats",
    "work_areas",
    "mentor_hours_per_week",
    "payment_per_seat_month",
    "starts_on",
    "ends_on",
    "agreement",
}


@transaction.atomic
def centre_save(*, actor: User | None, contract: CentreContract, **fields: Any) -> CentreContract:
    unknown = set(fields) - CENTRE_FIELDS
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(contract, name, value)
    errors = {}
    if contract.ends_on and contract.starts_on and contract.ends_on < contract.starts_on:
        errors["ends_on"] = _("Slutdatoen ligger før startdatoen.")
    if contract.workplace_id and contract.workplace.company_id != contract.company_id:
        errors["workplace"] = _("Arbejdsstedet hører til en anden virksomhed.")
    if contract.agreement_id and contract.agreement.company_id != contract.company_id:
        errors["agreement"] = _("Aftalen er indgået med en anden virksomhed.")
    if contract.pk and contract.seats is not None:
        taken = seats_taken(contract)
        if contract.seats < taken:
            errors["seats"] = _("%(taken)s pladser er besat; færre kan kontrakten ikke have.") % {
                "taken": taken
            }
    if errors:
        raise ValidationError(errors)
    contract.full_clean(exclude=["tenant"])
    with history.changed_by(actor):
        contract.save()
    return contract


def seats_taken(contract: CentreContract, on: date | None = None) -> int:
    """Seats held today: open placements of the contract whose period holds the day, and the
    planned ones about to start (a seat promised is a seat taken)."""
    on = on or timezone.localdate()
    return (
        Placement.objects.filter(
            centre_contract=contract,
            status__in=[PlacementStatus.PLANNED, PlacementStatus.ACTIVE],
        )
        .filter(Q(actual_end__isnull=True) | Q(actual_end__gte=on))
        .filter(Q(planned_end__isnull=True) | Q(planned_end__gte=on))
        .count()
    )


@transaction.atomic
def waiting_list_add(
    *, actor: User | None, contract: CentreContract, candidate: Candidate, note: str = ""
) -> WaitingListEntry:
    if candidate.status == CandidateStatus.CLOSED or candidate.is_anonymised:
        raise ValidationError({"candidate": _("Kandidaten er afsluttet.")})
    if WaitingListEntry.objects.filter(
        contract=contract, candidate=candidate, status=WaitingStatus.WAITING
    ).exists():
        raise ValidationError({"candidate": _("Kandidaten står allerede på ventelisten.")})
    return WaitingListEntry.objects.create(
        contract=contract, candidate=candidate, added_by=actor, note=note.strip()
    )


@transaction.atomic
def waiting_list_withdraw(*, actor: User | None, entry: WaitingListEntry) -> WaitingListEntry:
    if entry.status != WaitingStatus.WAITING:
        raise ValidationError(_("Kandidaten står ikke længere på ventelisten."))
    entry.status = WaitingStatus.WITHDRAWN
    entry.save(update_fields=["status"])
    return entry


class CentreFull(ValidationError):
    def __init__(self, contract: CentreContract) -> None:
        super().__init__(
            ngettext(
                "%(name)s er fuldt: den ene plads er besat.",
                "%(name)s er fuldt: alle %(seats)s pladser er besat.",
                contract.seats,
            )
            % {"name": contract.name, "seats": contract.seats},
            code="centre_full",
        )


@transaction.atomic
def seat_assign(
    *,
    actor: User,
    contract: CentreContract,
    candidate: Candidate,
    placement_type: Any,
    planned_start: date,
    planned_end: date | None,
    consultant: User,
    hours_per_week: Any = None,
) -> Placement:
    """Give the candidate a seat: a placement linked to the contract. The contract's row is
    locked while the seats are counted, so two assignments at the same moment cannot both take
    the last seat."""
    contract = CentreContract.objects.select_for_update().get(pk=contract.pk)
    if contract.ends_on and planned_start > contract.ends_on:
        raise ValidationError({"planned_start": _("Kontrakten er udløbet på startdatoen.")})
    if seats_taken(contract) >= contract.seats:
        raise CentreFull(contract)
    placement = placement_services.placement_create(
        actor=actor,
        candidate=candidate,
        company=contract.company,
        workplace=contract.workplace,
        placement_type=placement_type,
        planned_start=planned_start,
        planned_end=planned_end,
        hours_per_week=hours_per_week,
        consultant=consultant,
        centre_contract=contract,
        agreement=contract.agreement,
    )
    WaitingListEntry.objects.filter(
        contract=contract, candidate=candidate, status=WaitingStatus.WAITING
    ).update(status=WaitingStatus.SEATED)
    return placement


# --- Jobpakker -------------------------------------------------------------------------------

PACKAGE_FIELDS = {"company", "job_opening", "title", "competence_profile", "positions", "stage"}


@transaction.atomic
def job_package_save(*, actor: User | None, package: JobPackage, **fields: Any) -> JobPackage:
    unknown = set(fields) - PACKAGE_FIELDS
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(package, name, value)
    if package.job_opening_id and package.job_opening.company_id != package.company_id:
        raise ValidationError({"job_opening": _("Jobåbningen hører til en anden virksomhed.")})
    if package.company_id and package.company.status == CompanyStatus.CEASED and package.pk is None:
        raise ValidationError({"company": _("Virksomheden er ophørt.")})
    package.full_clean(exclude=["tenant"])
    package.save()
    return package


@transaction.atomic
def module_add(
    *,
    actor: User | None,
    package: JobPackage,
    kind: str,
    title: str,
    duration_days: int,
    amu_number: str = "",
) -> JobPackageModule:
    last = package.modules.order_by("-position").first()
    module = JobPackageModule(
        package=package,
        position=(last.position + 1) if last else 1,
        kind=kind,
        title=title.strip(),
        duration_days=duration_days,
        amu_number=amu_number.strip(),
    )
    module.full_clean(exclude=["tenant"])
    module.save()
    return module


@transaction.atomic
def participant_enrol(
    *,
    actor: User | None,
    package: JobPackage,
    candidate: Candidate,
    enrolled_on: date | None = None,
) -> JobPackageParticipant:
    if candidate.status == CandidateStatus.CLOSED or candidate.is_anonymised:
        raise ValidationError({"candidate": _("Kandidaten er afsluttet.")})
    if JobPackageParticipant.objects.filter(package=package, candidate=candidate).exists():
        raise ValidationError({"candidate": _("Kandidaten er allerede med i jobpakken.")})
    return JobPackageParticipant.objects.create(
        package=package, candidate=candidate, enrolled_on=enrolled_on or timezone.localdate()
    )


@transaction.atomic
def module_completed(
    *,
    actor: User | None,
    participant: JobPackageParticipant,
    module: JobPackageModule,
    completed_on: date | None = None,
) -> ModuleProgress:
    if module.package_id != participant.package_id:
        raise ValidationError(_("Modulet hører til en anden jobpakke."))
    progress, _created = ModuleProgress.objects.get_or_create(
        participant=participant,
        module=module,
        defaults={"completed_on": completed_on or timezone.localdate()},
    )
    return progress


@transaction.atomic
def participant_outcome(
    *, actor: User | None, participant: JobPackageParticipant, outcome: str, reason: str = ""
) -> JobPackageParticipant:
    if outcome not in ParticipantOutcome.values:
        raise ValidationError({"outcome": _("Ukendt resultat.")})
    if (
        outcome in (ParticipantOutcome.NOT_HIRED, ParticipantOutcome.DROPPED_OUT)
        and not reason.strip()
    ):
        raise ValidationError({"reason": _("Skriv årsagen.")})
    participant.outcome, participant.outcome_reason = outcome, reason.strip()
    participant.save(update_fields=["outcome", "outcome_reason"])
    return participant


@transaction.atomic
def job_package_copy(
    *, actor: User | None, package: JobPackage, company: Company, title: str = ""
) -> JobPackage:
    """The package as a template for another company: its profile and modules, no cohort."""
    copied = job_package_save(
        actor=actor,
        package=JobPackage(copied_from=package),
        company=company,
        title=title.strip() or package.title,
        competence_profile=package.competence_profile,
        positions=package.positions,
        stage=JobPackageStage.DRAFT,
    )
    JobPackageModule.objects.bulk_create(
        [
            JobPackageModule(
                package=copied,
                position=m.position,
                kind=m.kind,
                title=m.title,
                amu_number=m.amu_number,
                duration_days=m.duration_days,
            )
            for m in package.modules.all()
        ]
    )
    return copied


@transaction.atomic
def agreement_type_save(
    *, actor: User | None, agreement_type: AgreementType, **fields: Any
) -> AgreementType:
    """Add, rename or retire an agreement type; agreements of a retired type keep it."""
    for name, value in fields.items():
        setattr(agreement_type, name, value.strip() if isinstance(value, str) else value)
    clash = AgreementType.objects.filter(name__iexact=agreement_type.name)
    if agreement_type.pk:
        clash = clash.exclude(pk=agreement_type.pk)
    if clash.exists():
        raise ValidationError({"name": _("Navnet findes allerede.")})
    if agreement_type.pk is None:
        last = AgreementType.objects.order_by("-sort_order").first()
        agreement_type.sort_order = (last.sort_order + 1) if last else 0
    agreement_type.full_clean(exclude=["tenant"], validate_unique=False)
    agreement_type.save()
    return agreement_type
