"""Writes for the company register. HTML views, the API, tasks and commands all call these."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import DomainError
from companies.models import (
    DEFAULT_PURPOSES,
    Activity,
    ActivityContact,
    Company,
    CompanyFollower,
    CompanyStatus,
    ContactPerson,
    ContactPurpose,
    JobOpening,
    JobOpeningTargetGroup,
    KeyAccountHandover,
    OpeningStatus,
    Workplace,
    size_band_for,
)

COMPANY_FIELDS = {
    "cvr",
    "name",
    "legal_form",
    "industry_code",
    "industry_text",
    "employee_count",
    "size_band",
    "sector",
    "kind",
    "address",
    "postcode",
    "city",
    "municipality_code",
    "status",
    "priority",
    "key_account",
    "tags",
    "notes",
}


class DuplicateCvr(ValidationError):
    """The CVR number is registered already; `existing` is that company."""

    def __init__(self, existing: Company) -> None:
        self.existing = existing
        super().__init__(
            {
                "cvr": ValidationError(
                    _("CVR-nummeret %(cvr)s er allerede registreret på %(name)s."),
                    code="duplicate_cvr",
                    params={"cvr": existing.cvr, "name": existing.name},
                )
            }
        )


def _apply(instance: Any, fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(instance, name, value)


def _check_cvr_free(company: Company) -> None:
    if not company.cvr:
        return
    existing = Company.objects.filter(cvr=company.cvr).exclude(pk=company.pk).first()
    if existing is not None:
        raise DuplicateCvr(existing)


def _save_company(company: Company) -> Company:
    company.cvr = (company.cvr or "").replace(" ", "")
    company.name = company.name.strip()
    if company.employee_count is not None and not company.size_band:
        company.size_band = size_band_for(company.employee_count)
    _check_cvr_free(company)
    company.full_clean(exclude=["tenant"], validate_unique=False)
    company.save()
    return company


@transaction.atomic
def company_create(*, actor: User | None, **fields: Any) -> Company:
    company = Company()
    _apply(company, fields, COMPANY_FIELDS)
    return _save_company(company)


@transaction.atomic
def company_update(*, actor: User | None, company: Company, **fields: Any) -> Company:
    _apply(company, fields, COMPANY_FIELDS)
    return _save_company(company)


@transaction.atomic
def company_hand_over(
    *,
    actor: User,
    company: Company,
    to_user: User,
    until: date | None = None,
    note: str = "",
) -> KeyAccountHandover:
    """Hand the key account to a colleague: for good, or (with `until`) as a stand-in, e.g.
    during holidays. One action, logged."""
    if until is not None and until < timezone.localdate():
        raise ValidationError({"until": _("Slutdatoen kan ikke ligge i fortiden.")})
    from_user_id = company.current_contact()
    if until is None:
        company.key_account = to_user
        company.key_account_deputy = None
        company.deputy_until = None
    else:
        if company.key_account_id is None:
            raise DomainError(_("Virksomheden har ingen fast kontaktperson at afløse."))
        company.key_account_deputy = to_user
        company.deputy_until = until
    company.save(update_fields=["key_account", "key_account_deputy", "deputy_until", "updated_at"])
    return KeyAccountHandover.objects.create(
        company=company,
        from_user_id=from_user_id,
        to_user=to_user,
        until=until,
        by=actor,
        note=note[:300],
    )


@transaction.atomic
def company_follow(*, actor: User, company: Company, follow: bool = True) -> None:
    if follow:
        CompanyFollower.objects.get_or_create(company=company, user=actor)
    else:
        CompanyFollower.objects.filter(company=company, user=actor).delete()


WORKPLACE_FIELDS = {"p_number", "name", "address", "postcode", "city", "municipality_code"}


@transaction.atomic
def workplace_create(*, actor: User | None, company: Company, **fields: Any) -> Workplace:
    workplace = Workplace(company=company)
    return workplace_update(actor=actor, workplace=workplace, **fields)


@transaction.atomic
def workplace_update(*, actor: User | None, workplace: Workplace, **fields: Any) -> Workplace:
    _apply(workplace, fields, WORKPLACE_FIELDS)
    workplace.p_number = (workplace.p_number or "").replace(" ", "")
    if workplace.p_number:
        clash = (
            Workplace.objects.filter(p_number=workplace.p_number).exclude(pk=workplace.pk).first()
        )
        if clash is not None:
            raise ValidationError(
                {
                    "p_number": _("P-nummeret er allerede registreret på %(name)s.")
                    % {"name": clash.company.name}
                }
            )
    workplace.full_clean(exclude=["tenant"], validate_unique=False)
    workplace.save()
    return workplace


CONTACT_FIELDS = {"name", "title", "role", "email", "phone", "is_active"}


@transaction.atomic
def contact_create(*, actor: User | None, company: Company, **fields: Any) -> ContactPerson:
    return contact_update(actor=actor, contact=ContactPerson(company=company), **fields)


@transaction.atomic
def contact_update(*, actor: User | None, contact: ContactPerson, **fields: Any) -> ContactPerson:
    _apply(contact, fields, CONTACT_FIELDS)
    contact.full_clean(exclude=["tenant"])
    contact.save()
    return contact


def purposes_ensure_defaults(*, include_inactive: bool = False) -> list[ContactPurpose]:
    """The jobcenter's purpose catalogue, seeded with DOMAIN.md's list the first time."""
    if not ContactPurpose.objects.exists():
        ContactPurpose.objects.bulk_create(
            [ContactPurpose(name=name, sort_order=i) for i, name in enumerate(DEFAULT_PURPOSES)]
        )
    qs = ContactPurpose.objects.all()
    return list(qs if include_inactive else qs.filter(is_active=True))


@transaction.atomic
def purpose_save(
    *, actor: User, purpose: ContactPurpose | None, name: str, is_active: bool = True
) -> ContactPurpose:
    """Add a purpose to the catalogue, or rename or retire one. Retired purposes stay on the
    contacts that used them."""
    purposes_ensure_defaults()  # the first change starts from the default catalogue
    name = name.strip()
    clash = ContactPurpose.objects.filter(name__iexact=name)
    if purpose is not None:
        clash = clash.exclude(pk=purpose.pk)
    if clash.exists():
        raise ValidationError({"name": _("Formålet findes allerede.")})
    if purpose is None:
        last = ContactPurpose.objects.order_by("-sort_order").first()
        purpose = ContactPurpose(sort_order=(last.sort_order + 1) if last else 0)
    purpose.name = name
    purpose.is_active = is_active
    purpose.full_clean(exclude=["tenant"], validate_unique=False)
    purpose.save()
    return purpose


@transaction.atomic
def activity_create(
    *,
    actor: User,
    company: Company,
    type: str,
    purpose: ContactPurpose,
    occurred_at: datetime | None = None,
    consultant: User | None = None,
    contacts: Iterable[ContactPerson] = (),
    purpose_text: str = "",
    summary: str = "",
    outcome: str = "",
    next_step: str = "",
    next_step_due: date | None = None,
    next_step_owner: User | None = None,
    is_planned: bool = False,
) -> Activity:
    """Log a contact. A next step with a due date becomes a task for its owner (by default
    the consultant who logged it)."""
    if next_step_due and not next_step.strip():
        raise ValidationError({"next_step": _("Skriv, hvad næste skridt er.")})
    if next_step.strip() and not next_step_due:
        raise ValidationError({"next_step_due": _("Giv næste skridt en dato.")})
    # A contact on a later day has not taken place; logged as if it had, it would be the
    # company's "latest contact" and count towards the agreements. Which of the two was meant
    # (a typing error, or a planned contact) only the consultant knows.
    if (
        occurred_at is not None
        and not is_planned
        and timezone.localdate(occurred_at) > timezone.localdate()
    ):
        raise ValidationError(
            {
                "occurred_at": _(
                    "Datoen ligger i fremtiden. Ret datoen, eller sæt kryds ved »Planlagt "
                    "kontakt«, hvis kontakten ikke har fundet sted endnu."
                )
            }
        )
    activity = Activity(
        company=company,
        type=type,
        occurred_at=occurred_at or timezone.now(),
        consultant=consultant or actor,
        purpose=purpose,
        purpose_text=purpose_text,
        summary=summary,
        outcome=outcome,
        next_step=next_step.strip(),
        next_step_due=next_step_due,
        next_step_owner=(next_step_owner or consultant or actor) if next_step_due else None,
        is_planned=is_planned,
    )
    activity.full_clean(exclude=["tenant"])
    activity.save()
    contacts = list(contacts)
    foreign = [c for c in contacts if c.company_id != company.pk]
    if foreign:
        raise ValidationError({"contacts": _("Kontaktpersonen hører til en anden virksomhed.")})
    ActivityContact.objects.bulk_create(
        [
            ActivityContact(tenant_id=company.tenant_id, activity=activity, contact=c)
            for c in contacts
        ]
    )
    return activity


@transaction.atomic
def activity_complete_next_step(*, actor: User, activity: Activity) -> Activity:
    if activity.next_step_done_at is None:
        activity.next_step_done_at = timezone.now()
        activity.save(update_fields=["next_step_done_at"])
    return activity


OPENING_FIELDS = {
    "title",
    "occupation",
    "occupation_code",
    "postcode",
    "target_groups",
    "positions",
    "hours_per_week",
    "wished_start",
    "requirements",
    "source",
    "workplace",
    "owner",
}

# Where an opening may go from each status (the funnel moves forward, or closes).
OPENING_TRANSITIONS = {
    OpeningStatus.NEW: {OpeningStatus.HANDED_OVER, OpeningStatus.IN_PROGRESS, OpeningStatus.CLOSED},
    OpeningStatus.HANDED_OVER: {
        OpeningStatus.IN_PROGRESS,
        OpeningStatus.FILLED,
        OpeningStatus.CLOSED,
    },
    OpeningStatus.IN_PROGRESS: {OpeningStatus.FILLED, OpeningStatus.CLOSED},
    OpeningStatus.FILLED: set(),
    OpeningStatus.CLOSED: set(),
}


@transaction.atomic
def job_opening_create(*, actor: User | None, company: Company, **fields: Any) -> JobOpening:
    if company.status == CompanyStatus.CEASED:
        raise ValidationError({"company": _("Virksomheden er ophørt.")})
    opening = JobOpening(company=company, owner=company.key_account)
    return job_opening_update(actor=actor, opening=opening, **fields)


@transaction.atomic
def job_opening_update(*, actor: User | None, opening: JobOpening, **fields: Any) -> JobOpening:
    """Change an opening. `target_groups` (a list of the jobcenter's target groups) replaces
    the groups the opening is meant for; an empty list opens it to all."""
    target_groups = fields.pop("target_groups", None)
    _apply(opening, fields, OPENING_FIELDS)
    if opening.workplace_id and opening.workplace.company_id != opening.company_id:
        raise ValidationError({"workplace": _("Arbejdsstedet hører til en anden virksomhed.")})
    opening.full_clean(exclude=["tenant"])
    opening.save()
    if target_groups is not None:
        if any(group.tenant_id != opening.tenant_id for group in target_groups):
            raise ValidationError({"target_groups": _("Målgruppen findes ikke.")})
        JobOpeningTargetGroup.objects.filter(opening=opening).delete()
        JobOpeningTargetGroup.objects.bulk_create(
            [
                JobOpeningTargetGroup(opening=opening, target_group=group)
                for group in dict.fromkeys(target_groups)
            ]
        )
    return opening


@transaction.atomic
def job_opening_take_up(*, actor: User, opening: JobOpening) -> JobOpening:
    """The actor takes a waiting job opening on: they own it and it is in progress. One
    click on "Tag op"; an opening that is filled or closed cannot be taken up."""
    opening = JobOpening.objects.select_for_update().get(pk=opening.pk)
    if opening.status in (OpeningStatus.FILLED, OpeningStatus.CLOSED):
        raise ValidationError(
            _("Jobåbningen er %(status)s og kan ikke tages op.")
            % {"status": OpeningStatus(opening.status).label.lower()}
        )
    opening.owner = actor
    opening.status = OpeningStatus.IN_PROGRESS
    if opening.taken_up_at is None:
        opening.taken_up_at = timezone.now()
    opening.full_clean(exclude=["tenant"])
    opening.save(update_fields=["owner", "status", "taken_up_at"])
    return opening


@transaction.atomic
def job_opening_set_status(
    *, actor: User | None, opening: JobOpening, status: str, reason: str = ""
) -> JobOpening:
    if status == opening.status:
        return opening
    if status not in OPENING_TRANSITIONS[OpeningStatus(opening.status)]:
        raise ValidationError(
            {
                "status": _("En jobåbning kan ikke gå fra %(old)s til %(new)s.")
                % {
                    "old": OpeningStatus(opening.status).label,
                    "new": OpeningStatus(status).label,
                }
            }
        )
    if status == OpeningStatus.CLOSED and not reason.strip():
        raise ValidationError({"closed_reason": _("Skriv, hvorfor jobåbningen lukkes.")})
    opening.status = status
    opening.closed_reason = reason.strip() if status == OpeningStatus.CLOSED else ""
    if opening.taken_up_at is None and status != OpeningStatus.CLOSED:
        opening.taken_up_at = timezone.now()
    opening.save()
    return opening
