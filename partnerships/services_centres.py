"""Writes for the virksomhedscenter pages beyond partnerships.services: a contract with its
target groups, mentors and under-use settings in one transaction, and an alert read."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import TargetGroup
from companies.models import ContactPerson
from partnerships import services
from partnerships.models import CentreAlert, CentreContract, CentreMentor, CentreTargetGroup
from placements.models import Notification


@transaction.atomic
def centre_contract_save(
    *,
    actor: User | None,
    contract: CentreContract,
    target_groups: list[TargetGroup],
    mentors: dict[ContactPerson, Decimal],
    underuse_share: int,
    underuse_weeks: int,
    **fields: Any,
) -> CentreContract:
    """Create or change a contract (services.centre_save checks the dates, the workplace, the
    agreement and the seats already taken) with its target groups and its mentors, whose hours
    together must fit in the contract's weekly mentor hours."""
    budget = fields.get("mentor_hours_per_week", contract.mentor_hours_per_week) or Decimal(0)
    company_id = fields["company"].pk if "company" in fields else contract.company_id
    errors: dict[str, Any] = {}
    if any(contact.company_id != company_id for contact in mentors):
        errors["mentors"] = _("En mentor hører til en anden virksomhed.")
    total = sum(mentors.values(), Decimal(0))
    if total > budget:
        errors["mentor_hours_per_week"] = _(
            "Mentorerne har tilsammen %(total)s timer om ugen; kontrakten har kun "
            "%(budget)s mentortimer pr. uge."
        ) % {"total": total, "budget": budget}
    if errors:
        raise ValidationError(errors)
    contract.underuse_share = underuse_share
    contract.underuse_weeks = underuse_weeks
    contract = services.centre_save(actor=actor, contract=contract, **fields)
    wanted = {group.pk for group in target_groups}
    CentreTargetGroup.objects.filter(contract=contract).exclude(target_group_id__in=wanted).delete()
    have = set(
        CentreTargetGroup.objects.filter(contract=contract).values_list(
            "target_group_id", flat=True
        )
    )
    CentreTargetGroup.objects.bulk_create(
        [CentreTargetGroup(contract=contract, target_group_id=pk) for pk in sorted(wanted - have)]
    )
    CentreMentor.objects.filter(contract=contract).exclude(
        contact_id__in=[contact.pk for contact in mentors]
    ).delete()
    for contact, hours in mentors.items():
        CentreMentor.objects.update_or_create(
            contract=contract, contact=contact, defaults={"hours_per_week": hours}
        )
    return contract


def centre_alerts_mark_read(*, user: User, contract: CentreContract) -> int:
    """The manager has opened the contract: its under-use alerts to them are read, on the
    centres list and in the bell."""
    now = timezone.now()
    Notification.objects.filter(
        user=user, centre_alert__contract=contract, read_at__isnull=True
    ).update(read_at=now)
    return CentreAlert.objects.filter(
        recipient=user, contract=contract, read_at__isnull=True
    ).update(read_at=now)
