"""Writes the REST API and the placement form need beyond partnerships/services.py.

A placement linked to a virksomhedscenter takes a seat: whichever path creates it (the seat
assignment from the waiting list, the placement form, the placements API), the contract's row
is locked while its seats are counted, so two requests at the same moment cannot both take the
last seat (the same lock as services.seat_assign)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from partnerships.models import CentreContract, WaitingListEntry, WaitingStatus
from partnerships.services import CentreFull, seats_taken
from placements import services as placement_services
from placements.models import Placement


def _take_seat(contract: CentreContract, company_id: Any, planned_start: Any) -> CentreContract:
    """Lock the contract's row and refuse when it has no free seat (or has ended on the start
    day). A contract of another company is left to the placement's own check, which names it."""
    locked = CentreContract.objects.select_for_update().get(pk=contract.pk)
    if locked.company_id != company_id:
        return locked
    if locked.ends_on and planned_start and planned_start > locked.ends_on:
        raise ValidationError(
            {"centre_contract": _("Virksomhedscentrets kontrakt er udløbet på startdatoen.")}
        )
    if seats_taken(locked) >= locked.seats:
        raise ValidationError({"centre_contract": CentreFull(locked).messages})
    return locked


@transaction.atomic
def placement_create_seated(*, actor: User | None, **fields: Any) -> Placement:
    """placements.services.placement_create, with a seat taken under the contract's lock when
    the placement is linked to a virksomhedscenter; the candidate leaves its waiting list."""
    contract = fields.get("centre_contract")
    if contract is None:
        return placement_services.placement_create(actor=actor, **fields)
    company = fields.get("company")
    fields["centre_contract"] = _take_seat(
        contract, getattr(company, "pk", None), fields.get("planned_start")
    )
    placement = placement_services.placement_create(actor=actor, **fields)
    WaitingListEntry.objects.filter(
        contract=fields["centre_contract"],
        candidate=placement.candidate,
        status=WaitingStatus.WAITING,
    ).update(status=WaitingStatus.SEATED)
    return placement


@transaction.atomic
def placement_update_seated(
    *, actor: User | None, placement: Placement, **fields: Any
) -> Placement:
    """placements.services.placement_update; moving a placement into a virksomhedscenter it
    was not in takes a seat there under the contract's lock."""
    contract = fields.get("centre_contract")
    if contract is not None and contract.pk != placement.centre_contract_id:
        company = fields.get("company") or placement.company
        start = fields.get("planned_start") or placement.planned_start
        fields["centre_contract"] = _take_seat(contract, company.pk, start)
    return placement_services.placement_update(actor=actor, placement=placement, **fields)


@transaction.atomic
def centre_links_set(
    *,
    actor: User | None,
    contract: CentreContract,
    target_groups: list[Any] | None = None,
    mentors: list[tuple[Any, Any]] | None = None,
) -> CentreContract:
    """Replace the contract's target groups, and its mentors as (contact person, hours per
    week); a mentor must be a contact person of the contract's company."""
    from partnerships.models import CentreMentor, CentreTargetGroup

    if target_groups is not None:
        CentreTargetGroup.objects.filter(contract=contract).delete()
        CentreTargetGroup.objects.bulk_create(
            [
                CentreTargetGroup(contract=contract, target_group=g)
                for g in dict.fromkeys(target_groups)
            ]
        )
    if mentors is not None:
        if any(contact.company_id != contract.company_id for contact, _hours in mentors):
            raise ValidationError({"mentors": _("En mentor er ikke kontaktperson i virksomheden.")})
        CentreMentor.objects.filter(contract=contract).delete()
        CentreMentor.objects.bulk_create(
            [
                CentreMentor(contract=contract, contact=contact, hours_per_week=hours)
                for contact, hours in dict(mentors).items()
            ]
        )
    return contract
