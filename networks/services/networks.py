"""Writes for networks, their kinds and their members."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from companies.models import Company, CompanyStatus, ContactPerson
from networks import parties
from networks.models import MemberRole, Network, NetworkKind, NetworkMember, NetworkStatus
from networks.parties import Party

# The kinds every jobcenter starts with (DOMAIN.md 3.6); each renames, retires and adds its own.
DEFAULT_KINDS = [
    ("local_partnership", "Lokalt partnerskab"),
    ("task_force", "Task Force"),
    ("sponsor_network", "Sponsornetværk"),
    ("dialogue_forum", "Dialogforum"),
    ("erfa_group", "Erfa-gruppe"),
    ("after_work", "Fyraftensnetværk"),
]


def clean_text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def network_kinds_ensure_defaults() -> list[NetworkKind]:
    """The jobcenter's catalogue of kinds, seeded with the defaults the first time."""
    if not NetworkKind.objects.exists():
        NetworkKind.objects.bulk_create(
            [
                NetworkKind(code=code, name=name, sort_order=i)
                for i, (code, name) in enumerate(DEFAULT_KINDS)
            ]
        )
    return list(NetworkKind.objects.filter(is_active=True))


@transaction.atomic
def network_kind_save(
    *, actor: User | None, kind: NetworkKind | None, name: str, is_active: bool = True
) -> NetworkKind:
    """Add a kind of network, or rename or retire one (networks keep a retired kind)."""
    network_kinds_ensure_defaults()
    kind = kind or NetworkKind()
    kind.name = name.strip()
    kind.is_active = is_active
    clash = NetworkKind.objects.filter(name__iexact=kind.name)
    if kind.pk:
        clash = clash.exclude(pk=kind.pk)
    if kind.name and clash.exists():
        raise ValidationError({"name": _("Der findes allerede en netværkstype med det navn.")})
    if not kind.pk:
        kind.sort_order = NetworkKind.objects.count()
    kind.full_clean(exclude=["tenant"], validate_constraints=False)
    kind.save()
    if not kind.code:
        # Own kinds get a code too, so the catalogue has one key per row.
        kind.code = f"{slugify(kind.name)[:30] or 'type'}-{kind.pk}"
        kind.save(update_fields=["code"])
    return kind


NETWORK_FIELDS = {
    "name",
    "kind",
    "purpose",
    "success_criterion",
    "board_co_owned",
    "status",
    "parent",
    "jobcenter_contact",
}


def _require_staff(user: User | None, field: str) -> None:
    if user is not None and not Membership.objects.filter(user=user, is_active=True).exists():
        raise ValidationError(
            {field: _("%(name)s er ikke medarbejder i jobcentret.") % {"name": user.name}}
        )


def _check_network(network: Network, *, kind_changed: bool) -> None:
    errors: dict[str, str] = {}
    if not (network.purpose or "").strip():
        errors["purpose"] = _("Skriv netværkets formål: hvad skal det føre til?")
    if not (network.success_criterion or "").strip():
        errors["success_criterion"] = _(
            "Skriv et succeskriterium: hvordan ved I, at netværket virker? Antal fremmødte "
            "alene er ikke et succeskriterium."
        )
    if network.coordinator.is_empty:
        errors["coordinator"] = _("Vælg en tovholder: en person eller en organisation.")
    if kind_changed and network.kind_id and not network.kind.is_active:
        errors["kind"] = _("Netværkstypen er ikke længere i brug.")
    parent = network.parent
    seen = {network.pk} if network.pk else set()
    while parent is not None:
        if parent.pk in seen:
            errors["parent"] = _("Et netværk kan ikke ligge under sig selv.")
            break
        seen.add(parent.pk)
        parent = parent.parent
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def network_create(
    *,
    actor: User | None,
    name: str,
    kind: NetworkKind,
    purpose: str,
    success_criterion: str,
    coordinator: Party,
    **fields: Any,
) -> Network:
    """A new network. Purpose and success criterion are required (001:L120), and so is a
    tovholder: a person or an organisation, often the jobcenter itself."""
    network = Network(created_by=actor)
    return _save(
        network,
        {
            "name": name,
            "kind": kind,
            "purpose": purpose,
            "success_criterion": success_criterion,
            "coordinator": coordinator,
            **fields,
        },
        new=True,
    )


@transaction.atomic
def network_update(*, actor: User | None, network: Network, **fields: Any) -> Network:
    """Change a network; `coordinator` takes a Party."""
    current = Network.objects.select_for_update().get(pk=network.pk)
    return _save(current, fields, new=False)


def _save(network: Network, fields: dict[str, Any], *, new: bool) -> Network:
    unknown = set(fields) - NETWORK_FIELDS - {"coordinator"}
    if unknown:
        raise TypeError(f"Unknown network fields: {sorted(unknown)}")
    kind_changed = new or ("kind" in fields and fields["kind"] != network.kind)
    for name, value in fields.items():
        if name == "coordinator":
            parties.check_in_jobcenter(value, field="coordinator")
            parties.assign(network, "coordinator", value)
        else:
            setattr(network, name, clean_text(value))
    _require_staff(network.jobcenter_contact, "jobcenter_contact")
    _check_network(network, kind_changed=kind_changed)
    network.full_clean(exclude=["tenant"])
    network.save()
    return network


# --- Members --------------------------------------------------------------------------------


def _current_member(network: Network, **who: Any) -> NetworkMember | None:
    return NetworkMember.objects.filter(network=network, left_on__isnull=True, **who).first()


@transaction.atomic
def member_add(
    *,
    actor: User | None,
    network: Network,
    role: str = MemberRole.CORE,
    organisation: Company | None = None,
    contact: ContactPerson | None = None,
    user: User | None = None,
    joined_on: date | None = None,
    note: str = "",
) -> NetworkMember:
    """Add an organisation (with one of its contact persons, or none) or a staff member."""
    Network.objects.select_for_update().filter(pk=network.pk).first()
    if contact is not None:
        if organisation is not None and contact.company_id != organisation.pk:
            raise ValidationError(
                {
                    "contact": _("%(name)s er ikke kontaktperson hos %(organisation)s.")
                    % {"name": contact.name, "organisation": organisation.name}
                }
            )
        organisation = contact.company
        if not contact.is_active:
            raise ValidationError({"contact": _("Kontaktpersonen er ikke længere aktiv.")})
    if user is not None and organisation is not None:
        raise ValidationError(
            {"user": _("Vælg enten en organisation eller en medarbejder i jobcentret.")}
        )
    if user is None and organisation is None:
        raise ValidationError(
            {"organisation": _("Vælg en organisation, en kontaktperson eller en medarbejder.")}
        )
    _require_staff(user, "user")
    if organisation is not None and organisation.status == CompanyStatus.CEASED:
        raise ValidationError({"organisation": _("%(name)s er ophørt.") % {"name": organisation}})
    if network.status == NetworkStatus.CLOSED:
        raise ValidationError(_("Netværket er afsluttet og får ikke nye medlemmer."))
    existing = _current_member(network, organisation=organisation, contact=contact, user=user)
    if existing is not None:
        raise ValidationError(
            {
                "organisation" if user is None else "user": _("%(name)s er allerede medlem.")
                % {"name": existing.label}
            }
        )
    member = NetworkMember(
        network=network,
        organisation=organisation,
        contact=contact,
        user=user,
        role=role,
        joined_on=joined_on or timezone.localdate(),
        note=note.strip(),
    )
    member.full_clean(exclude=["tenant"])
    member.save()
    return member


@transaction.atomic
def member_update(
    *, actor: User | None, member: NetworkMember, role: str | None = None, note: str | None = None
) -> NetworkMember:
    current = NetworkMember.objects.select_for_update().get(pk=member.pk)
    if role is not None:
        current.role = role
    if note is not None:
        current.note = note.strip()
    current.full_clean(exclude=["tenant"])
    current.save()
    return current


@transaction.atomic
def member_leave(
    *, actor: User | None, member: NetworkMember, left_on: date | None = None
) -> NetworkMember:
    """The member leaves the network (kept for the meetings they were part of)."""
    current = NetworkMember.objects.select_for_update().get(pk=member.pk)
    left_on = left_on or timezone.localdate()
    if current.left_on is not None:
        raise ValidationError(_("%(name)s er allerede udtrådt.") % {"name": current.label})
    if left_on < current.joined_on:
        raise ValidationError(
            {
                "left_on": _("Udtrædelsen kan ikke ligge før indtrædelsen (%(date)s).")
                % {"date": current.joined_on.strftime("%d.%m.%Y")}
            }
        )
    current.left_on = left_on
    current.full_clean(exclude=["tenant"])
    current.save()
    return current
